package truce

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// This file holds an agreement's adjudication rules: how violations are
// graded (severity), how a zone's status follows from its violations, and
// how actor names are compared. Agreement files set them (agreement/FORMAT.md,
// "Adjudication rules"); package judge and the zone-status code read them.
// Every zero value means "the documented default", so agreements stored
// before these rules existed, or built by hand, need no migration.

// SeverityRule assigns a severity tier to the violations it matches. An
// agreement's rules are tried in order and the first match wins. A rule
// matches when every condition it sets holds; conditions left empty or zero
// hold for every incident.
type SeverityRule struct {
	ID                string
	Severity          string   // SeverityMinor, SeveritySerious or SeverityGrave
	EventTypes        []string // ACLED event types; empty: any
	SubEventTypes     []string // ACLED sub-event types; empty: any. An incident without a sub-type matches only an empty list
	MinDeaths         int      // Fatalities.Best at least this; 0: no condition
	MinCivilianDeaths int      // Fatalities.Civilians at least this; 0: no condition
}

// Matches reports whether the rule applies to inc.
func (r SeverityRule) Matches(inc *Incident) bool {
	if len(r.EventTypes) > 0 && !containsString(r.EventTypes, inc.EventType) {
		return false
	}
	if len(r.SubEventTypes) > 0 && (inc.SubEventType == "" || !containsString(r.SubEventTypes, inc.SubEventType)) {
		return false
	}
	return inc.Fatalities.Best >= r.MinDeaths && inc.Fatalities.Civilians >= r.MinCivilianDeaths
}

// DefaultSeverity is the tier of a violation no severity rule matches, when
// the agreement sets none.
const DefaultSeverity = SeverityMinor

// SeverityRank orders tiers: 0 for none or an unknown tier, 1 minor, 2
// serious, 3 grave.
func SeverityRank(tier string) int {
	switch tier {
	case SeverityMinor:
		return 1
	case SeveritySerious:
		return 2
	case SeverityGrave:
		return 3
	}
	return 0
}

// PermittedAct is a kind of event the agreement explicitly allows, carved
// out of its prohibited acts: an incident matching one is no violation, with
// this clause cited. Acts against excluded groups need no entry; the
// excluded list covers them.
type PermittedAct struct {
	ID           string
	EventType    string
	SubEventType string // "" for the whole event type
	Clause       string
	Zones        []string // the zones it applies in; empty: every zone
}

// ZoneStatus is the state of a zone over a rolling window.
type ZoneStatus string

// Zone statuses, from best to worst. NoCoverage is not reached by
// thresholds: it says no source watched the zone, so that "holding" is never
// inferred from silence.
const (
	Holding    ZoneStatus = "holding"
	Strained   ZoneStatus = "strained"
	Breached   ZoneStatus = "breached"
	Collapsed  ZoneStatus = "collapsed"
	NoCoverage ZoneStatus = "no-coverage"
	// Ended: the zone no longer exists (taken by force, surrendered,
	// dissolved): never "holding" again.
	Ended ZoneStatus = "ended"
)

// StatusRank orders statuses from best (holding, 1) to worst (collapsed, 4);
// 0 for no-coverage, ended and anything else, which are not grades.
func StatusRank(s ZoneStatus) int {
	switch s {
	case Holding:
		return 1
	case Strained:
		return 2
	case Breached:
		return 3
	case Collapsed:
		return 4
	}
	return 0
}

// Grades are the statuses thresholds reach, best first.
var Grades = []ZoneStatus{Holding, Strained, Breached, Collapsed}

// StatusRules set when a zone's status leaves "holding". Over the last
// WindowDays days (the day judged included), the status is the worst tier
// whose threshold is reached, and Holding when none is.
//
// The zero value, and any zero part of it, means the defaults of
// DefaultStatusRules: the memorandum the bundled agreement encodes sets no
// thresholds, and a reader should not have to invent them.
type StatusRules struct {
	WindowDays int
	Strained   StatusThreshold
	Breached   StatusThreshold
	Collapsed  StatusThreshold
}

