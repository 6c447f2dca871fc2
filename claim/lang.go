package claim

import (
	"bufio"
	"cmp"
	"embed"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/truce-monitor/truce/assess"
	"github.com/truce-monitor/truce/internal/langfiles"
)

// The claim grammar's words are data, one file a language (lang/LANG.txt,
// embedded), so that a language is added by adding a file. Each entry is a
// regexp fragment matched whole-word, Unicode-aware (Go's \b and \w know
// only ASCII, which would leave Arabic and Cyrillic unmatched), after the
// text is folded (see Fold).

//go:embed lang/*.txt
var langFS embed.FS

// vocab is one language's claim vocabulary.
type vocab struct {
	lang                  string
	rewrite               []rewrite
	allZones, implicitAll *regexp.Regexp
	// zoneAnaphors name one zone without saying which ("the de-escalation
	// zone"): the article's.
	zoneAnaphors *regexp.Regexp
	// origins open the words that name where attackers fired from ("from
	// positions in", "انطلاقا من", "из района"), originsAfter close them
	// ("Hama'nın kuzeyindeki mevzilerinden"), originStops end them ("at",
	// "على", "по"): those places are not where the claim is.
	origins, originsAfter *regexp.Regexp
	originStops           map[string]bool
	places                map[string][]*regexp.Regexp // zone ID → its words
	// kinds maps a sub-event type to the words that name that kind of
	// violence alone ([kinds]: "air strikes", "shelling").
	kinds                                               map[string][]*regexp.Regexp
	negated, accuse, noViol, decline, increase, holding *regexp.Regexp
	// denials are the words that deny what the sentence reports
	// ("reports that … are untrue", "denied that …").
	denials *regexp.Regexp
	// accuseActive are accusing verbs whose attacker stands before them
	// ("continue shelling", "attacked"): the actor after is the attacked.
	accuseActive          *regexp.Regexp
	minor, signif, hedges *regexp.Regexp
	countNouns            *regexp.Regexp
	// atLeast and atMost are the words before a number that make it a
	// bound ("at least 36", "nearly 70"); civilianNouns after a number of
	// dead make it a count of civilians.
	atLeast, atMost, civilianNouns *regexp.Regexp
	// attackWords tie deaths to an attack ("air strikes", "shelling").
	attackWords *regexp.Regexp
	// killed are the words that say people died ("قتلوا", "погибли",
	// "hayatını kaybetti", "morreram"): a number of [people-nouns] near
	// one is a count of deaths.
	killed    *regexp.Regexp
	reporters []reporter
	joint     *regexp.Regexp // words that name both sides
	issuers   []reporter     // organisations that issue a side's bulletins
	numbers   []number
	frames    []frameRule
	// relative finds a clause the [relative] words open after a comma
	// (", which had seen the heaviest bombing in recent weeks"): an aside
	// about something else, whose days are not the claim's.
	relative *regexp.Regexp
	// placeNames maps the language's names of places to the gazetteer's
	// ("damas" to Damascus); listOpeners are the words that open a list
	// of places ("the provinces of", "the town of"), folded.
	placeNames map[string]string
	// placeFirstWords are the first words of the [place-names] of more
	// than one word: where a caseless script's name may begin.
	placeFirstWords map[string]bool
	listOpeners     []string
	// peopleNouns make the number before them a count of people ("14
	// civis"), not of violations.
	peopleNouns map[string]bool
	// raidsAfter follow a count noun to make it air raids ("bombardeios
	// aéreos"): munitions, no count of violations.
	raidsAfter map[string]bool
	// countrysideBefore are words before a governorate's name that make
	// it the governorate ("ريف حماة": Hama's countryside), unless with the
	// words after it they name a zone ("ريف حمص الشمالي").
	countrysideBefore map[string]bool
	areaAfter         [][2]string     // word → kind of place
	locatives         map[string]bool // case endings that say "in" ("Hama'da")
	// districtBefore and districtAfterWords, before or after a name, make
	// it the district the towns named with it lie in ("في منطقة",
	// "ilçesine bağlı"), folded.
	districtBefore     map[string]bool
	districtAfterWords []string
	timeUnits          *regexp.Regexp
	// timesWords and timesVerbs: "abriram fogo 11 vezes" is 11 violations.
	timesWords, timesVerbs *regexp.Regexp
	// versus: a number right after them, with no noun of its own, counts
	// the noun of the count before it, in another period or by another
	// side ("sete violações …, contra apenas duas na semana anterior").
	versus *regexp.Regexp
	// countJoins join a count to an elliptic one of the same side ("nine
	// violations on March 12 and four on March 13").
	countJoins *regexp.Regexp
	// anyKind finds the words for violence of any kind ("fighting",
	// "hostilities"): a cue that names them is about all of it, though it
	// names a kind too ([any-kind]).
	anyKind *regexp.Regexp
	// contrasts find the words that open a clause contrasting with the one
	// before ("but"): of two claims so joined, the second is the point
	// ([contrasts]).
	contrasts *regexp.Regexp
	// relativeCalm finds the words that make a calm relative to what came
	// before ("a relative calm", "cautious calm") ([relative-calm]).
	relativeCalm *regexp.Regexp
	// these, between a number and its noun, make it a share of a count
	// said before ("eight of these violations").
	these *regexp.Regexp
	// ellipsisAfter open the phrase after an elliptic count ("the Turkish
	// side recorded three in the same period"): no noun of its own.
	ellipsisAfter *regexp.Regexp
	clauseBreaks  []string // where a second claim begins: ", but"
	// baselines open the phrase a change is measured against ("compared
	// with the week before"): its days are not the claim's.
	baselines   *regexp.Regexp
	concessions []string // what follows is conceded: "despite"
	weekdays    map[string]time.Weekday
	months      map[string]time.Month
}

