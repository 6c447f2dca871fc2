package news

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/claim"
)

// Item is a statement read as a claim, or skipped with the reason.
type Item struct {
	Statement
	Claim *claim.ParsedClaim // nil when skipped
	Skip  string             // why the statement is no checkable claim
	// Counts are the violations the statement reports counted, with their
	// reporter ("Russian side" 15, "Turkish side" 11), read whether or not
	// it is a claim: a bulletin's counts assert nothing checkable alone,
	// but are data for a reporter's series (claim.Count).
	Counts []claim.Count
}

// CountedSentence is a sentence of an article that reports counts of
// violations, whoever is said to speak.
type CountedSentence struct {
	Sentence
	Counts []claim.Count
}

// Counts reads the counts of violations in every sentence of the article
// on the ceasefire's topic, speech or not: bulletins state counts without
// a speech verb ("Russian observers registered 15 violations").
func Counts(a *Article) []CountedSentence {
	rl := langs[a.Lang]
	if rl == nil {
		return nil
	}
	var out []CountedSentence
	prev := false // the sentence before gave counts
	speakers := map[int]string{}
	for _, st := range Statements(a) {
		// The title names the organisation a person speaks for ("the
		// head of the Russian reconciliation centre, Viktor Kupchishin").
		speakers[st.N] = strings.TrimSpace(st.SpeakerTitle + " " + st.Speaker)
	}
	lead := a.Title + ". " + a.Body
	if i := strings.IndexByte(a.Body, '\n'); i > 0 {
		lead = a.Title + ". " + a.Body[:i]
	}
	issuer := claim.Issuer(a.Lang, lead)
	named := ""             // the issuer the sentences so far named last
	given := map[int]bool{} // the numbers counted so far
	prevWhat := ""          // the noun the sentence before counted, when it did
	for _, s := range Sentences(a) {
		cs := claim.ParseCounts(a.Lang, s.Text)
		if len(cs) == 0 && prev {
			// "O lado turco, por sua vez, assinalou sete": the other
			// side's count, its noun that of the sentence before.
			cs = claim.ParseCountsAfter(a.Lang, s.Text, prevWhat)
		}
		// A count said again ("All nine instances of shelling were
		// registered in Latakia and Aleppo", "söz konusu dört ihlal"):
		// the number an earlier sentence counted, with no side of its
		// own words, is no new count.
		cs = slices.DeleteFunc(cs, func(c claim.Count) bool { return c.N > 0 && c.ReporterWords == "" && given[c.N] })
		if len(cs) > 1 {
			// A share of the count before it ("five times, among them
			// three on Damascus", "بينها ثلاث مرات", "dont quinze au cours
			// de la dernière semaine"): part of that count, no count of
			// its own.
			folded := claim.Fold(a.Lang, s.Text)
			cs = append(cs[:1], slices.DeleteFunc(cs[1:], func(c claim.Count) bool {
				return (c.ReporterWords == "" || c.ReporterWords == cs[0].ReporterWords) && rl.shareOf(folded, c.Text)
			})...)
		}
		for _, c := range cs {
			given[c.N] = true
		}
		for i := range cs {
			if cs[i].Reporter == "" {
				// The article's issuer is the lead's; when the lead names
				// none ("За выходные российская часть совместной комиссии
				// зафиксировала …"), the one a sentence before named ("…,
				// отметили в Центре по примирению").
				iss := issuer
				if iss == "" {
					iss = named
				}
				cs[i].Reporter = bulletinSide(rl, speakers[s.N], s.Text, iss)
			}
		}
		if side := claim.Issuer(a.Lang, s.Text); side != "" {
			named = side
		}
		// A sentence off the topic still counts when it continues a
		// bulletin's counts with the other side's ("At the same time the
		// Turkish side have recorded 14 such cases").
		if len(cs) > 0 && (rl.onTopic(s.Text) || prev && cs[0].Reporter != "" || slices.ContainsFunc(cs, func(c claim.Count) bool { return claim.TimesCount(a.Lang, c) })) {
			out = append(out, CountedSentence{Sentence: s, Counts: cs})
			prev, prevWhat = true, cs[len(cs)-1].What
			continue
		}
		prev, prevWhat = false, ""
	}
	return out
}

// bothSides says whether counts hold each side's of the joint commission.
func bothSides(cs []claim.Count) bool {
	return slices.ContainsFunc(cs, func(c claim.Count) bool { return c.Reporter == "Russian side" }) &&
		slices.ContainsFunc(cs, func(c claim.Count) bool { return c.Reporter == "Turkish side" })
}

var reYear = regexp.MustCompile(`\b(?:19|20)\d\d\b`)

// yearsBack says whether a sentence names a year two or more before the
// day it was said ("since 2011", "desde 2011", "منذ عام ٢٠١١"): what it
// counts spans years, the war's and not a truce's.
func yearsBack(sentence string, date time.Time) bool {
	for _, y := range reYear.FindAllString(normalizeDigits(sentence), -1) {
		if n, err := strconv.Atoi(y); err == nil && !date.IsZero() && n <= date.Year()-2 {
			return true
		}
	}
	return false
}

// shareOf says whether the count read from the words count, in the folded
// sentence, follows one of the [part-of] words with at most a word
// between ("of which five", "de ellas, quince").
func (rl *rules) shareOf(folded, count string) bool {
	i := strings.Index(folded, count)
	if i <= 0 || count == "" {
		return false
	}
	before := strings.Fields(strings.Map(func(r rune) rune {
		if unicode.IsPunct(r) {
			return ' '
		}
		return r
	}, folded[:i]))
	for _, w := range rl.partOfWords {
		fw := strings.Fields(claim.Fold(rl.lang, w))
		if len(fw) == 0 {
			continue
		}
		tail := before[max(0, len(before)-len(fw)-1):]
		if strings.Contains(" "+strings.Join(tail, " ")+" ", " "+strings.Join(fw, " ")+" ") {
			return true
		}
	}
	return false
}

