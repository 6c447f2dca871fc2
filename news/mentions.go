package news

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/gazetteer"
)

// Mention is a violent event a sentence reports ("shelling of Douma killed
// 5 civilians on Tuesday"): a candidate incident, never a verified one
// (field notes §1.7: machine-read news proposes, it does not count).
type Mention struct {
	N        int    // the sentence's number in the article, from 1
	Offset   int    // the sentence's byte offset in Article.Body
	Clause   int    // which event of the sentence, from 0 ("…, while …" reports two)
	Sentence string // the whole sentence: the words the source used
	Text     string // the clause the event is read from
	Trigger  string // the words that named the event ("air strikes")

	EventType, SubEventType string // ACLED's; SubEventType "" when the words do not tell
	SideA, SideB            string // the attacker when named, and the target
	Killed, Civilians       int    // deaths the clause reports, 0 when none are given

	Location  truce.Location
	PlaceText string // the place as written, even when the gazetteer does not know it
	From, To  time.Time
	DatePrec  truce.DatePrecision
	DateText  string // the words the date came from, "" when it was assumed
	Reason    string // how type, place and date were read, in words
	Speaker   string // who the sentence attributes the report to, "" for the outlet itself
}

// Mentions finds the incidents an article's sentences report, located
// with g (nil: the built-in gazetteer). sts are the article's statements
// (from Statements), used to name who reported an event; nil is fine.
// An article in a language with no mention rules has none.
func Mentions(a *Article, sts []Statement, g *gazetteer.Gazetteer) []Mention {
	rl := langs[a.Lang]
	if rl == nil || len(rl.triggers) == 0 {
		return nil
	}
	if g == nil {
		g = defaultGaz
	}
	speakers := map[int]string{}
	for _, st := range sts {
		speakers[st.N] = st.Speaker
	}
	dates := newDateReader(rl, a.Date)
	var out []Mention
	var ctxDate *Mention // the last mention with a date from the text, in this paragraph
	ctxPara, ctxAdmin1 := -1, ""
	for _, s := range Sentences(a) {
		if s.Paragraph != ctxPara {
			ctxDate, ctxPara = nil, s.Paragraph
		}
		for ci, cl := range splitClauses(s.Text) {
			m, ok := rl.readClause(cl, s.Text, g, dates, a.Date)
			if !ok {
				continue
			}
			m.N, m.Offset, m.Clause, m.Sentence, m.Speaker = s.N, s.Offset, ci, s.Text, speakers[s.N]
			if m.DateText == "" && ctxDate != nil {
				// "On Tuesday, … . The shelling killed five." The
				// paragraph's date carries, and says so.
				m.From, m.To, m.DatePrec = ctxDate.From, ctxDate.To, ctxDate.DatePrec
				m.DateText = ctxDate.DateText + " (earlier in the paragraph)"
			}
			if !m.Location.HasPoint && m.Location.Admin1 == "" && ctxAdmin1 != "" {
				m.Location.Admin1 = ctxAdmin1
				m.Reason += "; governorate from earlier in the article"
			}
			if m.Location.Admin1 != "" {
				ctxAdmin1 = m.Location.Admin1
			}
			m.Reason = fmt.Sprintf("news mention: %q → %s; %s; date %s", m.Trigger, typeName(m.EventType, m.SubEventType), m.Reason, dateReason(m))
			if m.DateText != "" && !strings.HasSuffix(m.DateText, "paragraph)") {
				cp := m
				ctxDate = &cp
			}
			out = append(out, m)
		}
	}
	return out
}

// defaultGaz is read once, at start-up, so concurrent callers share it.
var defaultGaz = gazetteer.Default()

func typeName(t, sub string) string {
	if sub != "" {
		return sub
	}
	return t
}

func dateReason(m Mention) string {
	span := m.From.Format(truce.DateLayout)
	if !m.To.Equal(m.From) {
		span += ".." + m.To.Format(truce.DateLayout)
	}
	if m.DateText == "" {
		return span + " (no date in the text: the day of publication or the day before)"
	}
	return fmt.Sprintf("%s from %q", span, m.DateText)
}

