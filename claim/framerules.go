package claim

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/truce-monitor/truce"
)

// Frame words of every language are data: each file's [frame] section
// lists PATTERN = KIND, tried in order after the English phrases
// ClaimFrame reads itself. A pattern may name its parts: (?<n>…) a
// number of days, (?<wd>…) a weekday of [weekdays], (?<day>…) and
// (?<month>…) a date with a month of [months], (?<name>…) the words
// that name an agreement ("Sochi"). The kinds:
//
//	day            the past 24 hours: the day before the claim and its day
//	night          the last night: the same days, but no article's count
//	               of the past 24 hours (see ContextOf)
//	days [N]       the N days to the claim's day (N from the pattern's n,
//	               or 7 times its wk, a number of weeks)
//	week           this week: its Monday to the claim's day
//	month          this month: its first day to the claim's day
//	named-month    the month named ("in January", "في كانون الثاني"), the
//	               latest not after the claim's day (a year, (?<year>…),
//	               when the words give one): its first day to its last, or
//	               to the claim's day in the claim's own month
//	last-week      last week: the calendar week before the claim's,
//	               Monday to Sunday ("la semaine dernière", "на прошлой
//	               неделе"), not the past seven days
//	last-month     last month: the calendar month before the claim's
//	weekend        the last Saturday and Sunday before the claim's day
//	yesterday      the day before the claim's day
//	today          the claim's day
//	weekday        the day named, the latest on or before the claim's day
//	date           the date named ("on 12 March", "11 сентября"), the
//	               latest on or before the claim's day
//	dates          from one date to another of the same month ("5-7
//	               Mayıs", "с 1 по 10 октября"): day, day2 and month;
//	               or of two months (month2 the second's: "с 28 мая по
//	               3 июня")
//	weekdays       from one weekday to another ("between Monday and
//	               Tuesday"): wd and wd2, the latest such days
//	night-before   the night before the weekday or date named ("в ночь на
//	               вторник", "в ночь на 18 ноября"): the day before it
//	               and that day
//	since-weekday  from the day named to the claim's day
//	since-part     from a part of the day named ("since dawn on Saturday",
//	               "منذ فجر السبت") to the claim's day: the latest such
//	               day, the claim's own when it is named (since-weekday
//	               goes back a week then: "since Saturday", said on a
//	               Saturday, is the Saturday before)
//	since-date     from the date named to the claim's day
//	since-event    from the agreement's start, or the renewal its name names
//	nth-day N      the truce's Nth day ("durante su segundo día"), from the
//	               day it began as first-days counts
//	truce-start    from the day the truce began, named by a weekday or a
//	               date; also the frame of the article's other claims
//	first-days N   the first N days of the truce ("in the first week of
//	               the truce"): from the day the article dates it, else
//	               the agreement's start
//	said           the day a statement was made ("said on Thursday"): not
//	               the days it speaks of, so left out before the others
type frameRule struct {
	re   *regexp.Regexp
	kind string
	days int
}

var frameKinds = []string{"day", "night", "days", "week", "month", "named-month", "last-week", "last-month", "weekend", "yesterday", "today", "weekday", "date", "dates", "weekdays", "night-before", "since-weekday", "since-part", "since-date", "since-earlymonth", "since-midmonth", "since-latemonth", "since-event", "truce-start", "first-days", "nth-day", "after-start", "last-weekday", "said"}