// bulletinSide is the side a count that names none belongs to: that
// whose bulletins its speaker issues ("No violations were registered in
// the Eastern Ghouta zone, the Russian Defence Ministry said"), or, when
// the sentence is a line of the bulletin (no one is said to speak) or its
// speaker is named by one word only ("the ministry", "it") or by a
// document ("the statement"), that of the
// organisation the sentence, else the article's lead, names as issuing
// one side's bulletins.
// A person named in full speaks for the organisation the sentence ties them
// to ("the head of the Russian Centre for Reconciliation, Viktor
// Kupchishin, told a briefing", "o chefe do Centro russo para a
// Reconciliação", "источник в Центре по примирению"; [issuer-links]).
// Anyone else's count (a monitor's, a rebel's) stays no side's.
func bulletinSide(rl *rules, speaker, sentence, issuer string) string {
	if side := claim.Issuer(rl.lang, speaker); side != "" {
		return side
	}
	f := strings.Fields(speaker)
	if len(f) > 1 && rl.determiners[lower(f[0])] {
		f = f[1:]
	}
	if len(f) <= 1 || len(f) == 2 && !isCap(f[0]) || rl.documents[lower(f[0])] {
		// No one, or one named by a bare word ("it", "the ministry") or by
		// its document ("un communiqué du ministère russe de la Défense"):
		// the organisation the sentence names as issuing, else the
		// article's.
		if side := claim.Issuer(rl.lang, sentence); side != "" {
			return side
		}
		return issuer
	}
	return rl.linkedIssuer(sentence)
}

// linkedIssuer is the side whose bulletins the organisation a link word
// of the sentence ties its speaker to issues ("the head of the Russian
// Centre for Reconciliation"): the words after the link, to the next
// comma, name it. "" when no link names one, or links name both sides.
func (rl *rules) linkedIssuer(sentence string) string {
	toks := tokenize(sentence)
	side := ""
	for _, sp := range rl.findPhrase(toks, rl.issuerLinks) {
		var words []string
		for k := sp[1]; k < len(toks) && k < sp[1]+8 && !isComma(toks[k].text); k++ {
			words = append(words, toks[k].text)
		}
		s := claim.Issuer(rl.lang, strings.Join(words, " "))
		if s != "" && side != "" && s != side {
			return ""
		}
		if s != "" {
			side = s
		}
	}
	return side
}

// LanguageSkip says why an article's statements cannot be read (no rules
// for its language), or "" when they can.
func LanguageSkip(a *Article) string {
	if langs[a.Lang] != nil {
		return ""
	}
	return fmt.Sprintf("no extraction rules for language %q (there are for %s): no statements read", a.Lang, strings.Join(Languages(), ", "))
}

// MaxClaimsPerArticle bounds the claims one article may yield: the longest
// briefings hold dozens; thousands mean a transcript or a dump, which would
// bury the claims worth checking.
const MaxClaimsPerArticle = 200

// CountClaims counts the items read as claims.
func CountClaims(items []Item) int {
	n := 0
	for _, it := range items {
		if it.Claim != nil {
			n++
		}
	}
	return n
}

// Classify reads each statement about the ceasefire's topic (the rules'
// [topic] words) into a claim against agreement a with judge's claim
// grammar; the others, and those the grammar cannot read, are skipped.
func Classify(a *Article, sts []Statement, ag *truce.Agreement) []Item {
	return classify(a, sts, ag, Counts(a))
}