// splitClauses cuts a sentence where news joins two events: "; ",
// ", while ", " while ", ", whereas ". Each part keeps its words.
func splitClauses(s string) []string {
	var out []string
	rest := s
	for {
		cut := -1
		skip := 0
		for _, sep := range []string{"; ", ", while ", " while ", ", whereas "} {
			if i := strings.Index(rest, sep); i > 0 && (cut < 0 || i < cut) {
				cut, skip = i, len(sep)
			}
		}
		if cut < 0 {
			return append(out, rest)
		}
		out = append(out, rest[:cut])
		rest = rest[cut+skip:]
	}
}

// readClause reads one clause into a mention: a trigger that is not
// negated, and a place or a death toll.
func (rl *rules) readClause(cl, sentence string, g *gazetteer.Gazetteer, dates *dateReader, pub time.Time) (Mention, bool) {
	toks := tokenize(cl)
	var m Mention
	trig := -1
	for _, t := range rl.triggers {
		if f := rl.findPhrase(toks, []string{t[0]}); len(f) > 0 && !rl.negated(toks, f[0][0]) {
			trig = f[0][0]
			m.Trigger = joinToks(cl, toks[f[0][0]:f[0][1]])
			if et := truce.EventTypeOf(t[1]); et != "" {
				m.EventType, m.SubEventType = et, t[1]
			} else {
				m.EventType = t[1]
			}
			break
		}
	}
	if trig < 0 {
		return m, false
	}
	m.Killed, m.Civilians = rl.deaths(toks)
	loc, placeText, why, found := rl.place(toks, g)
	if !found && m.Killed == 0 {
		return m, false // "the fighting" with no place and no toll is no event
	}
	m.Location, m.PlaceText, m.Reason = loc, placeText, why
	m.SideA, m.SideB = rl.sides(toks, trig, m.Civilians > 0)
	m.From, m.To, m.DatePrec, m.DateText = rl.eventDate(cl, sentence, dates, pub)
	m.Text = cl
	return m, true
}

func joinToks(s string, toks []token) string {
	if len(toks) == 0 {
		return ""
	}
	return s[toks[0].start:toks[len(toks)-1].end]
}

// negated: a negation word among the three words before the trigger ("no
// air strikes", "would not strike").
func (rl *rules) negated(toks []token, i int) bool {
	for k := max(0, i-3); k < i; k++ {
		if rl.negations[lower(toks[k].text)] {
			return true
		}
	}
	return false
}

// deaths reads the clause's death toll: counts ("12 people", "five
// civilians") after a kill word ("killed 12 people") or before one ("12
// people were killed"), not across a wound word ("killed 3 and wounded 10
// civilians"). The first count is the toll; a count after "including" is
// part of it; civilians are counted where the noun says so.
func (rl *rules) deaths(toks []token) (killed, civilians int) {
	kills := rl.findPhrase(toks, rl.killWords)
	wounds := rl.findPhrase(toks, rl.woundWords)
	subsets := rl.findPhrase(toks, rl.subsetWords)
	if len(kills) == 0 {
		return 0, 0
	}
	between := func(spans [][2]int, from, to int) bool {
		for _, s := range spans {
			if s[0] >= from && s[0] < to {
				return true
			}
		}
		return false
	}
	for i := 0; i < len(toks); i++ {
		n, width := rl.number(toks, i)
		if n <= 0 {
			continue
		}
		// The victim noun within three words: "12 civilians", "five more
		// people", "12 members of one family".
		kind, vEnd := "", -1
		for k := i + width; k < min(len(toks), i+width+3); k++ {
			if v, ok := rl.victims[lower(toks[k].text)]; ok {
				kind, vEnd = v, k+1
				break
			}
		}
		if kind == "" {
			continue
		}
		linked := false
		woundedAfter := false // "three others were injured"
		for _, w := range wounds {
			woundedAfter = woundedAfter || w[0] >= vEnd && w[0]-vEnd <= 2
		}
		for _, kw := range kills {
			if woundedAfter && kw[1] <= i {
				continue
			}
			if kw[1] <= i && i-kw[1] <= 6 && !between(wounds, kw[1], i) ||
				kw[0] >= vEnd && kw[0]-vEnd <= 4 && !between(wounds, vEnd, kw[0]) {
				linked = true
			}
		}
		if !linked {
			continue
		}
		subset := between(subsets, max(0, i-3), i)
		switch {
		case killed == 0:
			killed = n
			if kind == "civilian" {
				civilians = n
			}
		case subset:
			if kind == "civilian" && civilians == 0 {
				civilians = min(n, killed)
			}
		default: // "killed 21 civilians and two fighters"
			killed += n
			if kind == "civilian" {
				civilians += n
			}
		}
		i += width
	}
	return killed, civilians
}