// StatusThreshold is reached when any one of its non-zero counts is
// reached (they are alternatives: "5 violations, or 1 grave one"). A zero
// count is no condition; a threshold with none is unset.
type StatusThreshold struct {
	Violations     int // violations in the window
	Serious        int // violations of tier serious or grave
	Grave          int // violations of tier grave
	Deaths         int // best-estimate deaths in violations
	CivilianDeaths int // civilian deaths in violations
}

// WindowCounts are what a zone's violations add up to over a window, the
// input StatusRules grade.
type WindowCounts struct {
	Violations     int `json:"violations"`
	Serious        int `json:"serious"` // tier serious or grave
	Grave          int `json:"grave"`
	Deaths         int `json:"deaths"`
	CivilianDeaths int `json:"civilian_deaths"`
}

// Add counts one violation of the given tier and fatalities.
func (c *WindowCounts) Add(severity string, f Fatalities) {
	c.Violations++
	if SeverityRank(severity) >= SeverityRank(SeveritySerious) {
		c.Serious++
	}
	if severity == SeverityGrave {
		c.Grave++
	}
	c.Deaths += f.Best
	c.CivilianDeaths += f.Civilians
}

// IsZero reports whether the threshold sets no condition.
func (t StatusThreshold) IsZero() bool { return t == StatusThreshold{} }

// Reached reports whether c reaches any of the threshold's counts. An unset
// threshold is never reached.
func (t StatusThreshold) Reached(c WindowCounts) bool {
	hit := func(limit, n int) bool { return limit > 0 && n >= limit }
	return hit(t.Violations, c.Violations) || hit(t.Serious, c.Serious) || hit(t.Grave, c.Grave) ||
		hit(t.Deaths, c.Deaths) || hit(t.CivilianDeaths, c.CivilianDeaths)
}

// DefaultStatusRules are the project's thresholds, used for every part an
// agreement leaves unset: a week's window; strained from the first
// violation; breached at 5 violations or one grave one; collapsed at 20
// violations or 50 deaths.
func DefaultStatusRules() StatusRules {
	return StatusRules{
		WindowDays: 7,
		Strained:   StatusThreshold{Violations: 1},
		Breached:   StatusThreshold{Violations: 5, Grave: 1},
		Collapsed:  StatusThreshold{Violations: 20, Deaths: 50},
	}
}

// WithDefaults returns s with each unset part (window, or a whole tier)
// replaced by DefaultStatusRules'.
func (s StatusRules) WithDefaults() StatusRules {
	d := DefaultStatusRules()
	if s.WindowDays <= 0 {
		s.WindowDays = d.WindowDays
	}
	if s.Strained.IsZero() {
		s.Strained = d.Strained
	}
	if s.Breached.IsZero() {
		s.Breached = d.Breached
	}
	if s.Collapsed.IsZero() {
		s.Collapsed = d.Collapsed
	}
	return s
}

// Status grades a window's counts: the worst tier reached, else Holding.
// Unset parts of s take their defaults.
func (s StatusRules) Status(c WindowCounts) ZoneStatus {
	s = s.WithDefaults()
	switch {
	case s.Collapsed.Reached(c):
		return Collapsed
	case s.Breached.Reached(c):
		return Breached
	case s.Strained.Reached(c):
		return Strained
	}
	return Holding
}