// classify is Classify with the article's counted sentences (Counts) read
// once by the caller: Items needs them three times, and reading them
// reads the article's statements again.
func classify(a *Article, sts []Statement, ag *truce.Agreement, counted []CountedSentence) []Item {
	rl := langs[a.Lang]
	out := make([]Item, 0, len(sts))
	var zones *[]string // the article's, read when first needed
	// The counts that only the sentence before gives the noun of ("O lado
	// turco, por sua vez, assinalou sete"): Counts reads them.
	elliptic := map[int][]claim.Count{}
	sided := map[int][]claim.Count{} // each sentence's counts, their sides resolved
	for _, cs := range counted {
		sided[cs.N] = cs.Counts
		if len(claim.ParseCounts(a.Lang, cs.Text)) == 0 {
			elliptic[cs.N] = cs.Counts
		}
	}
	prevActor, prevN := "", 0 // the actor the sentence before accused, and its number
	for _, st := range sts {
		it := Item{Statement: st}
		// Whom a pronoun subject stands for: the actor the sentence before
		// accused, if it is the statement before.
		before, beforeN := prevActor, prevN
		if rl != nil {
			prevActor = rl.openingActor(st.Sentence, ag)
			prevN = st.N
		}
		// Counts of violations are about the ceasefire whatever words
		// they count ("18 facts of the opening of fire").
		deaths, killed := claim.ReadDeathsIn(a.Lang, st.Sentence)
		if killed && yearsBack(st.Sentence, st.Date) {
			// "The war has killed more than 330,000 people since 2011":
			// the war's toll over years, background to no truce's days.
			killed = false
		}
		if rl == nil || !rl.onTopic(st.Sentence) && len(claim.ParseCounts(a.Lang, st.Sentence)) == 0 && len(elliptic[st.N]) == 0 && !rl.accuses(st.Sentence, ag) && !killed && !rl.attackByMeans(st.Sentence) && !rl.pronounFor(st.Sentence, before, beforeN, st.N) {
			it.Skip = "not about the ceasefire"
			out = append(out, it)
			continue
		}
		p, err := claim.ParseClaimIn(a.Lang, st.Sentence, ag)
		if len(p.Counts) == 0 {
			p.Counts = elliptic[st.N]
		}
		if err == nil && (p.Assertion == truce.AssertDecline || p.Assertion == truce.AssertIncrease) && bothSides(sided[st.N]) {
			// "only two violations …, far fewer than the 19 reported by
			// the Russian side": one side's count set against the
			// other's, no change over time; the counts are the claim.
			p = countClaim(a.Lang, st.Sentence, ag, p)
		}
		it.Counts = p.Counts
		// The speaker is not the accused: "اتهمت فصائل المعارضة قوات
		// النظام بقصف …", where the accuser follows the verb.
		// Only a speaker that is an actor by its first words: a phrase run
		// on past the speaker ("وكالة سانا المجموعات المسلحة") keeps them.
		accuser := st.Sentence
		if xs := rl.actorsIn(tokenize(st.Speaker)); st.Speaker != "" && len(xs) > 0 && xs[0].start == 0 {
			accuser = strings.Replace(accuser, st.Speaker, strings.Repeat(" ", len(st.Speaker)), 1)
		}
		if id, words := rl.accusedAfter(tokenize(accuser), ag); id != "" && (err != nil || p.Assertion != truce.AssertAccusation) {
			// "X acusó a las fuerzas del Gobierno de …": the speaker accuses.
			scope, notes := claim.ParseScopeIn(a.Lang, st.Sentence, ag)
			p, err = claim.ParsedClaim{Scope: scope, Assertion: truce.AssertAccusation, Accused: id, Hedges: p.Hedges, Counts: p.Counts,
				Notes: append(notes, fmt.Sprintf("assertion: accusation, from %q", words), "accused: "+id)}, nil
		}
		if id, words, ok := rl.activeAccusation(st.Sentence, ag, true); ok && (err != nil || p.Assertion != truce.AssertAccusation && !saidBefore(st.Sentence, p, words)) {
			// The claim grammar reads passive accusations; the active
			// voice ("the militants shelled …") is read here.
			scope, notes := claim.ParseScopeIn(a.Lang, st.Sentence, ag)
			p, err = claim.ParsedClaim{Scope: scope, Assertion: truce.AssertAccusation, Accused: id, Hedges: p.Hedges, Counts: p.Counts,
				Notes: append(notes, fmt.Sprintf("assertion: accusation, from %q (active voice)", words), "accused: "+id)}, nil
		}
		if words, ok := rl.pronounAttack(st.Sentence); ok && err != nil && rl.pronounFor(st.Sentence, before, beforeN, st.N) {
			// "Militants … breached the ceasefire eight times … They
			// opened fire on inhabited localities …": the pronoun is the
			// actor of the sentence before.
			scope, notes := claim.ParseScopeIn(a.Lang, st.Sentence, ag)
			p, err = claim.ParsedClaim{Scope: scope, Assertion: truce.AssertAccusation, Accused: before, Hedges: p.Hedges, Counts: p.Counts,
				Notes: append(notes, fmt.Sprintf("assertion: accusation, from %q (the actor of the sentence before)", words), "accused: "+before)}, nil
		}
		if id, words, ok := rl.nounAccusation(st.Sentence, ag); ok && err != nil && len(p.Counts) == 0 {
			// Only when nothing else is read: "los ataques de los rebeldes
			// han disminuido" says they declined, a bulletin's line counts.
			scope, notes := claim.ParseScopeIn(a.Lang, st.Sentence, ag)
			p, err = claim.ParsedClaim{Scope: scope, Assertion: truce.AssertAccusation, Accused: id, Hedges: p.Hedges, Counts: p.Counts,
				Notes: append(notes, fmt.Sprintf("assertion: accusation, from %q (an attack and its agent)", words), "accused: "+id)}, nil
		}
		if err != nil && len(p.Counts) > 0 {
			p, err = countClaim(a.Lang, st.Sentence, ag, p), nil
		}
		// "… shells hit the villages of Tafas and Mzeireb after midnight,
		// but caused no casualties": no number of dead to read, so the
		// attack is the claim.
		if err != nil && (!killed || deaths.N == 0) {
			if zones == nil {
				cx := claim.ContextOf(a.Lang, a.Title, a.Body, a.Date, ag)
				zones = &cx.Scope.Zones
			}
			if words, scope, notes, ok := rl.unnamedAttack(a.Lang, st.Sentence, len(*zones) > 0, ag); ok {
				// "Warplanes also bombed the town of Khan Sheikhoun
				// overnight, according to residents": an attack there and
				// then, by no one the words name.
				accused, how, who := truce.AccusedUnknown, "an attack whose attacker the words do not name", "accused: "+truce.AccusedUnknown+": checked against violations by anyone"
				if id := rl.meansOf(st.Sentence, ag); id != "" {
					// "government air strikes": the means are the actor's.
					accused, how, who = id, "an attack made with the accused's means", "accused: "+id
				}
				notes = append(notes, fmt.Sprintf("assertion: accusation, from %q (%s)", words, how), who)
				p, err = claim.ParsedClaim{Scope: scope, Assertion: truce.AssertAccusation, Accused: accused, Hedges: p.Hedges, Notes: notes}, nil
			}
		}
		if err != nil && killed && deaths.N > 0 {
			// "погибли 106 мирных жителей": how many died, which the
			// deaths of the data can check.
			scope, notes := claim.ParseScopeIn(a.Lang, st.Sentence, ag)
			p, err = claim.ParsedClaim{Scope: scope, Assertion: truce.AssertCount, Hedges: p.Hedges,
				Notes: append(notes, fmt.Sprintf("assertion: count of %d %s, from %q", deaths.N, deaths.What, deaths.Said), deathsOnly)}, nil
		}
		if err == nil && len(p.Counts) > 0 && p.Counts[0].Reporter != "" {
			sideScope(p.Notes)
		}
		if err != nil {
			msg := truce.ErrorMessage(err)
			if i := strings.Index(msg, ":"); i > 0 && strings.Contains(msg, "--") {
				msg = msg[:i] // the CLI flags it suggests do not apply here
			}
			it.Skip = msg
			if len(it.Counts) > 0 {
				it.Skip = "reports counts, " + FormatCounts(it.Counts) + "; as a claim: " + msg
			}
		} else {
			if p.Assertion == truce.AssertAccusation && len(p.Counts) > 0 && rl.partOf(a.Lang, st.Sentence, ag) {
				// "خرقت الاتفاق … خمس مرات …، بينها ثلاث مرات استهدفت
				// أحياء في مدينة دمشق": the share's places are part of the
				// count's, not its bounds; the places before the share are.
				if at := shareAt(rl, st.Sentence); at > 0 {
					if zs, notes := claim.ParseScopeIn(a.Lang, st.Sentence[:at], ag); !zs.All {
						p.Scope = zs
						p.Notes = append(slices.DeleteFunc(p.Notes, func(n string) bool { return strings.HasPrefix(n, "scope:") }), notes...)
					}
				}
			}
			rl.speakersPlace(&p, a.Lang, st.Sentence, st.Speaker, ag)
			if st.DateText != "" {
				// When it was said, not what days it speaks of.
				p.Notes = append(p.Notes, claim.SaidPrefix+st.DateText)
			}
			it.Claim = &p
		}
		out = append(out, it)
	}
	return out
}