// number reads a count at toks[i]: digits ("1,479") or number words ("a
// dozen"), returning it and how many tokens it spans.
func (rl *rules) number(toks []token, i int) (int, int) {
	t := strings.ReplaceAll(toks[i].text, ",", "")
	if n, err := strconv.Atoi(t); err == nil {
		if n > 100000 || i > 0 && toks[i-1].text == "(" {
			return 0, 1 // a year-sized number or "(9)" is no toll
		}
		if i+1 < len(toks) && rl.months[lower(toks[i+1].text)] != 0 || i > 0 && rl.months[lower(toks[i-1].text)] != 0 {
			return 0, 1 // "4 May", "May 4"
		}
		return n, 1
	}
	if i+1 < len(toks) {
		if n, ok := rl.numbers[lower(toks[i].text)+" "+lower(toks[i+1].text)]; ok {
			return n, 2
		}
	}
	return rl.numbers[lower(toks[i].text)], 1
}

type actorSpan struct {
	name       string
	start, end int
}

// actorsIn finds the actor phrases of a clause, longest first at each word.
func (rl *rules) actorsIn(toks []token) []actorSpan {
	var out []actorSpan
	for i := 0; i < len(toks); i++ {
		for _, a := range rl.actors {
			words := strings.Fields(a[0])
			if i+len(words) > len(toks) {
				continue
			}
			ok := true
			for k, w := range words {
				ok = ok && lower(toks[i+k].text) == w
			}
			if ok {
				out = append(out, actorSpan{a[1], i, i + len(words)})
				i += len(words) - 1
				break
			}
		}
	}
	return out
}

// sides names the attacker and the target. The attacker is the actor that
// is the subject of an attack verb ("Russian warplanes struck"), the one
// modifying the trigger ("regime air strikes"), or the agent after it
// ("shelling by the militants"); the target is another actor after the
// trigger ("shelled rebel positions"), else civilians when civilians died.
func (rl *rules) sides(toks []token, trig int, civilians bool) (a, b string) {
	actors := rl.actorsIn(toks)
	verbs := rl.findPhrase(toks, append(append([]string{}, rl.attackVerbs...), rl.violVerbs...))
	isObject := func(i int) bool {
		if i == 0 {
			return false
		}
		switch lower(toks[i-1].text) {
		case "on", "against", "at", "of", "targeting", "the":
			return lower(toks[i-1].text) != "the" || i > 1 && strings.Contains(" on against at of targeting ", " "+lower(toks[i-2].text)+" ")
		}
		return false
	}
	ai := -1
	for k, x := range actors {
		if x.name == "Civilians" {
			continue
		}
		subject := false
		for _, v := range verbs {
			gap := v[0] - x.end
			if gap >= 0 && gap <= 2 {
				subject = true
			}
		}
		if !subject && isObject(x.start) {
			continue
		}
		modifier := x.end <= trig+1 && trig-x.end <= 2 || x.start <= trig && trig < x.end
		agent := false // "by the Assad regime"
		for k := max(0, x.start-3); k < x.start; k++ {
			agent = agent || lower(toks[k].text) == "by"
		}
		if subject || modifier || agent && x.start > trig {
			ai, a = k, x.name
			break
		}
	}
	// "clashes between rebels and government forces": the two, in order.
	between := false
	for k := trig + 1; k < min(len(toks), trig+3); k++ {
		between = between || lower(toks[k].text) == "between"
	}
	if a == "" && between {
		var two []string
		for _, x := range actors {
			if x.start > trig && x.name != "Civilians" && len(two) < 2 {
				two = append(two, x.name)
			}
		}
		if len(two) == 2 {
			return two[0], two[1]
		}
	}
	from := trig
	if ai >= 0 {
		from = max(trig, actors[ai].end)
	}
	for k, x := range actors {
		if k == ai || x.name == a || x.start < from {
			continue
		}
		// The target is in the same phrase: not after a comma ("…,
		// rebels and a monitor said").
		comma := false
		for j := from; j < x.start; j++ {
			comma = comma || toks[j].text == ","
		}
		if !comma {
			b = x.name
		}
		break
	}
	if b == "" && civilians {
		b = "Civilians"
	}
	return a, b
}

