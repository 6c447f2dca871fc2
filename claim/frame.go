package claim

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/assess"
)

// Frame is the time frame a claim is checked over: the days it speaks of
// and, for a claim of change (decline, increase), the days it compares them
// with, read from its words ("in the past 24 hours", "since Monday", "this
// week", "since the Sochi memorandum", "compared with last month") or, when
// the words give none, a default that Note names.
type Frame struct {
	From, To         time.Time // the days the claim speaks of, both included
	BaseFrom, BaseTo time.Time // for a change: the days compared with; zero otherwise
	// PerZone: no dates were given and the change is measured from each
	// zone's own ceasefire start (From, BaseFrom and BaseTo are then
	// each zone's, set by the check).
	PerZone bool
	Said    string // the words that set the days, "" when defaulted
	Note    string // how the frame was read, in words
	// Default: neither the words nor the article gave days (the
	// agreement's truces may still have chosen them).
	Default bool
	// start is the day the truce the article speaks of began, when it
	// dates one: the first days of a truce are its ("first-days" rules).
	start time.Time
	// local is the latest of the agreement's local truces in the claim's
	// zones that began by its date, if any: "since the truce" is since it.
	local *truce.LocalTruce
}

// Days is the length of the claim's window.
func (f Frame) Days() int { return daysBetween(f.From, f.To) + 1 }