func (v *vocab) parseFrames(sections map[string][]string, prefixes string) error {
	v.weekdays, v.months = map[string]time.Weekday{}, map[string]time.Month{}
	for _, e := range sections["weekdays"] {
		w, n, ok := strings.Cut(e, "=")
		d, err := strconv.Atoi(strings.TrimSpace(n))
		if !ok || err != nil || d < 0 || d > 6 {
			return fmt.Errorf("[weekdays] %q: want WORD = 0..6 (Sunday 0)", e)
		}
		v.weekdays[strings.TrimSpace(w)] = time.Weekday(d)
	}
	for _, e := range sections["months"] {
		w, n, ok := strings.Cut(e, "=")
		m, err := strconv.Atoi(strings.TrimSpace(n))
		if !ok || err != nil || m < 1 || m > 12 {
			return fmt.Errorf("[months] %q: want WORD = 1..12", e)
		}
		v.months[strings.TrimSpace(w)] = time.Month(m)
	}
	for _, e := range sections["frame"] {
		i := strings.LastIndex(e, " = ")
		if i < 0 {
			return fmt.Errorf("[frame] %q: want PATTERN = KIND", e)
		}
		// Folding made the kind's hyphen a space.
		k := strings.TrimSpace(e[i+3:])
		for _, hy := range []string{"since ", "truce ", "first ", "last ", "named ", "nth ", "after "} {
			k = strings.Replace(k, hy, strings.TrimSpace(hy)+"-", 1)
		}
		if k == "night before" {
			k = "night-before"
		}
		kind, arg, _ := strings.Cut(k, " ")
		if !slices.Contains(frameKinds, kind) {
			return fmt.Errorf("[frame] %q: kind %q is none of %s", e, kind, strings.Join(frameKinds, ", "))
		}
		r := frameRule{kind: kind}
		if arg != "" {
			n, err := strconv.Atoi(arg)
			if kind != "days" && kind != "first-days" && kind != "nth-day" && kind != "after-start" || err != nil || n < 1 {
				return fmt.Errorf("[frame] %q: only days and first-days take a number of days", e)
			}
			r.days = n
		}
		re, err := word([]string{strings.TrimSpace(e[:i])}, prefixes)
		if err != nil {
			return fmt.Errorf("[frame] %q: %v", e, err)
		}
		for _, g := range []string{"wd", "wd2", "day", "day2", "month", "month2"} {
			if strings.HasPrefix(kind, "since-") || kind == "weekday" || kind == "date" || kind == "dates" || kind == "weekdays" || kind == "night-before" || kind == "truce-start" || kind == "last-weekday" ||
				kind == "named-month" && g == "month" {
				continue
			}
			if re.SubexpIndex(g) >= 0 {
				return fmt.Errorf("[frame] %q: group %s is for the since- and weekday kinds", e, g)
			}
		}
		r.re = re
		v.frames = append(v.frames, r)
	}
	return nil
}

// frameFromRules reads the days text speaks of by the [frame] rules of the
// first language whose rules find any, English first (a stored claim does
// not say its language). since says the days run from an event (a change
// is then measured against as many days before it).
func frameFromRules(text string, date time.Time, a *truce.Agreement, f *Frame) (since bool) {
	langs := englishFirst()
	// A date named alone ("on 12 March") is read last, after every
	// language's spans: the words "1 de agosto" of "desde 1 de agosto" are
	// a date in another language's rules, and a dateline's date is the
	// claim's own day.
	var dated *Frame
	var datedSaid string
	for _, lang := range langs {
		v := vocabs[lang]
		s := v.normalize(text)
		// The claim's own day named alone ("today", "publicado nesta
		// terça-feira" on that Tuesday) mostly dates the words; a span the
		// sentence also gives ("no último dia") is what they speak of.
		var own *Frame
		var ownSaid string
		for _, r := range v.frames {
			m := r.re.FindStringSubmatch(s)
			if m == nil {
				continue
			}
			if r.kind == "said" {
				continue
			}
			g := *f
			since, ok := v.applyFrame(r, m, date, a, &g)
			if !ok {
				continue
			}
			if r.kind == "weekday" {
				// "No sábado, 24 de novembro", "on Saturday, November
				// 24", "24 Kasım Cumartesi": the date says which of the
				// weekdays it is, often not the latest.
				if d, said, ok := v.dateBeside(r, s, date, a, f); ok {
					*f = d
					f.Said = said
					return false
				}
			}
			if r.kind == "date" {
				if dated == nil {
					dated, datedSaid = &g, strings.TrimSpace(m[1])
				}
				continue
			}
			if (r.kind == "today" || r.kind == "weekday") && g.From.Equal(date) {
				if own == nil {
					own, ownSaid = &g, strings.TrimSpace(m[1])
				}
				continue
			}
			*f = g
			f.Said = strings.TrimSpace(m[1])
			return since
		}
		if own != nil {
			*f = *own
			f.Said = ownSaid
			return false
		}
	}
	if dated != nil {
		*f = *dated
		f.Said = datedSaid
	}
	return false
}