// eventDate dates the clause: a date it names, else one the sentence
// names, else a span ("over the past 24 hours"); else the day of
// publication or the day before, said by an empty DateText.
func (rl *rules) eventDate(cl, sentence string, dates *dateReader, pub time.Time) (from, to time.Time, prec truce.DatePrecision, text string) {
	for _, s := range []string{cl, sentence} {
		if ms := dates.all(s); len(ms) > 0 {
			return ms[0].From, ms[0].To, datePrecision(ms[0].From, ms[0].To), ms[0].Text
		}
		l := " " + strings.Join(strings.Fields(lower(s)), " ") + " "
		best := ""
		for ph := range rl.spans {
			if strings.Contains(l, " "+ph+" ") && len(ph) > len(best) {
				best = ph
			}
		}
		if best != "" {
			from = pub.AddDate(0, 0, 1-rl.spans[best])
			return from, pub, datePrecision(from, pub), best
		}
	}
	from = pub.AddDate(0, 0, -1)
	return from, pub, truce.DateDays, ""
}

// datePrecision is UCDP's date_prec of a span of days.
func datePrecision(from, to time.Time) truce.DatePrecision {
	days := int(to.Sub(from).Hours()/24) + 1
	switch {
	case days <= 1:
		return truce.DateExact
	case days <= 6:
		return truce.DateDays
	case days <= 7:
		return truce.DateWeek
	case days <= 30:
		return truce.DateMonth
	}
	return truce.DateLongerAgo
}

type placeHit struct {
	p          *gazetteer.Place
	text       string
	start, end int
	near       bool
}