// pronounFor says whether sentence n opens with a pronoun subject of an
// attack that stands for actor, accused by sentence prevN.
func (rl *rules) pronounFor(sentence, actor string, prevN, n int) bool {
	if actor == "" || prevN != n-1 {
		return false
	}
	_, ok := rl.pronounAttack(sentence)
	return ok
}

// deathsOnly notes a claim read from a count of people killed alone.
const deathsOnly = "a count of deaths: no violations are counted, and no one is accused"

// speakersPlace leaves out of p's scope the place a speaker is said to be
// in ("Combatientes rebeldes en la provincia de Quneitra aseguraron que la
// tregua en el suroeste …", "um porta-voz … na cidade de Deraa") when the
// rest of the sentence names where the claim is: the speaker's place says
// who speaks. When the rest names no place, the speaker's stays (a
// resident of Daraa speaks of Daraa).
func (rl *rules) speakersPlace(p *claim.ParsedClaim, lang, sentence, speaker string, ag *truce.Agreement) {
	if len(p.Scope.Areas) == 0 {
		return
	}
	toks := tokenize(sentence)
	spans := rl.rolePlaceSpans(toks)
	opening := false
	if sp, ok := rl.openingPlace(toks, speaker); ok {
		spans, opening = append(spans, sp), true
	}
	if len(spans) == 0 {
		return
	}
	b := []byte(sentence)
	for _, sp := range spans {
		for i := sp[0]; i < sp[1]; i++ {
			b[i] = ' '
		}
	}
	scope, notes := claim.ParseScopeIn(lang, string(b), ag)
	if scope.All && !opening {
		return
	}
	// A place opening the sentence before its speaker is the speaker's
	// even when the rest names none: the claim then takes the article's.
	kept := slices.DeleteFunc(p.Notes, func(n string) bool { return strings.HasPrefix(n, "scope:") })
	p.Scope, p.Notes = scope, append(notes, kept...)
}

// openingPlace finds the place that opens a sentence before its speaker,
// set off by a comma ("In Moscow, the Russian Defence Ministry said …",
// "En Damasco, el Ministerio de Exteriores sirio aseguró …", "В Дамаске
// официальный представитель … заявил"): a [role-places] word, capitalised
// words, a comma or none, then within three words the speaker's words, or
// an organisation or a title that a speech verb follows.
// That is where the speaker is, often a capital naming a government, not
// where the claim is. It returns the place's byte span.
func (rl *rules) openingPlace(toks []token, speaker string) ([2]int, bool) {
	if len(toks) < 4 || !rl.rolePlaces[lower(toks[0].text)] {
		return [2]int{}, false
	}
	end := 1
	for end < len(toks) && end < 5 && isCap(toks[end].text) && !rl.isTitle(toks[end].text) && !rl.isOrg(toks[end].text) {
		end++
	}
	if end == 1 || end >= len(toks) {
		return [2]int{}, false
	}
	first := strings.Fields(lower(speaker))
	for k := end; k < min(len(toks), end+4); k++ {
		w := lower(toks[k].text)
		if len(first) > 0 && (w == first[0] || strings.HasPrefix(w, first[0])) ||
			(rl.isOrg(toks[k].text) || rl.isTitle(toks[k].text)) && len(rl.findPhrase(toks[k:], rl.verbs)) > 0 {
			return [2]int{toks[0].start, toks[end-1].end}, true
		}
	}
	return [2]int{}, false
}

// unnamedAttack reads an attack a statement reports at a place it names,
// made with means (the rules' [attack-means]: "warplanes", "قذائف") by an
// attacker it does not name: "Warplanes also bombed the town of Khan
// Sheikhoun", "قذائف سقطت أمس على مناطق أخرى في المحافظة". The means must
// stand with an attack verb or noun, or an [impact-verbs] word ("fell"),
// neither negated. The place is the sentence's, or with inZones the zones
// the article is about (its title and lead). It returns the words read and
// the sentence's scope with its notes.
func (rl *rules) unnamedAttack(lang, sentence string, inZones bool, ag *truce.Agreement) (words string, scope truce.ClaimScope, notes []string, ok bool) {
	if words, ok = rl.meansAttack(sentence); !ok {
		return "", scope, nil, false
	}
	if scope, notes = claim.ParseScopeIn(lang, sentence, ag); scope.All && !inZones {
		return "", scope, nil, false // where, neither the words nor the article say
	}
	return words, scope, notes, true
}

// negatedOutside is negated for the words before toks[i] that lie outside
// span.
func (rl *rules) negatedOutside(toks []token, i int, span [2]int) bool {
	for k := max(0, i-3); k < i; k++ {
		if k >= span[0] && k < span[1] {
			continue
		}
		if rl.negations[lower(toks[k].text)] {
			return true
		}
	}
	return false
}

// attackByMeans says whether meansAttack reads an attack in the sentence.
func (rl *rules) attackByMeans(sentence string) bool {
	_, ok := rl.meansAttack(sentence)
	return ok
}

// meansAttack reads the words of an attack made with means ([attack-means])
// and an attack verb or noun or an [impact-verbs] word, neither negated,
// wherever it is: unnamedAttack's reading before the place is asked for.
// Such a statement is about the ceasefire (Classify) whether or not the
// rules' [topic] words name it: "Unidentified gunmen opened fire on an army
// checkpoint near Rastan", "Des obus sont tombés sur la ville".
func (rl *rules) meansAttack(sentence string) (string, bool) {
	if len(rl.attackMeans) == 0 {
		return "", false
	}
	// The words as written, then with elided determiners apart: "L'artillerie
	// a bombardé", "des tirs d'artillerie" name the means after the "l'".
	whole := tokenize(sentence)
	for _, toks := range [][]token{whole, rl.splitElisions(whole)} {
		if words, ok := rl.meansAttackIn(sentence, toks); ok {
			return words, true
		}
	}
	return "", false
}