// dateBeside reads a date named right before or after the weekday rule
// r matches in s (no more than a comma, a space and an article between):
// the frame of that date, and its words.
func (v *vocab) dateBeside(r frameRule, s string, date time.Time, a *truce.Agreement, f *Frame) (Frame, string, bool) {
	wm := r.re.FindStringSubmatchIndex(s)
	if wm == nil || wm[2] < 0 {
		return Frame{}, "", false
	}
	near := func(gap string) bool {
		gap = strings.Trim(gap, " ,")
		return gap == "" || gap == "le" || gap == "el" || gap == "o" || gap == "the"
	}
	var out besideDate
	// The date may be in another language's words than the weekday
	// ("sábado" is Spanish and Portuguese; "novembro" only Portuguese).
	for _, lang := range englishFirst() {
		if err := vocabs[lang].readDateBeside(s, wm, near, date, a, f, &out); err {
			break
		}
	}
	return out.f, out.said, out.ok
}

type besideDate struct {
	f    Frame
	said string
	ok   bool
}

// readDateBeside is dateBeside in one language's date rules; it says
// whether it found one (out).
func (v *vocab) readDateBeside(s string, wm []int, near func(string) bool, date time.Time, a *truce.Agreement, f *Frame, out *besideDate) bool {
	for _, dr := range v.frames {
		if dr.kind != "date" {
			continue
		}
		for _, dm := range dr.re.FindAllStringSubmatchIndex(s, -1) {
			if dm[2] < 0 {
				continue
			}
			after := dm[2] >= wm[3] && dm[2]-wm[3] <= 6 && near(s[wm[3]:dm[2]])
			before := dm[3] <= wm[2] && wm[2]-dm[3] <= 6 && near(s[dm[3]:wm[2]])
			if !after && !before {
				continue
			}
			m := make([]string, len(dm)/2)
			for i := range m {
				if dm[2*i] >= 0 {
					m[i] = s[dm[2*i]:dm[2*i+1]]
				}
			}
			g := *f
			if _, ok := v.applyFrame(dr, m, date, a, &g); ok {
				*out = besideDate{g, strings.TrimSpace(s[min(wm[2], dm[2]):max(wm[3], dm[3])]), true}
				return true
			}
		}
	}
	return false
}