// place locates a clause. Towns beat regions, regions beat governorates
// (a clause naming both says where in the governorate). A town "near" or
// on the outskirts of which something happened is PrecNear; several towns
// within 25 km of the first are PrecNear at the first; farther apart in one
// governorate, the governorate. A place name the gazetteer does not know
// ("the village of Khutaita") is kept as words, placed in the governorate
// the clause names, or nowhere.
func (rl *rules) place(toks []token, g *gazetteer.Gazetteer) (truce.Location, string, string, bool) {
	hits := rl.placeHits(toks, g)
	unknown := rl.unknownPlace(toks, g)
	var towns []placeHit
	var region, gov *placeHit
	for i := range hits {
		h := hits[i]
		switch h.p.Kind {
		case gazetteer.Town, gazetteer.City:
			if len(towns) == 0 || towns[0].p != h.p {
				towns = append(towns, h)
			}
		case gazetteer.Region:
			if region == nil {
				region = &hits[i]
			}
		default:
			if gov == nil {
				gov = &hits[i]
			}
		}
	}
	switch {
	case len(towns) > 0:
		t := towns[0]
		loc := t.p.Location()
		why := fmt.Sprintf("place %q (%s, %s)", t.text, t.p.Kind, precName(t.p.Precision))
		names := []string{t.p.Name}
		spread := 0.0
		for _, o := range towns[1:] {
			names = append(names, o.p.Name)
			spread = math.Max(spread, gazetteer.DistanceKm(t.p.Lat, t.p.Lon, o.p.Lat, o.p.Lon))
		}
		switch {
		case len(towns) > 1 && spread <= 25:
			loc.Precision = max(loc.Precision, truce.PrecNear)
			why = fmt.Sprintf("places %s, within %.0f km of each other: near the first", strings.Join(names, ", "), spread)
		case len(towns) > 1:
			if gp, ok := g.Governorate(t.p.Admin1); ok && sameAdmin1(towns) {
				loc = gp.Location()
				why = fmt.Sprintf("places %s, %.0f km apart: their governorate", strings.Join(names, ", "), spread)
			} else {
				loc.Precision = truce.PrecFuzzy
				why = fmt.Sprintf("places %s, %.0f km apart in several governorates: fuzzy", strings.Join(names, ", "), spread)
			}
		case t.near && loc.Precision < truce.PrecNear:
			loc.Precision = truce.PrecNear
			why = fmt.Sprintf("near %q (%s): within 25 km", t.text, t.p.Kind)
		}
		loc.Place = strings.Join(names, "; ")
		return loc, t.text, why, true
	case unknown != "" && (region != nil || gov != nil):
		h := gov
		if region != nil {
			h = region
		}
		loc := h.p.Location()
		loc.Place = unknown
		if gov != nil {
			loc.Admin1 = gov.p.Admin1
		}
		return loc, unknown, fmt.Sprintf("place %q not in the gazetteer: located in %q (%s)", unknown, h.text, precName(loc.Precision)), true
	case region != nil:
		return region.p.Location(), region.text, fmt.Sprintf("place %q (region, %s)", region.text, precName(region.p.Precision)), true
	case gov != nil:
		return gov.p.Location(), gov.text, fmt.Sprintf("place %q (governorate only)", gov.text), true
	case unknown != "":
		return truce.Location{Country: "Syria", Place: unknown, Precision: truce.PrecCountry}, unknown,
			fmt.Sprintf("place %q not in the gazetteer: no point", unknown), true
	}
	return truce.Location{Country: "Syria", Precision: truce.PrecCountry}, "", "no place named: no point", false
}

func sameAdmin1(hs []placeHit) bool {
	for _, h := range hs {
		if h.p.Admin1 != hs[0].p.Admin1 {
			return false
		}
	}
	return true
}

func precName(p truce.LocPrecision) string {
	switch p {
	case truce.PrecExact:
		return "exact"
	case truce.PrecNear:
		return "within 25 km"
	case truce.PrecAdmin2:
		return "district"
	case truce.PrecAdmin1:
		return "governorate"
	case truce.PrecFuzzy:
		return "fuzzy"
	}
	return "country"
}

// placeHits finds gazetteer names in the clause, longest first, ending in
// a capitalised word (so that "city of Aleppo" matches and "the area"
// does not).
func (rl *rules) placeHits(toks []token, g *gazetteer.Gazetteer) []placeHit {
	var out []placeHit
	maxN := g.MaxWords() + 1
	for i := 0; i < len(toks); i++ {
		for n := min(maxN, len(toks)-i); n >= 1; n-- {
			last := toks[i+n-1].text
			if !isCap(last) && !isCap(lastPart(last)) && !(n > 1 && rl.placeNouns[lower(last)]) || !isCap(toks[i].text) && !rl.placeNouns[lower(toks[i].text)] && !isParticle(toks[i].text) {
				continue
			}
			if !allWords(toks[i:i+n]) || rl.notPlaces[lower(last)] || rl.determiners[lower(toks[i].text)] {
				continue
			}
			p, ok := g.Lookup(joinWords(toks[i : i+n]))
			if !ok {
				continue
			}
			h := placeHit{p: p, text: joinWords(toks[i : i+n]), start: i, end: i + n}
			h.near = rl.nearBefore(toks, i) || i+n < len(toks) && rl.countryside[lower(toks[i+n].text)] && lower(toks[i+n].text) != "province" && lower(toks[i+n].text) != "governorate"
			out = append(out, h)
			i += n - 1
			break
		}
	}
	return out
}