type number struct {
	re *regexp.Regexp
	n  int
}

var unfoldClasses = strings.NewReplacer(`\pl`, `\pL`, `\pn`, `\pN`)

type rewrite struct {
	re   *regexp.Regexp
	with string
}

type reporter struct {
	name string // as Truce records it: "Russian side"
	re   *regexp.Regexp
}

var vocabs = map[string]*vocab{}

func init() {
	langfiles.Load(langFS, "lang", "claim", func(lang, text string) error {
		v, err := parseVocab(lang, text)
		vocabs[lang] = v
		return err
	})
}

// Languages lists the languages the claim grammar reads.
func Languages() []string {
	return slices.Sorted(maps.Keys(vocabs))
}

// englishFirst is Languages with English first: words whose language is
// not known (a stored claim does not say) are tried in English before the
// others.
func englishFirst() []string {
	langs := Languages()
	slices.SortStableFunc(langs, func(x, y string) int { return cmp.Compare(boolInt(x != "en"), boolInt(y != "en")) })
	return langs
}

// Fold prepares text in language lang for matching against vocabulary:
// lower case (Turkish dotted and dotless i kept apart), typographic
// apostrophes and quotes made plain, hyphens and dashes as spaces, Arabic
// vowel marks and tatweel dropped and its letter variants (alef with
// hamza, alef maqsura, ta marbuta) merged, Arabic-Indic and Persian digits
// made ASCII. Rule files are folded the same way, so they may be written
// in any of these spellings.
func Fold(lang, s string) string {
	if lang == "tr" {
		s = strings.ToLowerSpecial(unicode.TurkishCase, s)
	} else {
		s = strings.ToLower(strings.ReplaceAll(s, "İ", "i"))
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r >= '٠' && r <= '٩':
			r = '0' + r - '٠'
		case r >= '۰' && r <= '۹':
			r = '0' + r - '۰'
		case r >= 0x064B && r <= 0x065F || r == 0x0670 || r == 'ـ':
			continue // Arabic vowel marks, shadda, sukun, tatweel
		case r == 'أ' || r == 'إ' || r == 'آ' || r == 'ٱ':
			r = 'ا'
		case r == 'ى':
			r = 'ي'
		case r == 'ة':
			r = 'ه'
		case r == '’' || r == '‘' || r == '`':
			r = '\''
		case r == '“' || r == '”' || r == '«' || r == '»':
			r = '"'
		case r == '-' || r == '‐' || r == '–' || r == '—':
			r = ' '
		case r == '،':
			r = ','
		case r == '؟':
			r = '?'
		case r == 'ё':
			r = 'е'
		}
		b.WriteRune(r)
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// word compiles alternatives as whole words: a letter or digit may not
// touch either end, except a clitic prefix (Arabic "و", "ال") before it.
// Group 1 is the words matched.
func word(alts []string, prefixes string) (*regexp.Regexp, error) {
	if len(alts) == 0 {
		return nil, nil
	}
	return regexp.Compile(`(?:^|[^\pL\pN])` + prefixes + `(` + strings.Join(alts, "|") + `)(?:$|[^\pL\pN])`)
}

func parseVocab(lang, text string) (*vocab, error) {
	sections, rawSections := map[string][]string{}, map[string][]string{}
	cur := ""
	sc := bufio.NewScanner(strings.NewReader(text))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]") {
			cur = line[1 : len(line)-1]
			continue
		}
		if cur == "" {
			return nil, fmt.Errorf("line %d: entry before any [section]", n)
		}
		rawSections[cur] = append(rawSections[cur], line)
		if cur != "rewrite" && cur != "place-names" {
			// Entries are folded as the text is (hyphens become spaces);
			// folding lower-cases the regexp classes \pL and \pN too.
			line = unfoldClasses.Replace(Fold(lang, line))
		}
		sections[cur] = append(sections[cur], line)
	}
	v := &vocab{lang: lang, places: map[string][]*regexp.Regexp{}, kinds: map[string][]*regexp.Regexp{}}
	prefixes := ""
	if p := sections["prefixes"]; len(p) > 0 {
		prefixes = "(?:" + strings.Join(p, "|") + ")?"
	}
	for _, e := range sections["rewrite"] {
		from, to, ok := strings.Cut(e, "=>")
		if !ok {
			return nil, fmt.Errorf("[rewrite] %q: want PATTERN => REPLACEMENT", e)
		}
		re, err := regexp.Compile(`(^|[^\pL\pN])` + prefixes + `(?:` + unfoldClasses.Replace(Fold(lang, strings.TrimSpace(from))) + `)`)
		if err != nil {
			return nil, fmt.Errorf("[rewrite] %q: %v", e, err)
		}
		v.rewrite = append(v.rewrite, rewrite{re, "${1}" + strings.TrimSpace(to)})
	}
	for name, dst := range map[string]**regexp.Regexp{
		"all-zones": &v.allZones, "implicit-all": &v.implicitAll, "zone-anaphors": &v.zoneAnaphors, "negated": &v.negated, "denials": &v.denials, "accuse": &v.accuse, "accuse-active": &v.accuseActive,
		"no-violations": &v.noViol, "decline": &v.decline, "increase": &v.increase, "holding": &v.holding,
		"minor": &v.minor, "significant": &v.signif, "hedges": &v.hedges, "count-nouns": &v.countNouns,
		"killed": &v.killed, "versus": &v.versus, "ellipsis-after": &v.ellipsisAfter,
		"at-least": &v.atLeast, "at-most": &v.atMost, "civilian-nouns": &v.civilianNouns, "attack-words": &v.attackWords,
		"count-joins": &v.countJoins, "these": &v.these, "any-kind": &v.anyKind, "contrasts": &v.contrasts, "relative-calm": &v.relativeCalm,
	} {
		re, err := word(sections[name], prefixes)
		if err != nil {
			return nil, fmt.Errorf("[%s]: %v", name, err)
		}
		*dst = re
	}
	for _, e := range sections["places"] {
		id, words, ok := strings.Cut(e, "=")
		if !ok {
			return nil, fmt.Errorf("[places] %q: want ZONE-ID = WORDS, WORDS", e)
		}
		// Folding turned the ID's hyphens into spaces.
		id = strings.ReplaceAll(strings.TrimSpace(id), " ", "-")
		for _, w := range strings.Split(words, ",") {
			re, err := word([]string{strings.TrimSpace(w)}, prefixes)
			if err != nil {
				return nil, fmt.Errorf("[places] %q: %v", e, err)
			}
			v.places[id] = append(v.places[id], re)
		}
	}
	for _, e := range sections["kinds"] {
		id, words, ok := strings.Cut(e, "=")
		var sub string
		for _, k := range kindNames {
			if k.id == strings.TrimSpace(id) {
				sub = k.sub
			}
		}
		if !ok || sub == "" {
			return nil, fmt.Errorf("[kinds] %q: want KIND = WORDS, WORDS, KIND one of air, shelling, clashes", e)
		}
		for _, w := range strings.Split(words, ",") {
			re, err := word([]string{strings.TrimSpace(w)}, prefixes)
			if err != nil {
				return nil, fmt.Errorf("[kinds] %q: %v", e, err)
			}
			v.kinds[sub] = append(v.kinds[sub], re)
		}
	}
	for _, e := range sections["reporters"] {
		name, words, ok := strings.Cut(e, "=")
		if !ok {
			return nil, fmt.Errorf("[reporters] %q: want NAME = WORDS, WORDS", e)
		}
		var alts []string
		for _, w := range strings.Split(words, ",") {
			alts = append(alts, strings.TrimSpace(w))
		}
		re, err := word(alts, prefixes)
		if err != nil {
			return nil, fmt.Errorf("[reporters] %q: %v", e, err)
		}
		v.reporters = append(v.reporters, reporter{name: reporterName(strings.TrimSpace(name)), re: re})
	}
	for _, e := range sections["issuers"] {
		name, words, ok := strings.Cut(e, "=")
		if !ok {
			return nil, fmt.Errorf("[issuers] %q: want NAME = WORDS, WORDS", e)
		}
		var alts []string
		for _, w := range strings.Split(words, ",") {
			alts = append(alts, strings.TrimSpace(w))
		}
		re, err := word(alts, prefixes)
		if err != nil {
			return nil, fmt.Errorf("[issuers] %q: %v", e, err)
		}
		v.issuers = append(v.issuers, reporter{name: reporterName(strings.TrimSpace(name)), re: re})
	}
	joint, err := word(sections["joint-reporters"], prefixes)
	if err != nil {
		return nil, fmt.Errorf("[joint-reporters]: %v", err)
	}
	v.joint = joint
	for _, e := range sections["numbers"] {
		w, n, ok := strings.Cut(e, "=")
		k, err := strconv.Atoi(strings.TrimSpace(n))
		if !ok || err != nil || k < 0 {
			return nil, fmt.Errorf("[numbers] %q: want WORDS = NUMBER", e)
		}
		re, err := word([]string{strings.TrimSpace(w)}, prefixes)
		if err != nil {
			return nil, fmt.Errorf("[numbers] %q: %v", e, err)
		}
		v.numbers = append(v.numbers, number{re, k})
	}
	v.placeNames, v.placeFirstWords = map[string]string{}, map[string]bool{}
	for _, e := range sections["place-names"] {
		local, name, ok := strings.Cut(e, "=")
		if !ok {
			return nil, fmt.Errorf("[place-names] %q: want LOCAL NAME = GAZETTEER NAME", e)
		}
		// The gazetteer's name as it is spelled; the local one folded.
		v.placeNames[Fold(lang, strings.TrimSpace(local))] = strings.TrimSpace(name)
		if f := strings.Fields(Fold(lang, local)); len(f) > 1 {
			v.placeFirstWords[f[0]] = true
		}
	}
	v.districtBefore = map[string]bool{}
	for _, w := range sections["district-before"] {
		v.districtBefore[w] = true
	}
	v.districtAfterWords = sections["district-after"]
	units, err := word(sections["time-units"], "")
	if err != nil {
		return nil, fmt.Errorf("[time-units]: %v", err)
	}
	v.timeUnits = units
	if v.timesWords, err = word(sections["times-words"], ""); err != nil {
		return nil, fmt.Errorf("[times-words]: %v", err)
	}
	if v.timesVerbs, err = word(sections["times-verbs"], prefixes); err != nil {
		return nil, fmt.Errorf("[times-verbs]: %v", err)
	}
	// Matched as written, lower case: the text is cut where they begin.
	for _, c := range rawSections["concessions"] {
		v.concessions = append(v.concessions, strings.ToLower(c))
	}
	for _, b := range rawSections["clause-breaks"] {
		v.clauseBreaks = append(v.clauseBreaks, strings.ToLower(b))
	}
	if w := rawSections["baselines"]; len(w) > 0 {
		re, err := regexp.Compile(`(?:^|[^\pL\pN])(?:` + strings.ToLower(strings.Join(w, "|")) + `)[^,،;؛.!?]*`)
		if err != nil {
			return nil, fmt.Errorf("[baselines]: %w", err)
		}
		v.baselines = re
	}
	if w := rawSections["relative"]; len(w) > 0 {
		re, err := regexp.Compile(`(?i)[,،]\s*(?:` + strings.Join(w, "|") + `)(?:\s|$)[^,،;؛.!?]*`)
		if err != nil {
			return nil, fmt.Errorf("[relative]: %w", err)
		}
		v.relative = re
	}
	v.listOpeners = sections["area-lists"]
	if v.origins, err = word(sections["origins"], prefixes); err != nil {
		return nil, fmt.Errorf("[origins]: %v", err)
	}
	if v.originsAfter, err = word(sections["origins-after"], prefixes); err != nil {
		return nil, fmt.Errorf("[origins-after]: %v", err)
	}
	v.originStops = map[string]bool{}
	for _, w := range sections["origin-stops"] {
		v.originStops[w] = true
	}
	v.raidsAfter = map[string]bool{}
	for _, w := range sections["raids-after"] {
		v.raidsAfter[w] = true
	}
	v.peopleNouns = map[string]bool{}
	for _, w := range sections["people-nouns"] {
		v.peopleNouns[w] = true
	}
	v.countrysideBefore = map[string]bool{}
	for _, w := range sections["countryside-before"] {
		v.countrysideBefore[w] = true
	}
	v.locatives = map[string]bool{}
	for _, e := range sections["locative-suffixes"] {
		v.locatives[e] = true
	}
	for _, e := range sections["area-after"] {
		w, kind, ok := strings.Cut(e, "=")
		kind = strings.TrimSpace(kind)
		if !ok || kind != "governorate" && kind != "district" && kind != "town" && kind != "place" {
			return nil, fmt.Errorf("[area-after] %q: want WORD = governorate, district, town or place", e)
		}
		v.areaAfter = append(v.areaAfter, [2]string{strings.TrimSpace(w), kind})
	}
	if err := v.parseFrames(sections, prefixes); err != nil {
		return nil, err
	}
	if v.holding == nil || v.noViol == nil {
		return nil, fmt.Errorf("needs [holding] and [no-violations]")
	}
	return v, nil
}