// applyFrame sets f from one rule's match m.
func (v *vocab) applyFrame(r frameRule, m []string, date time.Time, a *truce.Agreement, f *Frame) (since, ok bool) {
	group := func(name string) string {
		if i := r.re.SubexpIndex(name); i >= 0 {
			return m[i]
		}
		return ""
	}
	weekday := func() (time.Time, bool) {
		wd, ok := v.weekdays[group("wd")]
		if !ok {
			return time.Time{}, false
		}
		return date.AddDate(0, 0, -((int(date.Weekday()) - int(wd) + 7) % 7)), true
	}
	// namedDate is the day the match's month and its day group name, the
	// last such day not after date.
	namedDate := func(day string) (time.Time, bool) {
		month, ok := v.months[group("month")]
		d, err := strconv.Atoi(group(day))
		if !ok || err != nil {
			return time.Time{}, false
		}
		return dateNotAfter(date, month, d)
	}
	switch r.kind {
	case "day", "night":
		f.From = date.AddDate(0, 0, -1)
	case "days":
		n := r.days
		if g := group("n"); g != "" {
			n = v.numberIn(g)
		}
		if g := group("wk"); g != "" {
			n = 7 * v.numberIn(g)
		}
		if n < 1 {
			return false, false
		}
		f.From = date.AddDate(0, 0, -(n - 1))
	case "week":
		f.From = date.AddDate(0, 0, -((int(date.Weekday()) + 6) % 7))
	case "month":
		f.From = time.Date(date.Year(), date.Month(), 1, 0, 0, 0, 0, time.UTC)
	case "named-month":
		month, ok := v.months[group("month")]
		if !ok {
			return false, false
		}
		year := date.Year()
		if g := group("year"); g != "" {
			if year, ok = atoiOK(g); !ok {
				return false, false
			}
		} else if month > date.Month() {
			year--
		}
		from := time.Date(year, month, 1, 0, 0, 0, 0, time.UTC)
		if from.After(date) {
			return false, false
		}
		f.From, f.To = from, minTime(from.AddDate(0, 1, -1), date)
	case "last-week":
		monday := date.AddDate(0, 0, -((int(date.Weekday()) + 6) % 7))
		f.From, f.To = monday.AddDate(0, 0, -7), monday.AddDate(0, 0, -1)
	case "last-month":
		first := time.Date(date.Year(), date.Month(), 1, 0, 0, 0, 0, time.UTC)
		f.From, f.To = first.AddDate(0, -1, 0), first.AddDate(0, 0, -1)
	case "weekend":
		// The weekend just past: on a weekend day, the one it is in.
		sun := date.AddDate(0, 0, -int(date.Weekday()))
		if date.Weekday() == time.Saturday {
			sun = date.AddDate(0, 0, 1)
		}
		f.From, f.To = sun.AddDate(0, 0, -1), minTime(sun, date)
	case "yesterday":
		f.From, f.To = date.AddDate(0, 0, -1), date.AddDate(0, 0, -1)
	case "today":
		f.From = date
	case "weekday":
		t, ok := weekday()
		if !ok {
			return false, false
		}
		f.From, f.To = t, t
	case "date":
		t, ok := namedDate("day")
		if !ok {
			return false, false
		}
		f.From, f.To = t, t
	case "dates":
		if m2 := group("month2"); m2 != "" {
			// Two dates each with its month ("с 28 мая по 3 июня", "from
			// August 7 to August 13", "entre le 17 septembre et le 18
			// octobre"): the second the latest not after the claim's day,
			// the first the latest not after the second.
			month2, ok := v.months[m2]
			d2, err := strconv.Atoi(group("day2"))
			if !ok || err != nil {
				return false, false
			}
			to, ok := dateNotAfter(date, month2, d2)
			month, ok1 := v.months[group("month")]
			d1, err := strconv.Atoi(group("day"))
			if !ok || !ok1 || err != nil {
				return false, false
			}
			from, ok := dateNotAfter(to, month, d1)
			if !ok {
				return false, false
			}
			f.From, f.To = from, to
			break
		}
		to, ok := namedDate("day2")
		d1, err := strconv.Atoi(group("day"))
		if !ok || err != nil || to.Day() < d1 {
			return false, false
		}
		from := time.Date(to.Year(), to.Month(), d1, 0, 0, 0, 0, time.UTC)
		if from.Day() != d1 {
			return false, false
		}
		f.From, f.To = from, to
	case "weekdays":
		t, ok := weekday()
		wd2, ok2 := v.weekdays[group("wd2")]
		if !ok || !ok2 {
			return false, false
		}
		to := date.AddDate(0, 0, -((int(date.Weekday()) - int(wd2) + 7) % 7))
		from := to.AddDate(0, 0, -((int(to.Weekday()) - int(t.Weekday()) + 7) % 7))
		f.From, f.To = from, to
	case "night-before":
		t, ok := weekday()
		if group("day") != "" {
			t, ok = namedDate("day")
		}
		if !ok {
			return false, false
		}
		f.From, f.To = t.AddDate(0, 0, -1), t
	case "since-weekday":
		t, ok := weekday()
		if !ok {
			return false, false
		}
		if t.Equal(date) {
			t = t.AddDate(0, 0, -7)
		}
		f.From = t
		return true, true
	case "since-part":
		t, ok := weekday()
		if !ok {
			return false, false
		}
		f.From = t
		return true, true
	case "truce-start":
		if group("wd") != "" {
			t, ok := weekday()
			if !ok {
				return false, false
			}
			f.From = t
			return true, true
		}
		fallthrough
	case "since-date":
		t, ok := namedDate("day")
		if !ok {
			return false, false
		}
		f.From = t
		return true, true
	case "since-earlymonth", "since-midmonth", "since-latemonth":
		// "Since late April", "since the end of April": since the month's
		// last day (as the corpus labels it, the first of its days that is
		// surely late; its last third while the month is not over); "since
		// mid-May": its middle; "since early May": its first day; the
		// latest not after the claim's day.
		month, ok := v.months[group("month")]
		if !ok {
			return false, false
		}
		t, ok := dateNotAfter(date, month, map[string]int{"since-earlymonth": 1, "since-midmonth": 11, "since-latemonth": 21}[r.kind])
		if !ok {
			return false, false
		}
		if last := time.Date(t.Year(), t.Month()+1, 0, 0, 0, 0, 0, time.UTC); r.kind == "since-latemonth" && !last.After(date) {
			t = last
		}
		f.From = t
		return true, true
	case "first-days":
		start := f.start
		if start.IsZero() && a != nil {
			start = truce.CalendarDay(a.Effective)
		}
		if start.IsZero() || start.After(date) || r.days < 1 {
			return false, false
		}
		f.From = start
		if end := start.AddDate(0, 0, r.days-1); end.Before(f.To) {
			f.To = end
		}
	case "nth-day":
		// "durante su segundo día": the Nth day of the truce, from the day
		// it began (the article's truce). When the article dates no truce,
		// the words are said on that day ("la tregua … se mantenía este
		// martes, en su tercer día"): the agreement's start is no guide, as
		// the truce spoken of may be a later one.
		start := f.start
		if start.IsZero() && r.days >= 1 {
			start = date.AddDate(0, 0, 1-r.days)
		}
		nth := start.AddDate(0, 0, r.days-1)
		if start.IsZero() || nth.After(date) || r.days < 1 {
			return false, false
		}
		f.From, f.To = nth, nth
	case "last-weekday":
		// "Last Thursday", "no sábado passado", "samedi dernier": the
		// latest such weekday before the claim's day (a week back on that
		// very weekday).
		t, ok := weekday()
		if !ok {
			return false, false
		}
		if t.Equal(date) {
			t = t.AddDate(0, 0, -7)
		}
		f.From, f.To = t, t
	case "after-start":
		// "two days after the ceasefire took effect": that day of the truce
		// the article dates, else of the truce that began in the claim's
		// zones.
		start := f.start
		if start.IsZero() && f.local != nil {
			start = truce.CalendarDay(f.local.Date)
		}
		if start.IsZero() || r.days < 1 {
			return false, false
		}
		t := start.AddDate(0, 0, r.days)
		if t.After(date) {
			return false, false
		}
		f.From, f.To = t, t
	case "since-event":
		if group("name") == "" && !f.start.IsZero() && !f.start.After(date) {
			// "Since the truce began", in an article that dates the truce
			// it speaks of: since that day, not the agreement's start.
			f.From = f.start
			f.Note = fmt.Sprintf("%q: from %s, when the truce the article speaks of took effect", strings.TrimSpace(m[1]), day(f.start))
			return true, true
		}
		kind := group("kind")
		if kind == "" {
			kind = "agreement"
		}
		t, what, ok := eventDate(elided(group("name")), kind, a, date, f.local)
		if !ok {
			return false, false
		}
		f.From = t
		f.Note = fmt.Sprintf("%q: from %s, %s", strings.TrimSpace(m[1]), day(t), what)
		return true, true
	}
	return false, true
}