func lastPart(w string) string {
	if i := strings.LastIndex(w, "-"); i >= 0 {
		return w[i+1:]
	}
	return w
}

func isParticle(w string) bool {
	l := lower(w)
	return strings.HasPrefix(l, "al-") || strings.HasPrefix(l, "el-") || strings.HasPrefix(l, "as-") || strings.HasPrefix(l, "ar-") || strings.HasPrefix(l, "ad-") || strings.HasPrefix(l, "an-")
}

func allWords(toks []token) bool {
	for _, t := range toks {
		if !isWordRune(firstRune(t.text)) {
			return false
		}
	}
	return true
}

// joinWords writes tokens as words joined by spaces, a comma on its own
// (", while the").
func joinWords(toks []token) string {
	ws := make([]string, len(toks))
	for i, t := range toks {
		ws[i] = t.text
	}
	return strings.Join(ws, " ")
}

func (rl *rules) nearBefore(toks []token, i int) bool {
	for _, ph := range rl.near {
		words := strings.Fields(ph)
		for back := len(words); back <= len(words)+1; back++ { // allow "the"
			s := i - back
			if s < 0 {
				continue
			}
			ok := true
			for k, w := range words {
				ok = ok && lower(toks[s+k].text) == w
			}
			if ok && (back == len(words) || rl.determiners[lower(toks[i-1].text)]) {
				return true
			}
		}
	}
	return false
}

// unknownPlace finds a place named after a place noun ("the village of
// Khutaita", "the town of Saida") that the gazetteer does not know.
func (rl *rules) unknownPlace(toks []token, g *gazetteer.Gazetteer) string {
	for i := 0; i+2 < len(toks); i++ {
		if !rl.placeNouns[lower(toks[i].text)] || lower(toks[i+1].text) != "of" {
			continue
		}
		j := i + 2
		for j < len(toks) && j < i+6 && (isCap(toks[j].text) || isParticle(toks[j].text)) {
			j++
		}
		if j == i+2 {
			continue
		}
		name := joinWords(toks[i+2 : j])
		if _, ok := g.Lookup(name); !ok {
			return name
		}
	}
	return ""
}

// Report makes the mention a news report, with provenance: Source "news",
// SourceKey a hash of the outlet, publication date, sentence and clause
// (stable across imports and file names), Origin the article's file and
// Line the sentence's number in it (news has sentences, not lines).
func (m *Mention) Report(a *Article) *truce.Report {
	h := sha256.Sum256([]byte(a.Outlet + "\x00" + a.Date.Format(truce.DateLayout) + "\x00" + m.Sentence + "\x00" + strconv.Itoa(m.Clause)))
	key := hex.EncodeToString(h[:10])
	raw := sha256.Sum256([]byte(m.Sentence))
	sources := a.Outlet
	if m.Speaker != "" {
		sources = strings.Trim(m.Speaker+"; "+a.Outlet, "; ")
	}
	if sources == "" {
		sources = a.Name
	}
	inc := truce.Incident{Source: "news", SourceKey: key, DateStart: m.From, DateEnd: m.To, DatePrecision: m.DatePrec,
		Location: m.Location, EventType: m.EventType, SubEventType: m.SubEventType, TypeReason: m.Reason,
		SideA: m.SideA, SideB: m.SideB, Fatalities: truce.Fatalities{Low: m.Killed, Best: m.Killed, High: m.Killed, Civilians: m.Civilians},
		Sources: sources, NumSources: 1, SourceText: m.Sentence}
	return &truce.Report{Source: "news", SourceKey: key, Origin: a.Name, Line: m.N, Raw: m.Sentence,
		Hash: hex.EncodeToString(raw[:]), Incident: inc}
}