func (rl *rules) meansAttackIn(sentence string, toks []token) (string, bool) {
	var means [2]int
	found := false
	for _, m := range rl.findPhrase(toks, rl.attackMeans) {
		if !rl.negated(toks, m[0]) {
			means, found = m, true
			break
		}
	}
	if !found {
		return rl.recordedAttack(sentence, toks)
	}
	acts := slices.Concat(rl.attackVerbs, rl.attackNouns, rl.impactVerbs)
	for _, v := range rl.findPhrase(toks, acts) {
		// A negation inside the means negates no attack: "Hombres armados
		// no identificados atacaron", "homens armados não identificados".
		if rl.negatedOutside(toks, v[0], means) {
			continue
		}
		return joinToks(sentence, toks[min(means[0], v[0]):max(means[1], v[1])]), true
	}
	return "", false
}

// recordedAttack reads attacks recorded with no number and no means
// ("The centre registered shelling in the provinces of Latakia and Hama",
// "Центр … зафиксировал за сутки обстрелы в провинциях …"): a [record-verbs]
// word with an attack noun at most three words after it, neither negated,
// no number between them (a number recorded is a count).
func (rl *rules) recordedAttack(sentence string, toks []token) (string, bool) {
	nouns := rl.findPhrase(toks, rl.attackNouns)
	for i, t := range toks {
		if !rl.records(lower(t.text)) || rl.negated(toks, i) {
			continue
		}
		for _, n := range nouns {
			if n[0] <= i || n[0]-i > 4 {
				continue
			}
			number := false
			for _, b := range toks[i+1 : n[0]] {
				_, word := rl.numbers[lower(b.text)]
				number = number || isNumberToken(b.text) || word
			}
			if !number {
				return joinToks(sentence, toks[i:n[1]]), true
			}
		}
	}
	return "", false
}

// meansOf is the actor of ag the words give the attack's means to, as a
// modifier ("government air strikes", "Russian warplanes") or an agent
// after a link ("air strikes by government forces"): "" when none.
func (rl *rules) meansOf(sentence string, ag *truce.Agreement) string {
	toks := tokenize(sentence)
	actors := rl.actorsIn(toks)
	for _, m := range rl.findPhrase(toks, rl.attackMeans) {
		at := m[1]
		for k := 0; k < 3 && at < len(toks); k++ {
			l := lower(toks[at].text)
			if !slices.Contains(rl.agentLinks, l) && !rl.determiners[l] {
				break
			}
			at++
		}
		for _, x := range actors {
			if x.end == m[0] || x.end == m[0]-1 || x.start <= m[0] && x.end >= m[1] || at > m[1] && x.start == at {
				if id, ok := claim.ResolveActor(ag, x.name); ok {
					return id
				}
			}
		}
	}
	return ""
}

// accuses says whether the sentence accuses one of ag's actors with an
// accusing verb ("acusó a los grupos terroristas de disparar cohetes"):
// an accusation is about the ceasefire whatever the attack's words.
func (rl *rules) accuses(sentence string, ag *truce.Agreement) bool {
	id, _ := rl.accusedAfter(tokenize(sentence), ag)
	return id != ""
}

// saidBefore says whether the words the claim grammar read its assertion
// from come before the accusation's in the sentence, or a change among
// them: the main clause ("It was quiet on the front, which he said had seen heavy
// army bombing") decides.
func saidBefore(sentence string, p claim.ParsedClaim, accusation string) bool {
	for _, n := range p.Notes {
		if rest, ok := strings.CutPrefix(n, "assertion: "+p.Assertion+", from "); ok {
			w, err := strconv.Unquote(rest)
			low := strings.ToLower(sentence)
			i, j := strings.Index(low, strings.ToLower(w)), strings.Index(low, strings.ToLower(accusation))
			// A change inside the accusation's words: "Militants have
			// intensified shelling" says their attacks increased.
			change := p.Assertion == truce.AssertIncrease || p.Assertion == truce.AssertDecline
			return err == nil && i >= 0 && j >= 0 && (i < j || change && i < j+len(accusation))
		}
	}
	return false
}

// countClaim makes a statement that gives counts of violations and no
// other reading a count claim: "Russian officers recorded 12 ceasefire
// violations in the past day" says how many violations there were, which
// the evidence can check, besides being a datum of the reporter's series.
func countClaim(lang, sentence string, ag *truce.Agreement, p claim.ParsedClaim) claim.ParsedClaim {
	scope, notes := claim.ParseScopeIn(lang, sentence, ag)
	sideScope(notes)
	if claim.Breakdown(sentence) || langs[lang] != nil && langs[lang].partOf(lang, sentence, ag) {
		// "19 facts of firing in the provinces: Idlib - 4, Aleppo - 4, …":
		// the places share out the total, which is the side's whole count.
		scope = truce.ClaimScope{All: true}
		notes = append(slices.DeleteFunc(notes, func(n string) bool { return strings.HasPrefix(n, "scope:") }),
			"scope: all zones, as the count is broken down by province")
		if at := shareAt(langs[lang], sentence); at > 0 {
			// "23 violations in the Idlib de-escalation zone, most of them
			// in Latakia": the zone the total is in, before its share.
			if zs, _ := claim.ParseScopeIn(lang, sentence[:at], ag); !zs.All && len(zs.Zones) > 0 && len(zs.Areas) == 0 {
				scope = zs
				notes[len(notes)-1] = fmt.Sprintf("scope: %s, the zone the count's total is in; the places after share it out", strings.Join(zs.Zones, ", "))
			}
		}
	}
	c := p.Counts[0]
	if !slices.ContainsFunc(p.Counts, func(c claim.Count) bool { return c.N > 0 }) {
		// "Militares turcos não reportaram quaisquer incidentes": none.
		return claim.ParsedClaim{Scope: scope, Assertion: truce.AssertNoViolations, Hedges: p.Hedges, Counts: p.Counts,
			Notes: append(notes, fmt.Sprintf("assertion: no-violations, from %q", c.Text))}
	}
	return claim.ParsedClaim{Scope: scope, Assertion: truce.AssertCount, Hedges: p.Hedges, Counts: p.Counts,
		Notes: append(notes, fmt.Sprintf("assertion: count of %d %s, from %q", c.N, c.What, c.Text))}
}