// dateNotAfter is day d of month, in the latest year that does not put it
// after date.
func dateNotAfter(date time.Time, month time.Month, d int) (time.Time, bool) {
	t := time.Date(date.Year(), month, d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return t, false
	}
	if t.After(date) {
		t = t.AddDate(-1, 0, 0)
	}
	return t, true
}

// elided drops what an apostrophe elides before a word ("d'astana").
func elided(s string) string {
	f := strings.Fields(s)
	for i, w := range f {
		if _, after, ok := strings.Cut(w, "'"); ok && after != "" {
			f[i] = after
		}
	}
	return strings.Join(f, " ")
}

// numberIn reads a number in digits or in the language's [numbers] words.
func (v *vocab) numberIn(s string) int {
	if n, err := strconv.Atoi(s); err == nil {
		return n
	}
	for _, w := range v.numbers {
		if m := w.re.FindStringSubmatch(s); m != nil && m[1] == s {
			return w.n
		}
	}
	return countOf(s)
}

// withoutSaid blanks the words of text that date a statement ("said on
// Thursday", "заявил в пятницу"), by every language's said rules: they
// say when the words were spoken, not what days they speak of.
func withoutSaid(text string) string {
	for _, lang := range Languages() {
		v := vocabs[lang]
		for _, r := range v.frames {
			if r.kind != "said" {
				continue
			}
			low := strings.ToLower(text)
			if len(low) != len(text) {
				continue // lower-casing changed the byte offsets: leave it
			}
			for _, m := range r.re.FindAllStringSubmatchIndex(low, -1) {
				if v.eventsSpan(low, m[2], m[3]) {
					continue
				}
				text = text[:m[2]] + strings.Repeat(" ", m[3]-m[2]) + text[m[3]:]
			}
		}
	}
	return text
}