// reporterName turns a folded "russian side" back into "Russian side".
func reporterName(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	r[0] = unicode.ToUpper(r[0])
	return string(r)
}

// normalizeIn folds s and applies the language's rewrites
// ("de-escalation" becomes one word, so that its "escalation" never reads
// as an increase).
func (v *vocab) normalize(s string) string {
	s = Fold(v.lang, s)
	for _, rw := range v.rewrite {
		s = rw.re.ReplaceAllString(s, rw.with)
	}
	return s
}

// find returns the first whole-word match of re in s, and where it starts.
func find(re *regexp.Regexp, s string) (string, int) {
	if re == nil {
		return "", -1
	}
	m := re.FindStringSubmatchIndex(s)
	if m == nil {
		return "", -1
	}
	return s[m[2]:m[3]], m[2]
}

// findAll returns every whole-word match of re in s. Matches are found one
// after another from just past each match's words, so that the character
// closing one match may open the next.
func findAll(re *regexp.Regexp, s string) [][2]int {
	var out [][2]int
	if re == nil {
		return nil
	}
	for off := 0; off <= len(s); {
		m := re.FindStringSubmatchIndex(s[off:])
		if m == nil {
			break
		}
		out = append(out, [2]int{off + m[2], off + m[3]})
		off += max(m[3], m[2]+1)
	}
	return out
}

// kindNames are the [kinds] sections' names for the sub-event types a
// claim may speak of alone, in the order a claim's kinds are listed.
var kindNames = []struct{ id, sub string }{
	{"air", assess.AirStrike}, {"shelling", "Shelling/artillery/missile attack"}, {"clashes", "Armed clash"},
}