var (
	numberWords = map[string]int{"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
		"eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "several": 3, "few": 3}
	unitDays = map[string]int{"hour": 0, "day": 1, "week": 7, "fortnight": 14, "month": 30, "year": 365}
	weekdays = map[string]time.Weekday{"sunday": time.Sunday, "monday": time.Monday, "tuesday": time.Tuesday, "wednesday": time.Wednesday,
		"thursday": time.Thursday, "friday": time.Friday, "saturday": time.Saturday}
	months = map[string]time.Month{"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
		"september": 9, "october": 10, "november": 11, "december": 12, "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7,
		"aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12}

	// "in the past 24 hours", "over the last three days", "during the previous week"
	rePast = regexp.MustCompile(`\b(?:in|over|during|for|within) the (?:past|last|previous|preceding) (?:(\d+|[a-z]+(?:-[a-z]+)?) )?(hour|day|week|fortnight|month|year)s?\b`)
	// "24 hours" in the languages with claim vocabularies: bulletins count
	// "in the last 24 hours" whatever their language.
	reHours = regexp.MustCompile(`\b(24|48|72)\s*(?:hours|hrs|horas|heures|ore|saat|часа|часов|ساعة|ساعه)`)
	// "the truce took effect Sunday", "the ceasefire began at noon on 9 July",
	// "the truce, agreed by the United States, Russia and Jordan, took effect
	// at noon on July 9"
	reTookEffect = regexp.MustCompile(`\b(?:truce|ceasefire|cease-fire|cessation of hostilities|agreement|deal)\b[^.;]{0,60}?\b(?:took effect|went into effect|came into (?:force|effect)|began|started|entered into force)\b(?: at [a-z0-9: ]{1,12}?)?(?: on)?(?: last)? (?:(sunday|monday|tuesday|wednesday|thursday|friday|saturday)|(\d{1,2} [a-z]+|[a-z]+ \d{1,2}))`)
	// "so far", "since then", "since it took effect": since the truce the
	// article speaks of began.
	// "since the Russian-Turkish agreement of 17 September on a
	// demilitarised zone": the date the words give the agreement, not the
	// one an agreement of the file is known by.
	reSinceDatedEvent = regexp.MustCompile(`\bsince (?:the )?(?:[a-z'-]+ ){0,4}?(?:agreement|memorandum|deal|accord|ceasefire|cease-fire|truce|understanding)(?: [a-z'-]+){0,3}? (?:of|on|signed on|reached on|agreed on|concluded on) (\d{1,2} [a-z]+|[a-z]+ \d{1,2})\b`)
	reSoFar           = regexp.MustCompile(`\b(?:so far|since then|since it (?:took effect|began|started|came into force)|since (?:its|the truce's|the ceasefire's) (?:start|beginning))\b`)
	// "in the first twelve hours of the ceasefire"
	reFirst = regexp.MustCompile(`\b(?:in|during|over) the first (\d+|[a-z]+(?:-[a-z]+)?) (hour|day|week)s? (?:of|after|since)\b`)
	// "in recent days", "in recent weeks"
	reRecent = regexp.MustCompile(`\b(?:in|over) (?:the )?recent (day|week|month)s\b`)
	// "overnight into Thursday" is the night before that Thursday, not
	// the last night.
	reThis = regexp.MustCompile(`\bthis (week|month|year)\b|\b(today|yesterday|overnight(?: (?:into|to) (sunday|monday|tuesday|wednesday|thursday|friday|saturday))?|last night)\b`)
	// "since monday", "since may 4", "since 4 may 2018", "since january", "since the start of the year"
	reSinceDay   = regexp.MustCompile(`\bsince (last |early |late )?(sunday|monday|tuesday|wednesday|thursday|friday|saturday)\b( (?:morning|afternoon|evening|night))?`)
	reSinceDate  = regexp.MustCompile(`\bsince (?:(\d{1,2}) ([a-z]+)|([a-z]+) (\d{1,2})(?:st|nd|rd|th)?)(?:,? (\d{4}))?\b`)
	reSinceMonth = regexp.MustCompile(`\bsince (?:the (?:start|beginning) of )?([a-z]+)(?: (\d{4}))?\b`)
	reSinceStart = regexp.MustCompile(`\bsince the (?:start|beginning) of the (year|month|week)\b`)
	// "since the sochi memorandum", "since the astana agreement", "since the ceasefire took effect",
	// "since the de-escalation zones were created"
	reSinceEvent = regexp.MustCompile(`\bsince (?:the )?((?:[a-z'-]+ ){0,3}?)(agreement|memorandum|deal|accord|talks|summit|round|ceasefire|truce|cessation of hostilities|de-escalation (?:zones?|areas?)|zones?)\b`)
	// "compared with the previous week", "than last month", "compared to before the agreement"
	reBase      = regexp.MustCompile(`\b(?:compared (?:with|to)|than|versus|vs\.?) (?:the |a )?(?:previous|last|preceding|prior) (day|week|fortnight|month|year)\b`)
	reBaseEvent = regexp.MustCompile(`\b(?:compared (?:with|to)|than) (?:the period )?before (?:the )?(?:[a-z'-]+ ){0,3}?(agreement|memorandum|deal|ceasefire|truce|de-escalation)`)
)

// ClaimFrame reads c's time frame from its (English) words, against the
// agreement a; see Frame. Dates in the words are read relative to c.Date.
func ClaimFrame(c truce.Claim, a *truce.Agreement) Frame {
	whole := claimFrameOf(c, a)
	if text, ok := withoutBaseline(c.Text); ok {
		// "fell last week compared with the week before", "the lowest
		// since January": the days the claim speaks of, when the words
		// outside the baseline name any; else the baseline's, as before.
		// The whole words still give the baseline when they name the
		// same days.
		cc := c
		cc.Text = text
		if f := ClaimFrame(cc, a); f.Said != "" && whole.Said != f.Said {
			return f
		}
	}
	return whole
}

// claimFrameOf is ClaimFrame on the whole words, baselines included.
func claimFrameOf(c truce.Claim, a *truce.Agreement) Frame {
	for _, lang := range Languages() {
		// "قصفت أمس الجمعة … رغم اتفاق وقف إطلاق النار الذي دخل حيز
		// التنفيذ ظهر الخميس", "shelled the town on Friday, despite a
		// truce in force since Sunday": what the claim concedes dates the
		// truce, not the events; the days of the rest, when it names any.
		if rest, conceded := vocabs[lang].withoutConcession(c.Text); conceded != "" {
			cc := c
			cc.Text = rest
			if f := claimFrameOf(cc, a); f.Said != "" {
				return f
			}
			break
		}
	}
	if clause, ok := cueClause(c.Text, c.Notes); ok {
		// "The truce has brought no casualties since Monday, … but he said
		// government forces had shelled Ein Tarma on Thursday": the days
		// the clause that makes the claim names, when it names any.
		cc := c
		cc.Text = clause
		if f := claimFrame(cc, a); f.Said != "" {
			return f
		}
	}
	return claimFrame(c, a)
}

// cueClause blanks the clauses of text ([clause-breaks] of any language)
// other than the one that holds the word the claim was read from (its
// notes' "assertion: …, from \"…\""); ok is false when text has one
// clause or the word is not found.
func cueClause(text string, notes []string) (string, bool) {
	cue := ""
	for _, n := range notes {
		if rest, ok := strings.CutPrefix(n, "assertion: "); ok {
			if _, q, ok := strings.Cut(rest, ", from "); ok {
				if p, err := strconv.QuotedPrefix(q); err == nil {
					cue, _ = strconv.Unquote(p)
				}
			}
		}
	}
	low := strings.ToLower(text)
	cue = strings.ToLower(cue)
	at := strings.Index(low, cue)
	if cue == "" || at < 0 || len(low) != len(text) {
		return "", false
	}
	var cuts []int
	for _, lang := range Languages() {
		for _, b := range vocabs[lang].clauseBreaks {
			for i := range indexes(low, b) {
				cuts = append(cuts, i)
			}
		}
	}
	from, to := 0, len(text)
	for _, i := range cuts {
		if i <= at && i > from {
			from = i
		}
		if i > at && i < to {
			to = i
		}
	}
	if from == 0 && to == len(text) {
		return "", false
	}
	return strings.Repeat(" ", from) + text[from:to] + strings.Repeat(" ", len(text)-to), true
}

func claimFrame(c truce.Claim, a *truce.Agreement) Frame {
	date := truce.CalendarDay(c.Date)
	text := withoutAsides(withoutSaid(withoutAttribution(c.Text, c.Notes)), c.Notes)
	s := strings.ToLower(text)
	change := c.Assertion == truce.AssertDecline || c.Assertion == truce.AssertIncrease
	f := Frame{To: date, local: scopeTruce(c, a)}
	since := false // From is an event the change is measured from
	sinceNote := contextSince(c.Notes)
	f.start = sinceNote
	switch {
	case reFirst.MatchString(s) && !sinceNote.IsZero():
		// "In the first twelve hours of the ceasefire": the truce's first
		// days, which the article dated.
		m := reFirst.FindStringSubmatch(s)
		n := countOf(m[1])
		// The last day they reach: the first twelve hours end the day
		// the truce began, the first three days two days after it.
		extra := max(0, n*unitDays[m[2]]-1)
		if m[2] == "hour" {
			extra = n / 24
		}
		f.From, f.Said = sinceNote, m[0]
		if end := sinceNote.AddDate(0, 0, extra); end.Before(f.To) {
			f.To = end
		}
	case rePast.MatchString(s):
		m := rePast.FindStringSubmatch(s)
		n := 1
		if m[1] != "" {
			n = max(countOf(m[1]), 1)
		}
		days := n * unitDays[m[2]]
		// "The past 24 hours" of a bulletin are mostly the day before it,
		// the past 48 the two days before.
		f.From, f.Said = date.AddDate(0, 0, -max(days, 1)), m[0]
		if m[2] == "hour" {
			f.From = date.AddDate(0, 0, -max(1, (n+23)/24))
		} else if days > 1 {
			f.From = date.AddDate(0, 0, -(days - 1))
		}
	case countedHours(s) != nil:
		m := countedHours(s)
		f.From, f.Said = date.AddDate(0, 0, -countOf(m[1])/24), m[0]
	case reRecent.MatchString(s):
		m := reRecent.FindStringSubmatch(s)
		days := map[string]int{"day": 7, "week": 28, "month": 90}[m[1]]
		f.From, f.Said = date.AddDate(0, 0, -(days-1)), m[0]
	case reThis.MatchString(s):
		m := reThis.FindStringSubmatch(s)
		switch m[1] + m[2] {
		case "week":
			back := (int(date.Weekday()) + 6) % 7 // days since Monday
			f.From = date.AddDate(0, 0, -back)
		case "month":
			f.From = time.Date(date.Year(), date.Month(), 1, 0, 0, 0, 0, time.UTC)
		case "year":
			f.From = time.Date(date.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
		case "today":
			f.From = date
		default: // yesterday, overnight, last night
			f.From, f.To = date.AddDate(0, 0, -1), date.AddDate(0, 0, -1)
			if wd, ok := weekdays[m[3]]; ok {
				to := date.AddDate(0, 0, -((int(date.Weekday()) - int(wd) + 7) % 7))
				f.From, f.To = to.AddDate(0, 0, -1), to
			} else if m[2] != "yesterday" {
				f.To = date
			}
		}
		f.Said = m[0]
	case reSinceDay.MatchString(s):
		m := reSinceDay.FindStringSubmatch(s)
		back := (int(date.Weekday()) - int(weekdays[m[2]]) + 7) % 7
		// "Since Monday" said on a Monday is a week back, but "since early
		// Monday" or "since Monday morning" is a part of that very day.
		if back == 0 && (m[1] == "" || m[1] == "last ") && m[3] == "" {
			back = 7
		}
		f.From, f.Said, since = date.AddDate(0, 0, -back), m[0], true
	case reSinceStart.MatchString(s):
		m := reSinceStart.FindStringSubmatch(s)
		f.From = time.Date(date.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
		switch m[1] {
		case "month":
			f.From = time.Date(date.Year(), date.Month(), 1, 0, 0, 0, 0, time.UTC)
		case "week":
			f.From = date.AddDate(0, 0, -((int(date.Weekday()) + 6) % 7))
		}
		f.Said, since = m[0], true
	case sinceDate(s, date, &f):
		since = true
	case reTookEffect.MatchString(s):
		m := reTookEffect.FindStringSubmatch(s)
		if t, ok := dayNamed(m[1], m[2], date); ok {
			f.From, f.Said, since = t, m[0], true
		}
	case reSinceDatedEvent.MatchString(s):
		m := reSinceDatedEvent.FindStringSubmatch(s)
		if t, ok := dayNamed("", m[1], date); ok {
			f.From, f.Said, since = t, m[0], true
		}
	case reSoFar.MatchString(s) && !sinceNote.IsZero():
		m := reSoFar.FindStringSubmatch(s)
		f.From, f.Said, since = sinceNote, m[0], true
		f.Note = fmt.Sprintf("%q: from %s, when the truce the article speaks of took effect", m[0], day(sinceNote))
	case reSinceEvent.MatchString(s):
		m := reSinceEvent.FindStringSubmatch(s)
		if strings.TrimSpace(m[1]) == "" && !sinceNote.IsZero() && !sinceNote.After(date) {
			// "since the deal was signed", in an article that dates the
			// truce it speaks of ("The agreement was signed in Cairo on
			// July 22"): since that day, not the agreement's start.
			f.From, f.Said, since = sinceNote, m[0], true
			f.Note = fmt.Sprintf("%q: from %s, when the truce the article speaks of took effect", m[0], day(sinceNote))
		} else if t, what, ok := eventDate(strings.TrimSpace(m[1]), m[2], a, date, f.local); ok {
			f.From, f.Said, since = t, m[0], true
			f.Note = fmt.Sprintf("%q: from %s, %s", m[0], day(t), what)
		}
	}
	if f.From.IsZero() {
		f.Said, f.Note = "", ""
		since = frameFromRules(text, date, a, &f)
	}
	if f.From.IsZero() && !change {
		for _, n := range c.Notes {
			if rest, ok := strings.CutPrefix(n, SameSpanPrefix); ok && len(rest) >= 22 {
				// "ces violations": the days of the statement before.
				from, err1 := truce.ParseDate(rest[:10])
				to, err2 := truce.ParseDate(rest[12:22])
				if err1 == nil && err2 == nil && !from.After(to) && !to.After(date) {
					f.From, f.To, f.Said = from, to, ""
					f.Note = fmt.Sprintf("no time frame in the words but the violations of a statement before: %s to %s", day(from), day(to))
					return f
				}
			}
			if rest, ok := strings.CutPrefix(n, SameDayPrefix); ok && len(rest) >= 10 {
				// "ese mismo día": the day the statement before named.
				if t, err := truce.ParseDate(rest[:10]); err == nil && !t.After(date) {
					f.From, f.To, f.Said = t, t, ""
					f.Note = fmt.Sprintf("no time frame in the words but the same day as a statement before: %s", day(t))
					return f
				}
			}
		}
		for _, n := range c.Notes {
			if w, ok := strings.CutPrefix(n, PastDayPrefix); ok {
				f.From, f.Said = date.AddDate(0, 0, -1), ""
				f.Note = fmt.Sprintf("no time frame in the words: the article counts the past 24 hours (%s), %s to %s", w, day(f.From), day(date))
				return f
			}
			if w, ok := strings.CutPrefix(n, SpanPrefix); ok && (c.Assertion == truce.AssertCount || c.Assertion == truce.AssertNoViolations) {
				// The article's bulletin counts a span other than the past
				// day ("over the weekend", "in the past 48 hours"): its
				// other counts ("during the same period", "the Turkish side
				// recorded none") count it too. Other claims of the article
				// (the situation is calm) are not tied to it.
				words, _ := strconv.Unquote(w)
				g := ClaimFrame(truce.Claim{Text: words, Date: c.Date, Assertion: c.Assertion}, a)
				if !g.Default && !g.PerZone && !g.From.IsZero() {
					f.From, f.To, f.Said = g.From, g.To, ""
					f.Note = fmt.Sprintf("no time frame in the words: the article counts %s, %s to %s", w, day(f.From), day(f.To))
					return f
				}
			}
		}
	}
	if f.From.IsZero() && !sinceNote.IsZero() && change && !sinceNote.After(date) {
		// "Fighting has subsided", in an article on the truce that began
		// on Sunday: since then, against as many days before.
		f.From, since = sinceNote, true
		f.Note = fmt.Sprintf("no time frame in the words: from %s, when the truce the article speaks of took effect", day(sinceNote))
	}
	if f.From.IsZero() && !sinceNote.IsZero() && !change {
		// No days in the words, but the article dates the truce it is
		// about: the claim speaks of the truce so far.
		f.From, f.Said = sinceNote, ""
		f.Note = fmt.Sprintf("no time frame in the words: from %s, when the truce the article speaks of took effect, to %s", day(sinceNote), day(date))
		return f
	}
	if lt := f.local; f.From.IsZero() && lt != nil && !change && daysBetween(lt.Date, date) < a.Status.WithDefaults().WindowDays {
		// No days in the words, and a truce began in its zones within the
		// status window: the claim speaks of the truce so far, not of the
		// fighting it ended.
		// Still a default: the words gave no days, the agreement's data did.
		f.From, f.Said, f.Default = truce.CalendarDay(lt.Date), "", true
		f.Note = fmt.Sprintf("no time frame in the words: from %s, when %s began (the agreement's truces), to %s", day(f.From), lt.Name, day(date))
		return f
	}
	if lt := f.local; f.From.IsZero() && lt != nil && c.Assertion == truce.AssertDecline && daysBetween(lt.Date, date) < recentTruceDays {
		// "Fighting has subsided", days after a truce began there: since
		// the truce, against as many days before. An escalation keeps its
		// own default, the recent days against the weeks before: a truce
		// is no baseline for violence said to be growing.
		f.From, since, f.Default = truce.CalendarDay(lt.Date), true, true
		f.Note = fmt.Sprintf("no time frame in the words: from %s, when %s began (the agreement's truces)", day(f.From), lt.Name)
	}
	if f.From.IsZero() {
		// No days in the words: the defaults.
		f.Said, f.Default = "", true
		if !change {
			w := a.Status.WithDefaults().WindowDays
			f.From = date.AddDate(0, 0, -(w - 1))
			f.Note = fmt.Sprintf("no time frame in the words: the %d days to %s (the agreement's status window)", w, day(date))
			return f
		}
		if c.Assertion == truce.AssertIncrease {
			// Escalation is news of the recent days, against the weeks
			// before: not a comparison with the agreement's start.
			w := a.Status.WithDefaults().WindowDays
			f.From = date.AddDate(0, 0, -(w - 1))
			f.BaseTo = f.From.AddDate(0, 0, -1)
			f.BaseFrom = f.BaseTo.AddDate(0, 0, -27)
			f.Note = fmt.Sprintf("no time frame in the words: the %d days to %s compared with the 28 days before (the default for an increase)", w, day(date))
			return f
		}
		f.PerZone = true
		f.Note = "no time frame in the words: the days since each zone's ceasefire began, compared with as many days before it (the default for a decline)"
		return f
	}
	if f.From.After(f.To) {
		f.From = f.To
	}
	if f.Note == "" {
		f.Note = fmt.Sprintf("%q: %s to %s", f.Said, day(f.From), day(f.To))
	}
	if !change {
		return f
	}
	// The baseline: the words', or as many days just before the window.
	n := f.Days()
	f.BaseTo = f.From.AddDate(0, 0, -1)
	f.BaseFrom = f.BaseTo.AddDate(0, 0, -(n - 1))
	switch {
	case reBase.MatchString(s):
		m := reBase.FindStringSubmatch(s)
		if d := unitDays[m[1]]; d > 0 {
			f.BaseFrom = f.BaseTo.AddDate(0, 0, -(d - 1))
		}
		f.Note += fmt.Sprintf("; compared with %s to %s (%q)", day(f.BaseFrom), day(f.BaseTo), m[0])
	case reBaseEvent.MatchString(s):
		start := truce.CalendarDay(a.Effective)
		f.BaseTo = start.AddDate(0, 0, -1)
		f.BaseFrom = f.BaseTo.AddDate(0, 0, -(n - 1))
		f.Note += fmt.Sprintf("; compared with the %d days before the agreement took effect on %s", n, day(start))
	case since:
		f.Note += fmt.Sprintf("; compared with the %d days before (%s to %s)", n, day(f.BaseFrom), day(f.BaseTo))
	default:
		f.Note += fmt.Sprintf("; compared with the %d days just before (%s to %s), as the words name no baseline", n, day(f.BaseFrom), day(f.BaseTo))
	}
	return f
}

// sinceDate reads "since May 4", "since 4 May 2018" or "since January"
// into f, the latest such day not after date.
func sinceDate(s string, date time.Time, f *Frame) bool {
	if m := reSinceDate.FindStringSubmatch(s); m != nil {
		d, mon := m[1], m[2]
		if d == "" {
			d, mon = m[4], m[3]
		}
		month, ok := months[mon]
		n, err := strconv.Atoi(d)
		if ok && err == nil && n >= 1 && n <= 31 {
			y := date.Year()
			if m[5] != "" {
				y, _ = strconv.Atoi(m[5])
			}
			t := time.Date(y, month, n, 0, 0, 0, 0, time.UTC)
			if m[5] == "" && t.After(date) {
				t = t.AddDate(-1, 0, 0)
			}
			if t.Day() == n && !t.After(date) {
				f.From, f.Said = t, m[0]
				return true
			}
		}
	}
	if m := reSinceMonth.FindStringSubmatch(s); m != nil {
		if month, ok := months[m[1]]; ok && len(m[1]) > 3 {
			y := date.Year()
			if m[2] != "" {
				y, _ = strconv.Atoi(m[2])
			}
			t := time.Date(y, month, 1, 0, 0, 0, 0, time.UTC)
			if m[2] == "" && t.After(date) {
				t = t.AddDate(-1, 0, 0)
			}
			if !t.After(date) {
				f.From, f.Said = t, m[0]
				return true
			}
		}
	}
	return false
}

// eventDate finds the day an event named in a claim happened: the
// agreement itself (named by a word of its ID or title, or by what it
// made: the ceasefire, the de-escalation zones), or one of its renewals
// and amendments, named by a word of its note ("the Sochi memorandum").
//
// A truce named by no more than its kind ("since the ceasefire", "depuis
// la trêve") is local, the latest of the agreement's truces in the claim's
// zones, when one began after the agreement itself.
func eventDate(name, kind string, a *truce.Agreement, date time.Time, local *truce.LocalTruce) (time.Time, string, bool) {
	words := strings.Fields(strings.NewReplacer("'s", "", "-", " ").Replace(name))
	var named []string
	for _, w := range words {
		switch w {
		case "the", "a", "an", "last", "latest", "new", "recent", "this", "that", "russian", "turkish", "joint", "bilateral":
		default:
			// A word of three letters or fewer names nothing below ("les",
			// "las", "sur" after "l'accord"): an article or preposition.
			if utf8.RuneCountInString(w) > 3 {
				named = append(named, w)
			}
		}
	}
	effective := truce.CalendarDay(a.Effective)
	if len(named) == 0 && local != nil && isTruceWord(kind) && local.Date.After(effective) && !local.Date.After(date) {
		return truce.CalendarDay(local.Date), local.Name + " (the agreement's truces)", true
	}
	if len(named) == 0 {
		// "since the ceasefire", "since the agreement", "since the zones
		// were created": the agreement's own start.
		return effective, "the agreement's start", !effective.After(date)
	}
	title := strings.ToLower(a.ID + " " + a.Title)
	for _, w := range named {
		if len(w) > 3 && strings.Contains(title, w) {
			return effective, "the agreement's start", !effective.After(date)
		}
	}
	for _, r := range a.Renewals {
		note := strings.ToLower(r.Note)
		for _, w := range named {
			if len(w) > 3 && strings.Contains(note, w) && !r.Date.After(date) {
				return truce.CalendarDay(r.Date), "the " + w + " " + kind + " (" + firstWords(r.Note, 8) + ")", true
			}
		}
	}
	return time.Time{}, "", false
}

func firstWords(s string, n int) string {
	f := strings.Fields(s)
	if len(f) > n {
		return strings.Join(f[:n], " ") + " …"
	}
	return strings.Join(f, " ")
}

// frameRange is the span of days whose rollup rows checking c in frame f
// needs: its window and baseline, with the coverage period before the
// window for a status.
func frameRange(f Frame) (from, to time.Time) {
	from = f.From.AddDate(0, 0, -assess.DefaultCoverageDays-1)
	if !f.BaseFrom.IsZero() && f.BaseFrom.Before(from) {
		from = f.BaseFrom
	}
	return from, f.To
}

// countOf reads a count in digits or English words ("twelve",
// "twenty-four"); 0 when it cannot.
func countOf(w string) int {
	if v, err := strconv.Atoi(w); err == nil {
		return v
	}
	tens := map[string]int{"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70}
	if t, u, ok := strings.Cut(w, "-"); ok {
		return tens[t] + numberWords[u]
	}
	if v, ok := tens[w]; ok {
		return v
	}
	return numberWords[w]
}

// dayNamed is the day a weekday ("sunday": the latest on or before date)
// or a day of a month ("9 july", "july 9": the latest not after date)
// names.
func dayNamed(weekday, dayMonth string, date time.Time) (time.Time, bool) {
	if weekday != "" {
		back := (int(date.Weekday()) - int(weekdays[weekday]) + 7) % 7
		return date.AddDate(0, 0, -back), true
	}
	var f Frame
	if sinceDate("since "+dayMonth, date, &f) {
		return f.From, true
	}
	return time.Time{}, false
}

// reLasting are the words before a number of hours that make it how long
// something lasts, not a span counted: "une précédente trêve de 48
// heures", "لمدة ٤٨ ساعة", "una tregua de 72 horas", "на 48 часов".
var reLasting = regexp.MustCompile(`(?:(?:^|\s)(?:for|lasting|of|de|pour|pendant|durante|por|на|всего)|لمدة|مدتها|مدته)\s*$`)

// countedHours is reHours's first match in s (lower case) that counts
// hours, not one that says how long a truce lasts ("trêve de 48 heures",
// "48 saatlik ateşkes"), or nil.
func countedHours(s string) []string {
	for _, m := range reHours.FindAllStringSubmatchIndex(s, -1) {
		before := s[max(0, m[0]-20):m[0]]
		if strings.HasPrefix(s[m[1]:], "lik") || strings.HasPrefix(s[m[1]:], "lık") || reLasting.MatchString(before) {
			continue
		}
		return []string{s[m[0]:m[1]], s[m[2]:m[3]]}
	}
	return nil
}

// pastDayIn finds the words by which text counts the past 24 hours: "in
// the past 24 hours", "over the past day", or a [frame] phrase of kind day
// in lang.
func pastDayIn(lang, text string) string {
	low := strings.ToLower(text)
	if m := rePast.FindStringSubmatch(low); m != nil && (m[2] == "day" && (m[1] == "" || countOf(m[1]) == 1) || m[2] == "hour" && countOf(m[1]) == 24) {
		return m[0]
	}
	if m := countedHours(low); m != nil && m[1] == "24" {
		return m[0]
	}
	if v := vocabs[lang]; v != nil {
		s := v.normalize(text)
		for _, r := range v.frames {
			if m := r.re.FindStringSubmatch(s); r.kind == "day" && m != nil {
				return strings.TrimSpace(m[1])
			}
		}
	}
	return ""
}

// SameDayPrefix starts a claim's note saying that its words speak of "the
// same day" ("ese mismo día", "في اليوم نفسه") as a statement before it,
// which named that day (a date follows, YYYY-MM-DD): ClaimFrame takes it
// when the words give no days of their own. The reader of the article
// (news) writes it.
const SameDayPrefix = "frame: the same day as a statement before: "

// SameSpanPrefix starts a claim's note saying that its words speak again
// of the violations a statement before counted ("ces violations"), whose
// days follow (FROM..TO): ClaimFrame takes them when the words give none.
const SameSpanPrefix = "frame: the days of the violations of a statement before: "

// SpanPrefix starts a claim's note saying that the article it came from
// counts a span other than the past 24 hours ("over the weekend", "in the
// past 48 hours", "na última semana"), when its own words give no days:
// ClaimFrame then reads the days of a count, or of no violations, from
// those words.
const SpanPrefix = "frame: the span the article counts: "

// spanIn finds the words by which text counts a span other than the past
// day: the past 48 or 72 hours, the past N days or week, the last night,
// the weekend, this week or month, the days between two named, or since a
// day named, in
// lang's rules or English.
func spanIn(lang, text string) string {
	if t, ok := withoutBaseline(text); ok {
		// The span counted, not the one it is compared with.
		if s := spanIn(lang, t); s != "" {
			return s
		}
	}
	low := strings.ToLower(text)
	if m := rePast.FindStringSubmatch(low); m != nil && (m[2] == "hour" && (countOf(m[1]) == 48 || countOf(m[1]) == 72) || m[2] == "day" || m[2] == "week") {
		return m[0]
	}
	if m := countedHours(low); m != nil && m[1] != "24" {
		return m[0]
	}
	// A count since a day ("since Friday", "desde el pasado viernes",
	// "ayın başından bu yana") is a span too: the other side's count "in
	// the same period" counts from that day.
	if m := reSinceDay.FindStringSubmatch(low); m != nil {
		return m[0]
	}
	// The calendar week or month before is the article's span only when
	// it names no other: "last week" often dates something else.
	for _, kinds := range [][]string{{"weekend", "days", "night", "week", "month", "dates", "weekdays", "night-before", "since-weekday", "since-date", "first-days"}, {"last-week", "last-month"}} {
		for _, l := range []string{lang, "en"} {
			v := vocabs[l]
			if v == nil {
				continue
			}
			s := v.normalize(text)
			for _, r := range v.frames {
				if m := r.re.FindStringSubmatch(s); slices.Contains(kinds, r.kind) && m != nil {
					return strings.TrimSpace(m[1])
				}
			}
		}
	}
	return ""
}

// PastDayPrefix starts a claim's note saying that the article it came
// from counts the past 24 hours, when its own words give no days:
// ClaimFrame then takes the day before the claim and its day.
const PastDayPrefix = "frame: the past 24 hours, as the article counts them: "

// ApplyContext gives a claim read from an article what the article says
// and its own words do not: the zones it is about, when the truce it
// speaks of began, and that it counts the past 24 hours. Each is said in
// a note.
func ApplyContext(c *truce.Claim, cx Context) {
	if len(cx.Scope.Zones) > 0 && c.Scope.All {
		for i, n := range c.Notes {
			if strings.HasPrefix(n, "scope: no zone named") {
				c.Scope = cx.Scope
				c.Notes[i] = fmt.Sprintf("scope: %s, from the article's title and lead (%q): the sentence names no zone", strings.Join(cx.Scope.Zones, ", "), cx.ScopeWords)
				break
			}
			// One zone left unnamed takes the article's only when the
			// article names one: of two, which is meant is not said.
			if strings.HasPrefix(n, ZoneAnaphorPrefix) && len(cx.Scope.Zones) == 1 && len(cx.Scope.Areas) == 0 {
				c.Scope = cx.Scope
				c.Notes[i] = fmt.Sprintf("scope: %s, the zone the article names (%q), from %s", cx.Scope.Zones[0], cx.ScopeWords, strings.TrimPrefix(n, ZoneAnaphorPrefix))
				break
			}
		}
	}
	if !cx.Since.IsZero() && !cx.Since.After(c.Date) {
		c.Notes = append(c.Notes, fmt.Sprintf("%s%s, when the truce the article speaks of began (%q)", FramePrefix, cx.Since.Format(truce.DateLayout), cx.SinceWords))
	}
	if cx.PastDay != "" {
		c.Notes = append(c.Notes, PastDayPrefix+strconv.Quote(cx.PastDay))
	} else if cx.Span != "" {
		c.Notes = append(c.Notes, SpanPrefix+strconv.Quote(cx.Span))
	}
}

// FramePrefix starts a claim's note that dates the truce it speaks of,
// when its words do not but its context does (the article it came from):
// "frame: since 2017-07-09, …". ClaimFrame reads it.
const FramePrefix = "frame: since "

func contextSince(notes []string) time.Time {
	for _, n := range notes {
		if rest, ok := strings.CutPrefix(n, FramePrefix); ok && len(rest) >= 10 {
			if t, err := truce.ParseDate(rest[:10]); err == nil {
				return t
			}
		}
	}
	return time.Time{}
}

// Context is what an article says around its claims: the truce it is
// about, when it names when that truce began, and the zones it is about,
// when it names some and not all. A claim read from one of its sentences
// takes them where its own words give none.
type Context struct {
	Since      time.Time
	SinceWords string
	// PastDay are the words by which the article counts the past 24
	// hours, as daily bulletins do; "" when it does not.
	PastDay string
	// Span are the words by which it counts a span other than the past
	// day, as bulletins over a weekend do ("over the weekend", "in the
	// past 48 hours"); "" when it does not, or counts the past day.
	Span       string
	Scope      truce.ClaimScope // empty when the article names no zone, or all
	ScopeWords string
}

// ContextOf reads an article's context: its title and lead, where news
// says what and where; text is the whole article, date its publication.
func ContextOf(lang, title, text string, date time.Time, a *truce.Agreement) Context {
	var cx Context
	low := strings.ToLower(title + ". " + text)
	if m := reTookEffect.FindStringSubmatch(low); m != nil {
		if t, ok := dayNamed(m[1], m[2], truce.CalendarDay(date)); ok {
			cx.Since, cx.SinceWords = t, m[0]
		}
	}
	cx.PastDay = pastDayIn(lang, title+". "+text)
	if cx.PastDay == "" {
		cx.Span = spanIn(lang, title+". "+text)
	}
	v := vocabs[lang]
	if v == nil {
		return cx
	}
	if cx.Since.IsZero() {
		cx.Since, cx.SinceWords = v.truceStart(title+". "+text, truce.CalendarDay(date), a)
	}
	// The title and the first paragraph: where the article says where.
	lead := title
	if i := strings.IndexByte(text, '\n'); i > 0 {
		lead += ". " + text[:i]
	} else {
		lead += ". " + text
	}
	scope, _ := v.parseScope(v.normalize(lead), a)
	if !scope.All && len(scope.Zones) > 0 {
		cx.Scope, cx.ScopeWords = scope, firstWords(lead, 12)
	}
	return cx
}

// recentTruceDays is how recent a local truce must be for a change claim
// with no days of its own to be measured from it.
const recentTruceDays = 30

// scopeTruce is the latest of a's local truces that began by c's date and
// covers every zone of c's scope (of a claim about all zones, those not
// ended by then), or nil.
func scopeTruce(c truce.Claim, a *truce.Agreement) *truce.LocalTruce {
	if a == nil || len(a.Truces) == 0 {
		return nil
	}
	date := truce.CalendarDay(c.Date)
	zones := c.Scope.Zones
	if c.Scope.All {
		live, _ := liveZones(c, a.Zones)
		zones = nil
		for _, z := range live {
			zones = append(zones, z.ID)
		}
	}
	if len(zones) == 0 {
		return nil
	}
	var latest *truce.LocalTruce
	for i, lt := range a.Truces {
		if truce.CalendarDay(lt.Date).After(date) {
			continue
		}
		covers := true
		for _, z := range zones {
			if !slices.Contains(lt.Zones, z) {
				covers = false
			}
		}
		if covers {
			latest = &a.Truces[i]
		}
	}
	return latest
}

// truceStems are the stems, in the rule languages, of the words that name
// a ceasefire rather than an agreement.
var truceStems = []string{"ceasefire", "cease-fire", "truce", "cessation", "trêve", "treve", "cessez", "tregua", "trégua", "cessar",
	"هدن", "وقف", "перемир", "прекращени", "ateşkes", "ateskes", "våpenhvile"}

func isTruceWord(kind string) bool {
	k := strings.ToLower(kind)
	for _, st := range truceStems {
		if strings.Contains(k, st) {
			return true
		}
	}
	return false
}

// withoutBaseline blanks the phrases ([baselines] of any language) that
// name what a change is measured against ("compared with the week
// before", "par rapport à la semaine précédente", "the lowest since
// January"), up to the clause's end; ok is false when there is none.
func withoutBaseline(text string) (string, bool) {
	low := strings.ToLower(text)
	if len(low) != len(text) {
		return "", false
	}
	b := []byte(text)
	ok := false
	for _, lang := range Languages() {
		re := vocabs[lang].baselines
		if re == nil {
			continue
		}
		for _, m := range re.FindAllStringIndex(low, -1) {
			for k := m[0]; k < m[1]; k++ {
				b[k] = ' '
			}
			ok = true
		}
	}
	return string(b), ok
}