// eventsSpan says whether a rule of v that is no said rule reads days in
// low from before start to at least end: the words say the events' days
// ("Air strikes were reported on Tuesday"), not when a statement was made.
func (v *vocab) eventsSpan(low string, start, end int) bool {
	for _, r := range v.frames {
		if r.kind == "said" {
			continue
		}
		for _, m := range r.re.FindAllStringIndex(low, -1) {
			if m[0] < start && m[1] >= end {
				return true
			}
		}
	}
	return false
}

// withoutAsides blanks the clauses a language's [relative] words open
// after a comma ("It was quiet on the front, which had seen the heaviest
// bombing in recent weeks"): their days are another event's, not the
// claim's. A clause that holds the word the claim was read from (the
// assertion's cue, from its notes) is the claim and stays. Blanking keeps
// the text's length, so offsets found in it stay valid.
func withoutAsides(text string, notes []string) string {
	cue := ""
	for _, n := range notes {
		if rest, ok := strings.CutPrefix(n, "assertion: "); ok {
			if _, q, ok := strings.Cut(rest, ", from "); ok {
				cue, _ = strconv.Unquote(q)
			}
		}
	}
	cue = strings.ToLower(cue)
	for _, lang := range Languages() {
		re := vocabs[lang].relative
		if re == nil {
			continue
		}
		for _, m := range re.FindAllStringIndex(text, -1) {
			if cue != "" && strings.Contains(strings.ToLower(text[m[0]:m[1]]), cue) {
				continue
			}
			text = text[:m[0]] + strings.Repeat(" ", m[1]-m[0]) + text[m[1]:]
		}
	}
	return text
}

// SaidPrefix starts a claim's note naming the words that date its
// statement ("date: said on Friday"): they say when it was made, not the
// days it speaks of, and ClaimFrame leaves them out.
const SaidPrefix = "date: said "

// withoutAttribution blanks the words of c's notes that date the
// statement, the first time they occur in its text.
func withoutAttribution(text string, notes []string) string {
	for _, n := range notes {
		if w, ok := strings.CutPrefix(n, SaidPrefix); ok && w != "" {
			if i := strings.Index(text, w); i >= 0 {
				text = text[:i] + strings.Repeat(" ", len(w)) + text[i+len(w):]
			}
		}
	}
	return text
}

// truceStart finds the day text says the truce began ("the truce took
// effect on Sunday" in any language's truce-start rules), for the
// article's context.
func (v *vocab) truceStart(text string, date time.Time, a *truce.Agreement) (time.Time, string) {
	s := v.normalize(text)
	for _, r := range v.frames {
		if r.kind != "truce-start" {
			continue
		}
		if m := r.re.FindStringSubmatch(s); m != nil {
			var f Frame
			if _, ok := v.applyFrame(r, m, date, a, &f); ok && !f.From.IsZero() {
				return f.From, strings.TrimSpace(m[1])
			}
		}
	}
	return time.Time{}, ""
}

// atoiOK is strconv.Atoi that reports success instead of an error.
func atoiOK(s string) (int, bool) {
	n, err := strconv.Atoi(s)
	return n, err == nil
}

// SpanPhrases are the words of text that name a span of two days or more
// by its first and last day, in lang's [frame] rules ("dans la nuit de
// dimanche à lundi", "в ночь на вторник", "between Monday and Tuesday"),
// folded: a day named in them is the events', not the day a statement
// was made.
func SpanPhrases(lang, text string) []string {
	v := vocabs[lang]
	if v == nil {
		return nil
	}
	s := v.normalize(text)
	var out []string
	for _, r := range v.frames {
		if r.kind != "weekdays" && r.kind != "dates" && r.kind != "night-before" {
			continue
		}
		for _, m := range findAll(r.re, s) {
			out = append(out, s[m[0]:m[1]])
		}
	}
	return out
}