// sideScope keeps a count's claim from taking the article's zones: a
// side counts in all it monitors unless its words say where.
func sideScope(notes []string) {
	for i, n := range notes {
		if strings.HasPrefix(n, "scope: no zone named") {
			notes[i] = "scope: the count names no zone, so all zones: a side counts in all it monitors"
		}
	}
}

// partOf says whether a sentence places only part of its count ("diez
// violaciones, seis de ellas en Latakia", "معظمها في محافظة اللاذقية"):
// the total is the side's, in all it monitors.
func (rl *rules) partOf(lang, sentence string, ag *truce.Agreement) bool {
	toks := tokenize(sentence)
	wholes := rl.findPhrase(toks, rl.wholeWords)
	for _, ph := range rl.findPhrase(toks, rl.partOfWords) {
		if slices.ContainsFunc(wholes, func(w [2]int) bool { return w[0] <= ph[0] && ph[1] <= w[1] }) {
			continue // "all of them in Idlib province": the whole count's place
		}
		// Only when a place follows in its clause: "all of them minor"
		// places nothing.
		rest := sentence[toks[ph[1]-1].end:]
		if i := strings.IndexAny(rest, ",;."); i >= 0 {
			rest = rest[:i]
		}
		if sc, _ := claim.ParseScopeIn(lang, rest, ag); !sc.All {
			return true
		}
	}
	return false
}

// shareAt is where a sentence begins to share out or place part of its
// count (the part-of words, the first share, the colon before a list);
// 0 when it does not.
func shareAt(rl *rules, sentence string) int {
	at := len(sentence)
	if rl != nil {
		toks := tokenize(sentence)
		if ps := rl.findPhrase(toks, rl.partOfWords); len(ps) > 0 {
			at = toks[ps[0][0]].start
		}
	}
	if i := claim.FirstShare(sentence); i >= 0 && i < at {
		at = i
	}
	if at == len(sentence) {
		return 0
	}
	return at
}

// Bulletins reads the sentences that are no statement and no accusation
// but give counts of violations: a bulletin's lines state them with no
// speech verb ("Turkey has recorded 19 violations: …", "O lado turco
// registrou 4 violações"). Each is a claim of its reporter (the side the
// count names, else the organisation that spoke last in the article, else
// the outlet): a count, or what else its words assert ("no violations").
func Bulletins(a *Article, sts []Statement, ag *truce.Agreement) []Item {
	return bulletins(a, sts, ag, Accusations(a, sts, ag), Counts(a))
}

// bulletins is Bulletins with the article's accusations and counted
// sentences read once by the caller (see classify).
func bulletins(a *Article, sts []Statement, ag *truce.Agreement, acc []Item, counted []CountedSentence) []Item {
	if langs[a.Lang] == nil {
		return nil
	}
	read := map[int]bool{}
	for _, st := range sts {
		read[st.N] = true
	}
	for _, it := range acc {
		read[it.N] = true
	}
	dates := newDateReader(langs[a.Lang], a.Date)
	var out []Item
	for _, cs := range counted {
		if read[cs.N] {
			continue
		}
		speaker := cs.Counts[0].Reporter
		if w := cs.Counts[0].ReporterWords; speaker != "" && w != "" {
			// The side as the article names it ("o lado turco").
			// Lower-casing must keep the bytes where they are ("İ" does not).
			if low := strings.ToLower(cs.Text); len(low) == len(cs.Text) {
				if i := strings.Index(low, w); i >= 0 {
					speaker = cs.Text[i : i+len(w)]
				}
			}
		}
		if speaker == "" {
			for _, st := range sts {
				if st.N < cs.N {
					speaker = st.Speaker
				}
			}
		}
		if speaker == "" {
			speaker = a.Outlet
		}
		if speaker == "" {
			continue // a claim needs a speaker
		}
		p, err := claim.ParseClaimIn(a.Lang, cs.Text, ag)
		if err != nil || p.Assertion == truce.AssertAccusation && p.Accused == "" {
			p = countClaim(a.Lang, cs.Text, ag, claim.ParsedClaim{Counts: cs.Counts, Hedges: p.Hedges})
		}
		p.Counts = cs.Counts
		if cs.Counts[0].Reporter != "" {
			sideScope(p.Notes)
		}
		p.Notes = append(p.Notes, "no one is said to speak: the counts are "+speaker+"'s")
		// The line is the bulletin's that the statement before it dated
		// ("segundo um comunicado divulgado na terça-feira"), if one did:
		// the last that counted, when one did, not another speaker's
		// statement between, dated by another day ("El ministro … dijo
		// el lunes en Ankara …" before "En las zonas … no se registraron
		// incidentes", a line of Tuesday's bulletin).
		date, bulletinDated := a.Date, false
		for _, st := range sts {
			if st.N >= cs.N || st.DateText == "" {
				continue
			}
			counts := slices.ContainsFunc(counted, func(c CountedSentence) bool { return c.N == st.N })
			if counts || !bulletinDated {
				date, bulletinDated = st.Date, counts
			}
		}
		out = append(out, Item{Statement: Statement{Speaker: speaker, Sentence: cs.Text, N: cs.N, Offset: cs.Offset, Date: date,
			Dates: dates.all(cs.Text)}, Claim: &p, Counts: cs.Counts})
	}
	if len(counted) == 0 && claim.Issuer(a.Lang, a.Title+". "+a.Body) == "" {
		return out
	}
	// A bulletin's line on a zone's state, with no speech verb and no
	// count ("In the northern Homs zone, the situation remained stable",
	// "В северной зоне Хомс обстановка остаётся стабильной"): a claim of
	// the bulletin's, when its words say the truce holds or saw no or only
	// minor violations in a place they name. A bulletin is an article that
	// counts violations or names an organisation that issues a side's.
	for _, cs := range counted {
		read[cs.N] = true
	}
	cx := claim.ContextOf(a.Lang, a.Title, a.Body, a.Date, ag)
	for _, sn := range Sentences(a) {
		if read[sn.N] {
			continue
		}
		p, err := claim.ParseClaimIn(a.Lang, sn.Text, ag)
		// "обстановка в зоне остается стабильной": the zone the article
		// names, when it names one, is a place too.
		anaphor := slices.ContainsFunc(p.Notes, func(n string) bool { return strings.HasPrefix(n, claim.ZoneAnaphorPrefix) }) && len(cx.Scope.Zones) > 0
		if err != nil || p.Scope.All && !anaphor || !slices.Contains([]string{truce.AssertHolding, truce.AssertNoViolations, truce.AssertNotSerious}, p.Assertion) {
			continue
		}
		speaker := ""
		for _, st := range sts {
			if st.N < sn.N {
				speaker = st.Speaker
			}
		}
		for _, it := range out {
			if speaker == "" && it.N < sn.N {
				speaker = it.Speaker
			}
		}
		if speaker == "" {
			continue
		}
		p.Notes = append(p.Notes, "a line of the bulletin, no one said to speak: "+speaker+"'s")
		out = append(out, Item{Statement: Statement{Speaker: speaker, Sentence: sn.Text, N: sn.N, Offset: sn.Offset, Date: a.Date,
			Dates: dates.all(sn.Text)}, Claim: &p})
	}
	return out
}