// ActorKey returns the form in which actor names are compared: two names
// with the same key name the same actor. It is tolerant of what varies
// between sources and transliterations, and nothing else:
//   - case, and the diacritics of Latin letters (é, ā, ḥ, ş …);
//   - apostrophes and ayn/hamza marks (' ’ ‘ ʼ ʿ ʾ `), which are dropped;
//   - hyphens and other punctuation, which separate words;
//   - the articles "al", "el", "the" (whole words, "al-" included);
//   - common transliteration variants: doubled letters (Hayyat/Hayat),
//     "ou"/"oo" for "u" (Nour/Nur), "ee" for "i", "ay" for "ai"
//     (Jaysh/Jaish, Faylaq/Failaq), and a final "ah" for "a" (Nusrah/Nusra).
//
// Keys are compared whole, never as substrings: "Tahrir al- Sham Army" is
// not "Tahrir al-Sham". Package agreement refuses files in which two actors
// share a key, so every key names at most one actor.
func ActorKey(name string) string {
	var words []string
	var w strings.Builder
	flush := func() {
		if w.Len() == 0 {
			return
		}
		s := w.String()
		w.Reset()
		switch s {
		case "al", "el", "the":
			return
		}
		words = append(words, transliterate(s))
	}
	for _, r := range name {
		switch {
		case IsNameMark(r):
			// dropped inside the word: Hay'at is Hayat
		case r < utf8.RuneSelf && ('a' <= r && r <= 'z' || '0' <= r && r <= '9'):
			w.WriteRune(r)
		case r < utf8.RuneSelf && 'A' <= r && r <= 'Z':
			w.WriteRune(r + 'a' - 'A')
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if f, ok := latinFold[unicode.ToLower(r)]; ok {
				w.WriteString(f)
			} else {
				w.WriteRune(unicode.ToLower(r))
			}
		default:
			flush()
		}
	}
	flush()
	return strings.Join(words, " ")
}

// IsNameMark reports apostrophes and the letters and marks transliterations use
// for ayn and hamza, which sources write, drop or vary at will.
func IsNameMark(r rune) bool {
	switch r {
	case '\'', '`', '´', '‘', '’', 'ʼ', 'ʻ', 'ʽ', 'ʾ', 'ʿ', '′':
		return true
	}
	return unicode.Is(unicode.Mn, r) // combining diacritics of decomposed text
}

// transliterate folds the spelling variants of one lower-case word.
func transliterate(s string) string {
	s = strings.ReplaceAll(s, "ou", "u")
	s = strings.ReplaceAll(s, "oo", "u")
	s = strings.ReplaceAll(s, "ee", "i")
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if i > 0 && s[i] == s[i-1] && 'a' <= s[i] && s[i] <= 'z' {
			continue
		}
		b = append(b, s[i])
	}
	s = strings.ReplaceAll(string(b), "ay", "ai")
	if len(s) > 2 && strings.HasSuffix(s, "ah") {
		s = s[:len(s)-1]
	}
	return s
}

// latinFold maps precomposed lower-case Latin letters with diacritics, as
// used in transliterations of Arabic, Turkish and Kurdish names, to their
// base letters. Go's standard library has no Unicode decomposition, and the
// project takes no dependency for this.
var latinFold = map[rune]string{}

func init() {
	for base, letters := range map[string]string{
		"a":  "àáâãäåāăąǎȧạảấầẩẫậắằẳẵặ",
		"c":  "çćĉċč",
		"d":  "ďđḍḏḑ",
		"e":  "èéêëēĕėęěẹẻẽếềểễệ",
		"g":  "ĝğġģǧ",
		"h":  "ĥħḣḥḧḩḫẖ",
		"i":  "ìíîïĩīĭįıǐịỉ",
		"j":  "ĵǰ",
		"k":  "ķǩḳḵ",
		"l":  "ĺļľŀłḷḻ",
		"n":  "ñńņňṅṇṉ",
		"o":  "òóôõöøōŏőǒọỏốồổỗộớờởỡợ",
		"r":  "ŕŗřṛṟ",
		"s":  "śŝşšșṡṣ",
		"t":  "ţťŧțṫṭṯẗ",
		"u":  "ùúûüũūŭůűųǔụủứừửữự",
		"y":  "ýÿŷẏỳỵỷỹ",
		"z":  "źżžẓẕ",
		"ss": "ß",
		"ae": "æ",
		"oe": "œ",
	} {
		for _, r := range letters {
			latinFold[r] = base
		}
	}
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// DyadKind names the pair of sides of an event, in either order, for
// weighing where events of the same kind happened: "government of
// syria|syrian insurgents". It is "" when neither side names anyone.
func DyadKind(sideA, sideB string) string {
	a, b := ActorKey(sideA), ActorKey(sideB)
	if a == "" && b == "" {
		return ""
	}
	if b < a {
		a, b = b, a
	}
	return a + "|" + b
}