// Items reads every claim of an article, as `truce import news` stores
// them: its statements (Classify), the accusations no one is said to make
// (Accusations) and the bulletin lines that count (Bulletins).
func Items(a *Article, sts []Statement, ag *truce.Agreement) []Item {
	counted := Counts(a)
	out := classify(a, sts, ag, counted)
	acc := Accusations(a, sts, ag)
	for _, it := range acc {
		for i, c := range out {
			if c.N == it.N && c.Claim != nil && it.Claim != nil && slices.Contains(c.Claim.Notes, deathsOnly) {
				// "… dejando al menos siete muertos": the attack the
				// deaths are of is the claim, its agent the accused.
				out[i].Claim, out[i].Skip = nil, "the accusation of the same sentence is the claim"
			}
		}
	}
	out = append(out, acc...)
	out = append(out, bulletins(a, sts, ag, acc, counted)...)
	if rl := langs[a.Lang]; rl != nil {
		out = breakdownLines(a, sts, out, ag, counted)
		rl.sameDayNotes(out, ag, claim.ContextOf(a.Lang, a.Title, a.Body, a.Date, ag))
		for i, it := range out {
			if it.Claim != nil && it.Claim.Assertion == truce.AssertAccusation && rl.habitual(it.Sentence) {
				out[i].Claim, out[i].Skip = nil, "background: an accusation made again and again, of no days or places of its own"
			}
		}
	}
	return out
}

// breakdownLines reads the sentences that share out the count of the
// sentence before among places, with no noun of their own ("Of these, 14
// were recorded in Latakia province, nine in Aleppo province and eight in
// Hama province", "Из них пять — в провинции Латакия, четыре — в провинции
// Хама", "olayların altısı Hama'nın kuzeyinde, beşi ise Lazkiye
// kırsalında"): a count claim of the places named, giving no count of its
// own (each side's total is the sentence before's), its days the
// article's. The sentence must follow one that counted some violations,
// hold at least two numbers, name at least two places, and be no claim
// already; its speaker is its own, else that of the claim it breaks down.
// A sentence whose words speak of where the violations counted took place
// ([where-counted]: "Of the 37 attacks, 11 were in Latakia", "ces
// violations ont eu lieu dans les provinces d'Alep, d'Idleb et de
// Lattaquié") needs name only one place, and may follow the counting
// sentence with one between (the other side's count, said in between).
func breakdownLines(a *Article, sts []Statement, items []Item, ag *truce.Agreement, sentences []CountedSentence) []Item {
	counted := map[int]bool{}
	for _, cs := range sentences {
		if slices.ContainsFunc(cs.Counts, func(c claim.Count) bool { return c.N > 0 }) {
			counted[cs.N] = true
		}
	}
	if len(counted) == 0 {
		return items
	}
	claimed := map[int]int{} // sentence → index of its claim
	for i, it := range items {
		if _, ok := claimed[it.N]; it.Claim != nil && !ok {
			claimed[it.N] = i
		}
	}
	rl := langs[a.Lang]
	for _, sn := range Sentences(a) {
		if _, ok := claimed[sn.N]; ok || len(claim.ParseCounts(a.Lang, sn.Text)) > 0 {
			continue
		}
		where := rl != nil && len(rl.findPhrase(tokenize(sn.Text), rl.whereCounted)) > 0
		if !counted[sn.N-1] && !(where && counted[sn.N-2]) {
			continue
		}
		if !where && claim.NumbersIn(a.Lang, sn.Text) < 2 {
			continue
		}
		scope, notes := claim.ParseScopeIn(a.Lang, sn.Text, ag)
		if scope.All || len(scope.Zones)+len(scope.Areas) < 2 && !(where && len(scope.Zones)+len(scope.Areas) == 1) {
			continue
		}
		prev, ok := claimed[sn.N-1]
		if !ok && where {
			prev, ok = claimed[sn.N-2]
		}
		if !ok {
			continue
		}
		st := Statement{Speaker: items[prev].Speaker, Sentence: sn.Text, N: sn.N, Offset: sn.Offset, Date: items[prev].Date}
		for _, s := range sts {
			if s.N == sn.N {
				st = s
			}
		}
		p := claim.ParsedClaim{Scope: scope, Assertion: truce.AssertCount,
			Notes: append(notes, fmt.Sprintf("assertion: count, the places of the count of sentence %d (%s's), shared out", sn.N-1, items[prev].Speaker))}
		if st.DateText != "" {
			p.Notes = append(p.Notes, claim.SaidPrefix+st.DateText)
		}
		replaced := false
		for i := range items {
			if items[i].N == sn.N && items[i].Claim == nil {
				items[i].Claim, items[i].Skip, replaced = &p, "", true
				break
			}
		}
		if !replaced {
			items = append(items, Item{Statement: st, Claim: &p})
		}
	}
	return items
}

// sameDayNotes dates the claims whose words speak of "the same day" as a
// statement before, or of the same violations ("ces violations", [same-
// events]: then the days, one or more, of that statement's words), as a
// statement before ("A agência SANA acusou … no mesmo dia", "ese mismo
// día"): the day the nearest claim before names by its own words, when it
// names one day. ClaimFrame reads the note (claim.SameDayPrefix).
//
// A claim whose words give no days at all, in an article that counts no
// span (cx: no past day, span or truce start; an accusation may follow
// a truce's start), takes the one day the
// nearest claim before names by its own words as well: the day the
// article reports, when the same source goes on in the next sentence
// ("Selon l'ONG, les tirs … se sont toutefois poursuivis"
// after "… a cessé ses frappes samedi 31 août"; "Gözlemeviye göre
// saldırılarda 5 sivil hayatını kaybetti" after "… dün … bombaladığını").
func (rl *rules) sameDayNotes(items []Item, ag *truce.Agreement, cx claim.Context) {
	// An accusation is events: the truce's start or the span since a day
	// the article names is no span of them ("Selon l'ONG, des tirs … avaient déjà tué six civils"
	// after "… ont frappé dimanche soir …", in an article on a truce
	// "depuis samedi minuit"), so it still takes the day before it.
	bare := cx.PastDay == "" && cx.Span == "" && cx.Since.IsZero()
	bareEvents := cx.PastDay == ""
	for i, it := range items {
		if it.Claim == nil {
			continue
		}
		toks := tokenize(it.Sentence)
		sameDay := len(rl.findPhrase(toks, rl.sameDay)) > 0
		// "La plupart de ces violations ont été commises par les forces du
		// régime": the violations of the statement before, and its days.
		// Not when they are only conceded: "restait calme malgré ces
		// incidents" speaks of the calm, not of those incidents' days.
		sameEvents := !sameDay && len(rl.findPhrase(tokenize(claim.WithoutConcession(rl.lang, it.Sentence)), rl.sameEvents)) > 0
		inherit := false
		if !sameDay && !sameEvents {
			// Events told on, not a state: an accusation or a count ("the
			// region remains largely calm" is the day it is said).
			if !(bare || bareEvents && it.Claim.Assertion == truce.AssertAccusation) || it.Claim.Assertion != truce.AssertAccusation && it.Claim.Assertion != truce.AssertCount {
				continue
			}
			own := claim.ClaimFrame(truce.Claim{Text: it.Sentence, Date: it.Date, Assertion: it.Claim.Assertion, Notes: it.Claim.Notes}, ag)
			if !own.From.IsZero() && !own.Default || own.PerZone {
				continue
			}
			sameDay, inherit = true, true
		}
		var prev *Item
		for j := range items {
			if c := &items[j]; c.Claim != nil && c.N < it.N && (prev == nil || c.N > prev.N) {
				prev = c
			}
		}
		if prev == nil || inherit && (prev.Speaker != it.Speaker || prev.N != it.N-1) {
			continue // the article's day: the same source's, told on
		}
		f := claim.ClaimFrame(truce.Claim{Text: prev.Sentence, Date: prev.Date, Assertion: prev.Claim.Assertion, Notes: prev.Claim.Notes}, ag)
		if f.Said == "" || f.From.IsZero() || sameDay && !f.From.Equal(f.To) {
			continue
		}
		if sameEvents {
			items[i].Claim.Notes = append(items[i].Claim.Notes, claim.SameSpanPrefix+f.From.Format(truce.DateLayout)+".."+f.To.Format(truce.DateLayout)+" ("+strconv.Quote(f.Said)+")")
			continue
		}
		items[i].Claim.Notes = append(items[i].Claim.Notes, claim.SameDayPrefix+f.From.Format(truce.DateLayout)+" ("+strconv.Quote(f.Said)+")")
	}
}

// habitual says whether the sentence accuses again and again ("Russia has
// repeatedly accused militants of breaking the truce", "Ankara acusó en
// repetidas ocasiones …"): a [habitual] phrase within three words of an
// accusing verb. That is background, not a claim of days and places.
func (rl *rules) habitual(sentence string) bool {
	if len(rl.habituals) == 0 {
		return false
	}
	toks := tokenize(sentence)
	for _, acc := range rl.findPhrase(toks, rl.accuseVerbs) {
		near := toks[max(0, acc[0]-3):min(len(toks), acc[1]+3)]
		if len(rl.findPhrase(near, rl.habituals)) > 0 {
			return true
		}
	}
	return false
}

func (rl *rules) onTopic(s string) bool {
	words := strings.FieldsFunc(lower(s), func(r rune) bool {
		return !isWordRune(r) && r != '-'
	})
	if rl.topicIn(" " + strings.Join(words, " ") + " ") {
		return true
	}
	if len(rl.prefixes) == 0 {
		return false
	}
	bare := make([]string, len(words))
	for i, w := range words {
		bare[i] = rl.withoutPrefix(w)
	}
	return rl.topicIn(" " + strings.Join(bare, " ") + " ")
}

// topicIn looks for the topic words in l, words joined by single spaces
// and padded with them.
func (rl *rules) topicIn(l string) bool {
	for _, w := range rl.topic {
		if strings.Contains(l, " "+w+" ") {
			return true
		}
	}
	return rl.topicStems != nil && rl.topicStems.MatchString(l)
}

// FormatCounts says counts as "15 violations (Russian side), 11 (Turkish side)".
func FormatCounts(cs []claim.Count) string {
	var parts []string
	for _, c := range cs {
		p := fmt.Sprintf("%d %s", c.N, c.What)
		if c.Reporter != "" {
			p += " (" + c.Reporter + ")"
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, ", ")
}
