package news

import (
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/truce-monitor/truce/claim"
)

// Statement is one sentence of an article reporting what someone said.
type Statement struct {
	Speaker      string // the person's full name as the article gives it, or the organisation
	SpeakerTitle string // "Russian Defense Minister"; empty when none was given
	Sentence     string
	N            int // the sentence's number in the article, from 1
	Offset       int // the sentence's byte offset in Article.Body
	Quote        bool
	// Date is the day the statement was made: a date the attribution
	// names ("said on Thursday"), resolved against the publication date,
	// else that of the speaker's previous statement in the article, else
	// the publication date. DateText is the words it came from.
	Date     time.Time
	DateText string
	// Dates are all the dates the sentence mentions, resolved.
	Dates []DateMention
}

// DateMention is a date or span of days a sentence names ("July 4-5").
type DateMention struct {
	Text     string
	From, To time.Time
}

// Sentence is one sentence of an article's body.
type Sentence struct {
	Text      string
	N         int
	Offset    int
	Paragraph int
}

// Sentences splits an article's body into sentences, paragraph by
// paragraph. Lines with no closing punctuation (subheadings, bylines) are
// left out: they are not reported speech.
func Sentences(a *Article) []Sentence {
	rl := langs[a.Lang]
	if rl == nil {
		rl = langs["en"]
	}
	var out []Sentence
	off := 0
	for p, para := range strings.Split(a.Body, "\n") {
		base := off
		off += len(para) + 1
		last, _ := utf8.DecodeLastRuneInString(strings.TrimRight(para, ` "”’»)`))
		if !strings.ContainsRune(".!?", last) && !strings.ContainsRune(`"”»`, lastRune(para)) && !rl.unendedProse(para) {
			continue
		}
		for _, s := range splitSentences(rl, para) {
			out = append(out, Sentence{Text: para[s[0]:s[1]], N: len(out) + 1, Offset: base + s[0], Paragraph: p})
		}
	}
	return out
}

// unendedProse says whether a line with no closing punctuation is still a
// paragraph of reported speech, not a heading or a byline: a feed or a
// pasted text may drop a paragraph's final full stop ("…, the Observatory
// said"). Headings run to about ten words, and a long one seldom holds a
// speech verb or "according to".
func (rl *rules) unendedProse(line string) bool {
	toks := tokenize(line)
	if len(toks) < proseWords {
		return false
	}
	return len(rl.findVerbs(toks)) > 0 || len(rl.findPhrase(toks, rl.according)) > 0
}

const proseWords = 14

func lastRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}

// splitSentences returns the byte spans of p's sentences: a full stop,
// question or exclamation mark, with any closing quotes after it, then a
// space and a capital, a digit or an opening quote. Abbreviations and
// initials do not end a sentence.
func splitSentences(rl *rules, p string) [][2]int {
	var out [][2]int
	start := 0
	for i := 0; i < len(p); i++ {
		c := p[i]
		if c != '.' && c != '?' && c != '!' {
			continue
		}
		j := i + 1
		for j < len(p) {
			r, n := utf8.DecodeRuneInString(p[j:])
			if !strings.ContainsRune(`"”’»)'`, r) {
				break
			}
			j += n
		}
		if j >= len(p) || p[j] != ' ' {
			continue
		}
		next, _ := utf8.DecodeRuneInString(p[j+1:])
		// Arabic has no capitals: any letter of a caseless script may open
		// a sentence.
		caseless := unicode.IsLetter(next) && !unicode.IsLower(next) && !unicode.IsUpper(next)
		if !unicode.IsUpper(next) && !caseless && !unicode.IsDigit(next) && !strings.ContainsRune(`"“«`, next) {
			continue
		}
		if c == '.' {
			k := i
			for k > 0 && p[k-1] != ' ' && p[k-1] != '(' {
				k--
			}
			w := lower(p[k:i])
			// An initial is one letter; one digit ends a sentence ("while
			// the Turkish side registered 2. Militants …").
			if r, _ := utf8.DecodeRuneInString(w); rl.abbrevs[w] || utf8.RuneCountInString(w) == 1 && unicode.IsLetter(r) {
				continue
			}
		}
		out = append(out, [2]int{start, j})
		start = j + 1
	}
	if strings.TrimSpace(p[start:]) != "" {
		out = append(out, [2]int{start, len(p)})
	}
	return out
}

// closesWord says whether the straight quote at s[i:i+n] follows a word
// or a mark and is followed by none: a closing quote, not an opening one.
func closesWord(s string, i, n int) bool {
	before, _ := utf8.DecodeLastRuneInString(s[:i])
	after, _ := utf8.DecodeRuneInString(s[i+n:])
	return !unicode.IsSpace(before) && (i+n == len(s) || unicode.IsSpace(after) || unicode.IsPunct(after))
}

// maskQuotes returns s with every quoted span, quotes included, replaced by
// '"' bytes (same length), so that what is left is the reporter's words.
// An opening quote never closed runs to the end; a stray closing quote is
// left alone. It also reports whether a quote of three words or more was
// found.
func maskQuotes(s string) (string, bool) {
	b := []byte(s)
	quote := false
	open := -1
	mask := func(from, to int) {
		if len(strings.Fields(s[from:to])) >= 3 {
			quote = true
		}
		for k := from; k < to; k++ {
			b[k] = '"'
		}
	}
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '“' || r == '«':
			if open < 0 {
				open = i
			}
		case r == '”' || r == '»':
			if open >= 0 {
				mask(open, i+n)
				open = -1
			}
		case r == '"':
			if open < 0 && i > 0 && closesWord(s, i, n) && !strings.ContainsRune(s[:i], '"') {
				// A quote that closes a word and opens none ("… Aleppo - 4", -
				// the report said.) ends one begun in a sentence before:
				// what comes before it is quoted.
				mask(0, i+n)
			} else if open < 0 {
				open = i
			} else {
				mask(open, i+n)
				open = -1
			}
		}
		i += n
	}
	if open >= 0 {
		mask(open, len(s))
	}
	return string(b), quote
}

type token struct {
	text       string
	start, end int
}

// tokenize splits s into words (letters, digits, apostrophes, hyphens and
// inner full stops) and single punctuation marks, with byte offsets.
func tokenize(s string) []token {
	var out []token
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			i += n
			continue
		}
		if !isWordRune(r) {
			out = append(out, token{s[i : i+n], i, i + n})
			i += n
			continue
		}
		j := i
		for j < len(s) {
			r, n := utf8.DecodeRuneInString(s[j:])
			if isWordRune(r) || (r == '\'' || r == '’' || r == '-' || r == '.') && j+n < len(s) && isLetterAt(s, j+n) {
				j += n
				continue
			}
			break
		}
		out = append(out, token{s[i:j], i, j})
		i = j
	}
	return out
}

// isWordRune: letters, digits and combining marks (Arabic vowel marks and
// shadda sit inside words: "أنّ" is one word).
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

func isLetterAt(s string, i int) bool {
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsLetter(r)
}

func isCap(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}

// lower folds a word for matching against the rules, which are folded
// the same way: lower case (Turkish "İ" as "i", not "i" and a dot),
// typographic apostrophes plain, and Arabic spelling variants merged (vowel
// marks and tatweel dropped; alef with hamza, alef maqsura and ta marbuta
// as their plain letters), as news text spells them either way.
func lower(w string) string {
	w = strings.ToLower(strings.ReplaceAll(w, "İ", "i"))
	if !strings.ContainsFunc(w, func(r rune) bool { return r == '’' || r >= 0x0600 && r <= 0x06FF }) {
		return w
	}
	return arabicFold.Replace(w)
}

var arabicFold = strings.NewReplacer("’", "'", "أ", "ا", "إ", "ا", "آ", "ا", "ٱ", "ا", "ى", "ي", "ة", "ه", "ـ", "",
	"\u064B", "", "\u064C", "", "\u064D", "", "\u064E", "", "\u064F", "", "\u0650", "", "\u0651", "", "\u0652", "", "\u0670", "")

// np is a noun phrase that names a speaker, split into its parts.
type np struct {
	words   []string
	title   []string
	name    []string
	pronoun bool
	org     bool
}

func (rl *rules) isTitle(w string) bool { return rl.has(rl.titles, w) }
func (rl *rules) isNat(w string) bool   { return rl.nationality[lower(w)] != "" }
func (rl *rules) isOrg(w string) bool   { return rl.has(rl.orgs, w) }

// uninflected gives an organisation's name without the case ending its
// last word carries in the sentence ("Uzlaşma Merkezinden", "Milli
// Savunma Bakanlığının", "MSB'den"): its name as a speaker, the word of
// [orgs] or [titles] with the ending of [suffixes] cut.
func (rl *rules) uninflected(name string) string {
	if len(rl.suffixes) == 0 {
		return name
	}
	i := strings.LastIndexByte(name, ' ')
	last := name[i+1:]
	l := lower(last)
	if len(l) != len(last) || rl.orgs[l] || rl.titles[l] {
		return name
	}
	for _, suf := range rl.suffixes {
		if stem, ok := strings.CutSuffix(l, suf); ok && stem != "" {
			if st := strings.TrimSuffix(stem, "'"); rl.orgs[st] || rl.titles[st] {
				return name[:i+1] + last[:len(st)]
			}
		}
	}
	return name
}

// has looks w up in m as it is, then without a case ending of the
// language's [suffixes] (and an apostrophe before it: "Bakanlığı'na").
func (rl *rules) has(m map[string]bool, w string) bool {
	l := lower(w)
	if m[l] || m[rl.withoutPrefix(l)] {
		return true
	}
	for _, suf := range rl.suffixes {
		if stem, ok := strings.CutSuffix(l, suf); ok && stem != "" && m[strings.TrimSuffix(stem, "'")] {
			return true
		}
	}
	return false
}

// isNameWord: a capitalised word that is no title, nationality or
// organisation word, or a particle-prefixed one ("al-Assad").
func (rl *rules) isNameWord(w string) bool {
	if rl.isTitle(w) || rl.isNat(w) || rl.isOrg(w) {
		return false
	}
	if isCap(w) {
		return true
	}
	if p, _, ok := strings.Cut(lower(w), "-"); ok && rl.particles[p] {
		return true
	}
	return false
}

// eligible says whether w can be part of a speaker's noun phrase.
func (rl *rules) eligible(w string) bool {
	if w == "" || !isWordRune(firstRune(w)) {
		return false
	}
	l := lower(w)
	return isCap(w) || rl.isTitle(w) || rl.isOrg(w) || rl.particles[l] || rl.nationality[l] != "" || rl.isNameWord(w)
}

func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

// phraseBefore collects the speaker's phrase ending just before toks[end].
func (rl *rules) phraseBefore(toks []token, end int) []string {
	i := end - 1
	for i >= 0 && rl.skipBefore[lower(toks[i].text)] {
		i--
	}
	if i >= 3 && toks[i].text == ")" && (toks[i-2].text == "(" || toks[i-3].text == "(" && i >= 4) {
		// "O Observatório … (OSDH) indicou", "the Syrian Observatory for
		// Human Rights (SOHR) said": the bracket repeats the name before
		// it as an abbreviation; the name speaks.
		i -= 3
		if toks[i].text == "(" {
			i--
		}
		for i >= 0 && rl.skipBefore[lower(toks[i].text)] {
			i--
		}
	}
	if i >= 0 && rl.pronouns[lower(toks[i].text)] {
		return []string{toks[i].text}
	}
	if p := rl.rolePlaceBefore(toks, i+1); p > 0 {
		// "Combatientes rebeldes en la provincia de Quneitra aseguraron":
		// the role speaks, not the place it is in.
		return rl.phraseBefore(toks, p)
	}
	var out []string
	for ; i >= 0; i-- {
		w := toks[i].text
		l := lower(w)
		if n := rl.complementEnding(toks, i); n > 0 && i-n >= 0 && rl.eligible(toks[i-n].text) {
			// "l'Observatoire syrien des droits de l'homme a indiqué".
			for k := i; k > i-n; k-- {
				out = append(out, toks[k].text)
			}
			i -= n - 1
			continue
		}
		if rl.determiners[l] {
			out = append(out, w)
			if i >= 2 && rl.connectors[lower(toks[i-1].text)] && (rl.isTitle(toks[i-2].text) || rl.isOrg(toks[i-2].text) || rl.isNat(toks[i-2].text)) {
				// "ministère russe de la Défense": the determiner opens
				// a complement of the name, not the name.
				continue
			}
			break
		}
		if rl.rolePlaces[l] && len(out) > 0 && i > 0 && rl.isOrg(toks[i-1].text) && !rl.isOrg(out[len(out)-1]) {
			// "A witness in Deraa said": the witness speaks, not Deraa.
			return rl.phraseBefore(toks, i)
		}
		if rl.connectors[l] && len(out) > 0 && i > 0 && (rl.isTitle(toks[i-1].text) || rl.isOrg(toks[i-1].text) || rl.isNat(toks[i-1].text)) {
			// "Centro russo para a Reconciliação".
			out = append(out, w)
			continue
		}
		if !rl.eligible(w) {
			break
		}
		out = append(out, w)
	}
	for l, r := 0, len(out)-1; l < r; l, r = l+1, r-1 {
		out[l], out[r] = out[r], out[l]
	}
	return out
}

// outletAt says how many words from toks[i] name an outlet: its name,
// elided ("l'AFP"), or after one lower-case word ("agência Reuters"); 0
// when they name none.
func (rl *rules) outletAt(toks []token, i int) int {
	is := func(k int) bool {
		if k >= len(toks) {
			return false
		}
		l := lower(toks[k].text)
		if _, after, ok := strings.Cut(l, "'"); ok && after != "" {
			l = after
		}
		return rl.outlets[l] != ""
	}
	switch {
	case is(i):
		return 1
	case i < len(toks) && !isCap(toks[i].text) && is(i+1):
		return 2
	}
	return 0
}

// placeSuffixed says whether w is a name with a suffix of [place-suffixes]
// that makes it say where ("Ürdün'deki", in Jordan).
func (rl *rules) placeSuffixed(w string) bool {
	if !isCap(w) {
		return false
	}
	l := lower(w)
	for _, suf := range rl.placeSuffixes {
		if strings.HasSuffix(l, suf) && len(l) > len(suf) {
			return true
		}
	}
	return false
}

// rolePlaceSpans are the byte spans of the places speakers are said to
// be in: a [role-places] word after a title or an organisation (within
// four words), then a place as rolePlaceBefore reads one ("en la
// provincia de Quneitra", "na cidade de Deraa", "in Deraa"), the whole
// the speaker of a speech verb: right before it ("Combatientes rebeldes en
// la provincia de Quneitra aseguraron"), or after it to the sentence's
// end ("afirmou hoje à Lusa um porta-voz … na cidade de Deraa"; the span
// then runs to the end). "Forces in the town of Saida" that fired, not
// said, are no speaker.
func (rl *rules) rolePlaceSpans(toks []token) [][2]int {
	var out [][2]int
	verbAt := func(from, to int) bool {
		from, to = max(0, from), min(len(toks), to)
		return from < to && len(rl.findPhrase(toks[from:to], rl.verbs)) > 0
	}
	for p := 1; p+1 < len(toks); p++ {
		if !rl.rolePlaces[lower(toks[p].text)] {
			continue
		}
		role := -1
		for i := max(0, p-4); i < p; i++ {
			if rl.isTitle(toks[i].text) || rl.isOrg(toks[i].text) {
				role = i
				break
			}
		}
		if role < 0 {
			continue
		}
		// After the verb: the speaker's words run to the sentence's end.
		after := verbAt(role-6, role)
		k := p + 1
		if rl.determiners[lower(toks[k].text)] && k+1 < len(toks) {
			k++
		}
		if rl.rolePlaceNouns[lower(toks[k].text)] && k+1 < len(toks) {
			k++
			if (rl.connectors[lower(toks[k].text)] || rl.rolePlaces[lower(toks[k].text)]) && k+1 < len(toks) {
				k++
			}
		}
		end := k
		for end < len(toks) && isCap(toks[end].text) && !rl.isTitle(toks[end].text) && !rl.isOrg(toks[end].text) {
			end++
		}
		if end == k {
			continue
		}
		next := end
		for next < len(toks) && rl.dayWord(lower(toks[next].text)) {
			next++
		}
		switch {
		case verbAt(next, next+3):
			out = append(out, [2]int{toks[p].start, toks[end-1].end})
		case after:
			out = append(out, [2]int{toks[p].start, toks[len(toks)-1].end})
			return out
		default:
			continue
		}
		p = end - 1
	}
	return out
}

// rolePlaceBefore finds a role joined to a place that ends at toks[end]:
// "rebeldes en la provincia de Quneitra", "a witness in the town of
// Deraa". It returns the index of the word that joins them ([role-places])
// when the words after it are a place (a determiner, a place noun of
// [role-place-nouns] and its connector, then capitalised words) and the
// word before it a title or an organisation; else 0.
func (rl *rules) rolePlaceBefore(toks []token, end int) int {
	for p := end - 2; p > 0 && p >= end-7; p-- {
		if !rl.rolePlaces[lower(toks[p].text)] || !(rl.isTitle(toks[p-1].text) || rl.isOrg(toks[p-1].text)) {
			continue
		}
		k := p + 1
		det := rl.determiners[lower(toks[k].text)]
		if det {
			k++
		}
		if k < end && rl.rolePlaceNouns[lower(toks[k].text)] {
			k++
			if det && k == end {
				return p // "a rebel commander in the area said": the area named before
			}
			if k < end && (rl.connectors[lower(toks[k].text)] || rl.rolePlaces[lower(toks[k].text)]) {
				k++
			}
		}
		if k == end || k == p+1 && rl.isOrg(toks[k].text) {
			continue
		}
		// The kind of place may follow its name too: "A rebel commander
		// in Deraa city said".
		stop := end
		if stop-1 > k && rl.rolePlaceNouns[lower(toks[stop-1].text)] {
			stop--
		}
		place := true
		for _, t := range toks[k:stop] {
			place = place && isCap(t.text) && !rl.isTitle(t.text) && !rl.isOrg(t.text)
		}
		if place {
			return p
		}
	}
	return 0
}

// phraseAfter collects the speaker's phrase starting at toks[start].
func (rl *rules) phraseAfter(toks []token, start int) []string {
	var out []string
	// Words that may stand between a verb and the speaker after it: the
	// day ("a déclaré lundi le porte-parole", "dijo ayer el ministro") and
	// the language's [skip-after-verb] ("сообщили в Минобороны").
	for start < len(toks) {
		switch l := lower(toks[start].text); {
		case rl.dayWord(l) || rl.skipAfter[l]:
			start++
			continue
		case rl.datives[l]:
			// "afirmou hoje à Lusa um porta-voz", "disse à agência Reuters
			// um comandante", "a indiqué à l'AFP": whom it was told.
			if n := rl.outletAt(toks, start+1); n > 0 {
				start += 1 + n
				continue
			}
		}
		break
	}
	if n := rl.nameBeforeTitle(toks, start); n > 0 {
		// "وقال رامي عبد الرحمن مدير المرصد": a name with no capitals
		// to mark it, then the title that says who it is.
		for _, t := range toks[start : start+n] {
			out = append(out, t.text)
		}
		start += n
	}
	for i := start; i < len(toks); i++ {
		w := toks[i].text
		l := lower(w)
		if len(out) == 0 && rl.pronouns[l] {
			return []string{w}
		}
		if n := rl.complementAt(toks, i); n > 0 && len(out) > 0 {
			for _, t := range toks[i : i+n] {
				out = append(out, t.text)
			}
			i += n - 1
			continue
		}
		if rl.determiners[l] && !slices.ContainsFunc(out, func(o string) bool { return !rl.determiners[lower(o)] }) {
			out = append(out, w) // "a mesma fonte": determiners before the head
			continue
		}
		if rl.connectors[l] && len(out) > 0 && i+1 < len(toks) && isCap(toks[i+1].text) {
			out = append(out, w)
			continue
		}
		if rl.connectors[l] && len(out) > 0 && i+2 < len(toks) && rl.determiners[lower(toks[i+1].text)] && isCap(toks[i+2].text) {
			// "Observatorio Sirio para los Derechos Humanos", "Centro
			// russo para a Reconciliação": a determiner inside the name.
			out = append(out, w, toks[i+1].text)
			i++
			continue
		}
		if !rl.eligible(w) {
			if len(out) > 0 {
				if k := rl.findPhrase(toks[i:min(len(toks), i+4)], rl.knownAs); len(k) > 0 && k[0][0] == 0 {
					// "the monitor group known as the Syrian Observatory":
					// the name, not the description.
					if name := rl.phraseAfter(toks, i+k[0][1]); len(name) > 0 {
						return name
					}
				}
			}
			if n := rl.headRunsOn(toks, start, i); n > 0 {
				for _, t := range toks[i : i+n] {
					out = append(out, t.text)
				}
				i += n - 1
				continue
			}
			break
		}
		out = append(out, w)
	}
	return out
}

// nameBeforeTitle says how many words from toks[start] are a name before
// a title, in a head-first language with no capitals: up to four plain
// words (no function word, speech verb, "that" or day, title or
// organisation), then a title.
func (rl *rules) nameBeforeTitle(toks []token, start int) int {
	if !rl.headFirst {
		return 0
	}
	for n := 0; n < 4 && start+n < len(toks); n++ {
		t := toks[start+n].text
		if n > 0 && rl.isTitle(t) {
			return n
		}
		l := lower(t)
		if !unicode.IsLetter(firstRune(t)) || rl.stopwords[l] || rl.complement[l] || rl.dayWord(l) || rl.accuseLike(l) || rl.isTitle(t) || rl.isOrg(t) || rl.pronouns[l] || rl.determiners[l] {
			return 0
		}
	}
	return 0
}

// headRunsOn says how many words from toks[i] go on the phrase that
// toks[start:i] begin in a head-first language with no capitals: a
// definite word (an adjective or a genitive: "الروسي", "الجزيرة"), one
// with "لل" ("للمصالحة"), one with "ل" before a definite word ("لحقوق
// الإنسان"), or one bare adjective after a bare head ("مصدر عسكري"). The
// phrase must hold a title or an organisation and stays short; a
// function word, a speech verb, "that" or a day ends it.
func (rl *rules) headRunsOn(toks []token, start, i int) int {
	const most = 4
	if !rl.headFirst || i == start || i-start >= most+2 {
		return 0
	}
	head := false
	for _, t := range toks[start:i] {
		head = head || rl.isTitle(t.text) || rl.isOrg(t.text)
	}
	plain := func(k int) (string, bool) {
		if k >= len(toks) || !unicode.IsLetter(firstRune(toks[k].text)) {
			return "", false
		}
		l := lower(toks[k].text)
		if rl.stopwords[l] || rl.complement[l] || rl.dayWord(l) || rl.accuseLike(l) {
			return "", false
		}
		return l, true
	}
	l, ok := plain(i)
	if !head || !ok {
		return 0
	}
	definite := func(w string) bool { return strings.HasPrefix(w, "ال") }
	switch {
	case definite(l) || strings.HasPrefix(l, "لل"):
		return 1
	case strings.HasPrefix(l, "ل"):
		if next, ok := plain(i + 1); ok && definite(next) {
			return 2
		}
	case i == start+1 && !definite(lower(toks[start].text)):
		return 1
	}
	return 0
}

// complementAt is the number of tokens from toks[i] that continue an
// organisation's name (rules' [org-complements]), 0 when none does.
func (rl *rules) complementAt(toks []token, i int) int {
	for _, c := range rl.complements {
		if i+len(c) <= len(toks) && matchFolded(toks[i:i+len(c)], c) {
			return len(c)
		}
	}
	return 0
}

// complementEnding is the number of tokens ending at toks[i] that continue
// an organisation's name, 0 when none does.
func (rl *rules) complementEnding(toks []token, i int) int {
	for _, c := range rl.complements {
		if j := i + 1 - len(c); j >= 0 && matchFolded(toks[j:i+1], c) {
			return len(c)
		}
	}
	return 0
}

func matchFolded(toks []token, words []string) bool {
	for k, w := range words {
		if lower(toks[k].text) != w {
			return false
		}
	}
	return true
}

// opensRole says whether the words from toks[i] name a role: a title,
// after a determiner or not ("spokesman of …", "a spokesman for …").
func (rl *rules) opensRole(toks []token, i int) bool {
	for i < len(toks) && rl.determiners[lower(toks[i].text)] {
		i++ // "a mesma fonte": a determiner and "same"
	}
	return i < len(toks) && rl.isTitle(toks[i].text)
}

// accuseLike says whether the folded word l is a speech verb or opens an
// attribution: no part of a speaker's name.
func (rl *rules) accuseLike(l string) bool {
	return slices.Contains(rl.verbs, l) || slices.Contains(rl.verbs, rl.withoutPrefix(l)) || slices.Contains(rl.according, l)
}

// analyse splits a phrase into title and name.
func (rl *rules) analyse(words []string) (np, bool) {
	p := np{words: words}
	for len(words) > 0 && rl.determiners[lower(words[0])] {
		words = words[1:]
	}
	// "Lavrov and de Mistura": the last conjunct speaks for this reading.
	if len(words) == 0 {
		return p, false
	}
	if len(words) == 1 && rl.pronouns[lower(words[0])] {
		p.pronoun = true
		return p, true
	}
	if len(words) == 1 && rl.stopwords[lower(words[0])] {
		// A function word capitalised by the sentence's start ("Как
		// сообщили в Центре …", "Se registraron … según …") names no one.
		return p, false
	}
	n := len(words)
	for n > 0 && (rl.isNameWord(words[n-1]) || rl.particles[lower(words[n-1])] && n < len(words)) {
		n--
	}
	p.title, p.name = words[:n], words[n:]
	// Sentence adverbs and conjunctions ("But") are no part of a title.
	for len(p.title) > 0 && !rl.isTitle(p.title[0]) && !rl.isNat(p.title[0]) && !rl.isOrg(p.title[0]) && isCap(p.title[0]) && len(p.name) > 0 {
		p.title = p.title[1:]
	}
	// An organisation, unless a title introduces a name ("Observatory head
	// Rami Abdel Rahman"; but "Observatory for Human Rights").
	for _, w := range words {
		if rl.isOrg(w) {
			p.org = true
		}
	}
	if p.org && len(p.name) > 0 && len(p.title) > 0 && rl.isTitle(p.title[len(p.title)-1]) && !rl.isOrg(p.title[len(p.title)-1]) {
		p.org = false
	}
	if p.org {
		p.title, p.name = words, nil
	}
	if len(p.name) == 0 && !p.org {
		hasTitle := false
		for _, w := range p.title {
			hasTitle = hasTitle || rl.isTitle(w)
		}
		if !hasTitle {
			return p, false
		}
	}
	return p, true
}

// person is someone an article names.
type person struct {
	name  string
	title string
}

type resolver struct {
	rl      *rules
	persons []*person // most recently mentioned last
	orgs    []string
	last    *person // the last person who spoke
	// lastOrg is the last organisation that spoke, which "it" refers to.
	lastOrg string
	// lastRole is the last speaker named by a role only ("un diplomate
	// occidental"), whom "he" may refer to when no named person spoke.
	lastRole string
	// roleSpokeLast: the last speaker was lastRole, not last ("Another
	// rebel official … said …. It was quiet on the front, which he said
	// …": he is the official).
	roleSpokeLast bool
}

func (r *resolver) touch(p *person) {
	for i, q := range r.persons {
		if q == p {
			r.persons = append(r.persons[:i], r.persons[i+1:]...)
			break
		}
	}
	r.persons = append(r.persons, p)
}

// normRole lower-cases a title, maps role descriptions onto titles and
// drops nationality words; nat is the country the title names.
func (r *resolver) normRole(title string) (role, nat string) {
	s := " " + strings.Join(strings.Fields(lower(strings.ReplaceAll(title, "-", " "))), " ") + " "
	for _, m := range r.rl.roles {
		s = strings.ReplaceAll(s, " "+m[0]+" ", " "+m[1]+" ")
	}
	var kept []string
	for _, w := range strings.Fields(s) {
		if c := r.rl.nationality[w]; c != "" {
			if nat == "" {
				nat = c
			}
			continue
		}
		if r.rl.determiners[w] {
			continue
		}
		kept = append(kept, w)
	}
	return strings.Join(kept, " "), nat
}

// register records a person named with a title, or finds them.
func (r *resolver) person(name, title string) *person {
	key := lower(strings.ReplaceAll(name, "-", " "))
	var found *person
	for i := len(r.persons) - 1; i >= 0; i-- {
		p := r.persons[i]
		pk := lower(strings.ReplaceAll(p.name, "-", " "))
		if pk == key || strings.HasSuffix(pk, " "+key) || strings.HasSuffix(key, " "+pk) {
			found = p
			break
		}
	}
	if found == nil {
		found = &person{name: name}
	} else if len(name) > len(found.name) {
		found.name = name
	}
	if title != "" && found.title == "" {
		found.title = title
	}
	r.touch(found)
	return found
}

// byRole finds the last person whose title the description fits.
func (r *resolver) byRole(title string) *person {
	role, nat := r.normRole(title)
	if role == "" {
		return nil
	}
	for i := len(r.persons) - 1; i >= 0; i-- {
		p := r.persons[i]
		prole, pnat := r.normRole(p.title)
		if prole == "" || nat != "" && pnat != "" && nat != pnat {
			continue
		}
		if containsWords(prole, role) {
			return p
		}
	}
	return nil
}

// commonPrefix is the number of runes a and b begin with alike.
func commonPrefix(a, b []rune) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}

// phraseText joins a phrase's words with spaces, but none after an elided
// article: "l'homme", not "l' homme".
func phraseText(words []string) string {
	var b strings.Builder
	for i, w := range words {
		if i > 0 && !strings.HasSuffix(words[i-1], "'") && !strings.HasSuffix(words[i-1], "’") {
			b.WriteByte(' ')
		}
		b.WriteString(w)
	}
	return b.String()
}

func containsWords(s, w string) bool {
	return strings.Contains(" "+s+" ", " "+w+" ")
}

// mentions registers the people a sentence names with a title
// ("UN Special Envoy for Syria Staffan de Mistura").
func (r *resolver) mentions(toks []token) {
	for i := 0; i < len(toks); {
		j := i
		for j < len(toks) && (r.rl.eligible(toks[j].text) || r.rl.connectors[lower(toks[j].text)] && j > i) {
			j++
		}
		if j == i {
			i++
			continue
		}
		words := make([]string, 0, j-i)
		for _, t := range toks[i:j] {
			words = append(words, t.text)
		}
		if p, ok := r.rl.analyse(words); ok && !p.org && !p.pronoun && len(p.name) > 0 {
			hasTitle := false
			for _, w := range p.title {
				hasTitle = hasTitle || r.rl.isTitle(w)
			}
			if hasTitle {
				r.person(phraseText(p.name), phraseText(p.title))
			} else if len(p.title) == 0 && j+1 < len(toks) && toks[j].text == "," && r.rl.opensRole(toks, j+1) {
				// "Nursultan Nazarbayev, President of Kazakhstan, met …":
				// the title after the name, up to the next comma.
				k := j + 1
				for k < len(toks) && toks[k].text != "," && k-j <= 8 {
					k++
				}
				// Only an aside closed by a comma with no speech verb in
				// it: in "… in Daraa and Quneitra, the senior diplomat
				// noted", Quneitra is no diplomat.
				if k >= len(toks) || toks[k].text != "," || len(r.rl.findVerbs(toks[j+1:k])) > 0 {
					i = j
					continue
				}
				var title []string
				for _, t := range toks[j+1 : k] {
					if !r.rl.determiners[lower(t.text)] || len(title) > 0 {
						title = append(title, t.text)
					}
				}
				r.person(phraseText(p.name), phraseText(title))
			}
		}
		i = j
	}
}

// resolve returns the speaker a phrase denotes, and their title.
func (r *resolver) resolve(p np) (speaker, title string, ok bool) {
	switch {
	case p.pronoun:
		if r.rl.orgPronouns[lower(p.words[0])] && r.lastOrg != "" {
			return r.lastOrg, "", true
		}
		if r.roleSpokeLast && r.lastRole != "" && !r.rl.orgPronouns[lower(p.words[0])] {
			return r.lastRole, r.lastRole, true
		}
		if r.last != nil {
			if r.last.title == "" && !strings.Contains(r.last.name, " ") {
				// A bare one-word name ("Akorda reports") may be a
				// website or an agency: "he" is the person with a role
				// named since, if any ("Nursultan Nazarbayev, President
				// of Kazakhstan, met …, Akorda reports. … he said").
				for i := len(r.persons) - 1; i >= 0; i-- {
					if q := r.persons[i]; q != r.last && q.title != "" {
						return q.name, q.title, true
					}
				}
			}
			return r.last.name, r.last.title, true
		}
		if r.lastRole != "" {
			return r.lastRole, r.lastRole, true
		}
		if len(r.persons) > 0 {
			q := r.persons[len(r.persons)-1]
			return q.name, q.title, true
		}
		if r.lastOrg != "" {
			// No person named yet: the last speaker, named by a word the
			// rules keep with organisations ("источник", "житель"): "по
			// его словам" after "сообщил источник".
			return r.lastOrg, "", true
		}
		return "", "", false
	case p.org:
		name := r.rl.uninflected(phraseText(p.title))
		if head := lower(p.title[len(p.title)-1]); r.rl.documents[head] && len(p.title) == 1 && len(r.orgs) > 0 {
			return r.orgs[len(r.orgs)-1], "", true
		}
		if len(p.title) == 1 {
			// "المرصد", "الوزارة": a definite head alone is the last
			// organisation it heads.
			if head, ok := r.rl.withoutArticle(lower(p.title[0])); ok {
				for i := len(r.orgs) - 1; i >= 0; i-- {
					for _, w := range strings.Fields(lower(r.orgs[i])) {
						if b, _ := r.rl.withoutArticle(w); b == head {
							r.lastOrg = r.orgs[i]
							return r.orgs[i], "", true
						}
					}
				}
			}
		}
		if len(p.title) == 1 && len(p.words) == 1 {
			// A bare head alone ("Bakanlık", "Merkez", "Observatory") is the
			// organisation named before with that head, in whatever case
			// form ("Milli Savunma Bakanlığı", "Uzlaşma Merkezi").
			head := []rune(lower(p.title[0]))
			for i := len(r.orgs) - 1; i >= 0 && len(head) >= 4; i-- {
				f := strings.Fields(lower(r.orgs[i]))
				if len(f) >= 2 && commonPrefix(head, []rune(f[len(f)-1])) >= len(head)-1 {
					r.lastOrg = r.orgs[i]
					return r.orgs[i], "", true
				}
			}
		}
		if len(p.title) == 1 && r.rl.orgAnaphors[lower(p.title[0])] && r.lastOrg != "" {
			// "La ONG précisa", "по данным организации": the organisation
			// named last.
			return r.lastOrg, "", true
		}
		if len(p.words) > 0 && (lower(p.words[0]) == "the" || r.rl.determiners[lower(p.words[0])]) {
			// "the Ministry", "o ministério": the last organisation with
			// that head.
			head := lower(p.title[len(p.title)-1])
			for i := len(r.orgs) - 1; i >= 0; i-- {
				if containsWords(lower(r.orgs[i]), head) && r.sameCountry(p.title, r.orgs[i]) {
					r.lastOrg = r.orgs[i]
					return r.orgs[i], "", true
				}
			}
		}
		r.orgs = append(r.orgs, name)
		r.lastOrg = name
		return name, "", true
	case len(p.name) > 0:
		q := r.person(phraseText(p.name), phraseText(p.title))
		r.last, r.roleSpokeLast = q, false
		return q.name, q.title, true
	}
	t := phraseText(p.title)
	if q := r.byRole(t); q != nil {
		r.touch(q)
		r.last, r.roleSpokeLast = q, false
		return q.name, q.title, true
	}
	r.lastRole, r.roleSpokeLast = t, true
	return t, t, true
}

// Statements finds the article's reported statements. An article in a
// language with no rules file has none.
func Statements(a *Article) []Statement {
	rl := langs[a.Lang]
	if rl == nil {
		return nil
	}
	res := &resolver{rl: rl}
	dates := newDateReader(rl, a.Date)
	var out []Statement
	lastDate := map[string]time.Time{}
	prevPara, prevStmt := -1, -1
	for _, s := range Sentences(a) {
		outside, quote := maskQuotes(s.Text)
		res.mentions(tokenize(s.Text))
		toks := rl.splitElisions(tokenize(outside))
		st := Statement{Sentence: s.Text, N: s.N, Offset: s.Offset, Quote: quote, Dates: dates.all(s.Text)}
		verbStart, verbEnd, found := -1, -1, false
		// Continues the statement of the sentence before: a speech verb
		// with no subject of its own ("Añadió que …", "…, a-t-il ajouté")
		// has the same speaker.
		continues := prevStmt >= 0 && out[prevStmt].N == s.N-1
		according := false
		for _, v := range rl.closingFirst(toks, rl.findVerbs(toks)) {
			if pr := rl.verbPronoun(toks[v[0]].text); pr != "" {
				// "…, a-t-il ajouté": the verb carries its subject.
				if p, ok := rl.analyse([]string{pr}); ok {
					if st.Speaker, st.SpeakerTitle, ok = res.resolve(p); ok {
						verbStart, verbEnd, found = toks[v[0]].start, toks[v[1]-1].end, true
						break
					}
				}
				if continues {
					prev := out[prevStmt]
					st.Speaker, st.SpeakerTitle = prev.Speaker, prev.SpeakerTitle
					verbStart, verbEnd, found = toks[v[0]].start, toks[v[1]-1].end, true
					break
				}
				continue
			}
			words := rl.phraseBefore(toks, v[0])
			if rl.verbFirst && (v[0] == 0 || isComma(toks[v[0]-1].text)) {
				// "…, dijo el portavoz": where the speaker may follow the
				// verb, one right after it wins over a name before the comma.
				if after := rl.phraseAfter(toks, v[1]); len(after) > 0 {
					if _, ok := rl.analyse(after); ok {
						words = after
					}
				}
			}
			if len(words) == 0 && v[0] > 1 && toks[v[0]-1].text == "," {
				// An apposition: "The head of the delegation, Mohammad
				// Alloush, said".
				if w := rl.phraseBefore(toks, v[0]-1); len(w) > 0 {
					if p, ok := rl.analyse(w); ok && len(p.name) > 0 {
						words = w
					}
				}
				// The speaker before an apposition or an aside: "The Syrian
				// Observatory for Human Rights, a Britain-based monitor,
				// said", "Another rebel official, in Deraa city, said".
				// A long aside is taken only when it opens with a role
				// ("Major Issam al Rayes, spokesman of the Southern Front
				// coalition of Western-backed rebel groups, said").
				for k := v[0] - 2; len(words) == 0 && k > 0 && k >= v[0]-24; k-- {
					if toks[k].text == `"` {
						break
					}
					if toks[k].text == "," && k < v[0]-10 && !rl.opensRole(toks, k+1) {
						break
					}
					if toks[k].text == "," {
						if w := rl.phraseBefore(toks, k); len(w) > 0 {
							if _, ok := rl.analyse(w); ok {
								words = w
							}
						}
						break
					}
				}
			}
			// The speaker after the verb: after a quote ("…," said X;
			// "…", informou o centro) or in a verb-first language.
			quoteBefore := v[0] > 0 && toks[v[0]-1].text == `"` || v[0] > 1 && toks[v[0]-1].text == "," && toks[v[0]-2].text == `"`
			if len(words) == 0 && (quoteBefore || rl.verbFirst) {
				words = rl.phraseAfter(toks, v[1])
			}
			if len(words) == 0 && rl.speakerFirst {
				// "Milli Savunma Bakanlığı, son 24 saatte … açıkladı."; or
				// the subject's document: "MSB'den yapılan yazılı
				// açıklamada, … belirtildi" (the ministry).
				// A place before it says where the speaker is
				// ("Ürdün'deki muhalif kaynaklar"): no part of them.
				at := 0
				if len(toks) > 1 && rl.placeSuffixed(toks[0].text) {
					at = 1
				}
				for at < len(toks)-1 && rl.skipBefore[lower(toks[at].text)] {
					at++ // "Ancak yerel kaynaklar, …": the conjunction is no part of them
				}
				for q := 0; q < len(toks)-1 && toks[q].text == `"`; q++ {
					if toks[q+1].text != `"` && rl.has(rl.quoteParticiples, toks[q+1].text) {
						// "\"… tespit ettik\" diyen Türk askeri yetkili, …
						// söyledi": the quote is the speaker's, who follows.
						at = q + 2
					}
				}
				if w := rl.phraseAfter(toks, at); len(w) > 0 && at+len(w) < len(toks) {
					end := at + len(w)
					comma := slices.IndexFunc(toks[end:min(len(toks), end+5)], func(t token) bool { return t.text == "," })
					// "Muhalif kaynaklar ise …": a topic particle sets the
					// subject off as a comma does.
					if comma == 0 || comma > 0 && rl.has(rl.documents, toks[end+comma-1].text) || rl.has(rl.topicMarkers, toks[end].text) {
						words = w
					}
				}
			}
			if len(words) == 0 && !rl.verbFirst && !rl.speakerFirst && v[0] > 0 && v[0] <= 30 &&
				!slices.ContainsFunc(toks[:v[0]], func(t token) bool { return t.text == "," || t.text == `"` }) {
				// The subject opens the sentence and runs long up to the
				// verb, with no comma between: "The Russian part of the
				// representative office of the joint Russian-Turkish
				// commission for … has recorded 33 cases". Its head names
				// the speaker when it is an organisation or a role.
				if w := rl.phraseAfter(toks[:v[0]], 0); len(w) > 0 {
					if p, ok := rl.analyse(w); ok && !p.pronoun && (p.org || len(p.name) == 0) {
						words = w
					}
				}
			}
			if p, ok := rl.analyse(words); ok {
				if st.Speaker, st.SpeakerTitle, ok = res.resolve(p); ok {
					verbStart, verbEnd, found = toks[v[0]].start, toks[v[1]-1].end, true
					break
				}
			}
			opens := v[0] == 0 || isComma(toks[v[0]-1].text) || toks[v[0]-1].text == `"`
			if len(words) == 0 && opens && continues {
				prev := out[prevStmt]
				st.Speaker, st.SpeakerTitle = prev.Speaker, prev.SpeakerTitle
				verbStart, verbEnd, found = toks[v[0]].start, toks[v[1]-1].end, true
				break
			}
		}
		if !found {
			for _, v := range rl.findPhrase(toks, rl.according) {
				after := v[1]
				if vs := rl.findPhrase(toks[after:], rl.verbs); len(vs) > 0 && vs[0][0] == 0 {
					after += vs[0][1] // "según informó el ministerio", "как сообщили в Минобороны"
				}
				words := rl.phraseAfter(toks, after)
				if rl.accordingAfter {
					words = rl.phraseBefore(toks, v[0])
				}
				for _, t := range toks[v[0]:v[1]] {
					if rl.pronouns[lower(t.text)] {
						words = []string{t.text} // "по его словам": him
					}
				}
				if p, ok := rl.analyse(words); ok {
					if st.Speaker, st.SpeakerTitle, ok = res.resolve(p); ok {
						verbStart, verbEnd, found, according = toks[v[0]].start, toks[v[1]-1].end, true, true
						break
					}
				}
			}
		}
		if !found {
			// A quote with no attribution continues the last statement of
			// the same paragraph.
			trimmed := strings.TrimSpace(s.Text)
			// Or, when the statement before ended its paragraph with a
			// quote, the next paragraph that is a quote goes on with it.
			samePara := prevPara == s.Paragraph || prevStmt >= 0 && prevPara == s.Paragraph-1 && out[prevStmt].Quote
			if prevStmt >= 0 && samePara && out[prevStmt].N == s.N-1 && quote && strings.ContainsRune(`"“«`, firstRune(trimmed)) {
				prev := out[prevStmt]
				st.Speaker, st.SpeakerTitle, st.Date, st.DateText = prev.Speaker, prev.SpeakerTitle, prev.Date, prev.DateText
				out = append(out, st)
				prevStmt = len(out) - 1
			}
			continue
		}
		// After a closing "göre" ("Sahadaki kaynakların aktardığına göre
		// rejim topçusu dün akşam …"), the words are what was said, and
		// their date the events'.
		if d, text, ok := dates.near(outside, verbStart, verbEnd, !according, !(according && rl.accordingAfter)); ok {
			st.Date, st.DateText = d, text
		} else if d, ok := lastDate[st.Speaker]; ok {
			st.Date = d
		} else {
			st.Date = a.Date
		}
		lastDate[st.Speaker] = st.Date
		out = append(out, st)
		prevPara, prevStmt = s.Paragraph, len(out)-1
	}
	return out
}

// dayWord says whether w names a day: a weekday, "yesterday", "today".
func (rl *rules) dayWord(w string) bool {
	_, wd := rl.weekdays[w]
	_, rel := rl.relDays[w]
	return wd || rel
}

// closingFirst puts first the speech verb of an attribution that closes
// the sentence ("…, the reconciliation centre said on Monday."): it names
// who says the whole sentence, including any "X reported" inside it.
func (rl *rules) closingFirst(toks []token, verbs [][2]int) [][2]int {
	if len(verbs) < 2 {
		return verbs
	}
	last := verbs[len(verbs)-1]
	if len(toks)-last[1] > 5 {
		return verbs
	}
	w := rl.phraseBefore(toks, last[0])
	start := last[0] - len(w)
	for start > 0 && rl.skipBefore[lower(toks[start-1].text)] {
		start--
	}
	// Words the phrase did not take may stand before it ("the
	// reconciliation centre"): the comma within a few words.
	for k := start - 1; len(w) > 0 && k >= 0 && k >= start-4; k-- {
		if toks[k].text == "," {
			// ", while the Turkish side registered 2": a second statement
			// of its own, not the attribution of the first.
			if claim.OpensClause(rl.lang, joinWords(toks[k:start])) {
				return verbs
			}
			return append([][2]int{last}, verbs[:len(verbs)-1]...)
		}
		if !isWordRune(firstRune(toks[k].text)) {
			break
		}
	}
	return verbs
}

// verbPronoun is the subject pronoun a verb form carries after a hyphen
// ("a-t-il", "dit-elle"), or "".
func (rl *rules) verbPronoun(w string) string {
	if i := strings.LastIndexByte(w, '-'); i > 0 && rl.pronouns[lower(w[i+1:])] {
		return w[i+1:]
	}
	return ""
}

// splitElisions splits an elided determiner off the word it is written
// onto ("l'Observatoire" as "l'" and "Observatoire"), so that the word is
// read as the speaker's phrase it opens.
func (rl *rules) splitElisions(toks []token) []token {
	var out []token
	for _, t := range toks {
		if i := strings.IndexAny(t.text, "'’"); i > 0 {
			_, size := utf8.DecodeRuneInString(t.text[i:])
			n := i + size
			if rl.determiners[lower(t.text[:i])+"'"] && n < len(t.text) {
				out = append(out, token{t.text[:n], t.start, t.start + n}, token{t.text[n:], t.start + n, t.end})
				continue
			}
		}
		out = append(out, t)
	}
	return out
}

// findVerbs returns the token spans [i, j) of speech verbs, in order. A
// capitalised word after a capitalised word is part of a name, not a verb:
// "The United States" is no one who "states".
// sameCountry says whether an organisation's words name no country that
// org, named before, does not: "le ministère russe de la Défense" is not the
// "ministère turc de la Défense" of the sentence before.
func (r *resolver) sameCountry(words []string, org string) bool {
	of := map[string]bool{}
	for _, w := range strings.Fields(lower(org)) {
		if c := r.rl.nationality[w]; c != "" {
			of[c] = true
		}
	}
	for _, w := range words {
		if c := r.rl.nationality[lower(w)]; c != "" && !of[c] {
			return false
		}
	}
	return true
}

func (rl *rules) findVerbs(toks []token) [][2]int {
	out := rl.findVerbSpans(toks)
	return slices.DeleteFunc(out, func(v [2]int) bool {
		return v[0] > 0 && isCap(toks[v[0]].text) && isCap(toks[v[0]-1].text)
	})
}

func (rl *rules) findVerbSpans(toks []token) [][2]int {
	if len(rl.verbInserts) == 0 {
		return rl.findPhrase(toks, rl.verbs)
	}
	// "a par ailleurs assuré": the verb's words with the inserts left out,
	// spans mapped back onto toks.
	var kept []token
	var at []int
	for i, t := range toks {
		if rl.verbInserts[lower(t.text)] && i > 0 && len(kept) > 0 {
			continue
		}
		kept, at = append(kept, t), append(at, i)
	}
	out := rl.findPhrase(kept, rl.verbs)
	for k, v := range out {
		out[k] = [2]int{at[v[0]], at[v[1]-1] + 1}
	}
	return out
}

func (rl *rules) findPhrase(toks []token, phrases []string) [][2]int {
	var out [][2]int
	for i := 0; i < len(toks); i++ {
		for _, ph := range phrases {
			words := strings.Fields(ph)
			if i+len(words) > len(toks) {
				continue
			}
			ok := true
			for k, w := range words {
				t := lower(toks[i+k].text)
				// The phrase's first word may carry a clitic ("وبحسب").
				// "#" is any number ("of the # attacks").
				ok = ok && (t == w || k == 0 && rl.withoutPrefix(t) == w || w == "#" && isNumberToken(t))
			}
			if ok {
				out = append(out, [2]int{i, i + len(words)})
				i += len(words) - 1
				break
			}
		}
	}
	return out
}

// withoutArticle is the folded word w without a definite article written
// onto it, and whether it had one.
func (rl *rules) withoutArticle(w string) (string, bool) {
	for _, a := range rl.articlePrefixes {
		if rest, ok := strings.CutPrefix(w, a); ok && rest != "" {
			return rest, true
		}
	}
	return w, false
}

// withoutPrefix is the folded word w without the longest clitic of the
// language's [prefixes] that leaves three letters or more; w when none.
func (rl *rules) withoutPrefix(w string) string {
	for _, p := range rl.prefixes {
		if rest, ok := strings.CutPrefix(w, p); ok && utf8.RuneCountInString(rest) >= 3 {
			return rest
		}
	}
	return w
}

// spellings widens a folded Arabic word to the spellings news text uses
// (alef with or without hamza, alef maqsura, ta marbuta), as lower folds.
func spellings(k string) string {
	if !strings.ContainsAny(k, "ايه") {
		return k
	}
	return arabicSpellings.Replace(k)
}

var arabicSpellings = strings.NewReplacer("ا", "[اأإآٱ]", "ي", "[يى]", "ه", "[هة]")

// dateReader finds and resolves dates against a publication date.
type dateReader struct {
	rl  *rules
	pub time.Time
	re  *regexp.Regexp
}

func newDateReader(rl *rules, pub time.Time) *dateReader {
	// The pattern depends on the rules only: compiled once, as every
	// step of reading an article (statements, counts, accusations) reads
	// dates.
	rl.dateOnce.Do(func() { rl.dateRE = dateRegexp(rl) })
	return &dateReader{rl: rl, pub: pub, re: rl.dateRE}
}

func dateRegexp(rl *rules) *regexp.Regexp {
	alt := func(m map[string]int) string {
		var ks []string
		for k := range m {
			ks = append(ks, spellings(regexp.QuoteMeta(k)))
		}
		sort.Slice(ks, func(i, j int) bool { return len(ks[i]) > len(ks[j]) })
		return strings.Join(ks, "|")
	}
	preps := make([]string, len(rl.datePreps))
	for i, p := range rl.datePreps {
		preps[i] = regexp.QuoteMeta(p)
	}
	// Go's \b knows only ASCII letters: the boundaries are spelled out, so
	// that "مايو" and "июня" are words too; group 1 is the date's words.
	pat := `(?i)(?:^|[^\pL\pN])((?:(?:` + strings.Join(preps, "|") + `) )?(?:(` + alt(rl.weekdays) + `)|(` + alt(rl.months) + `)\.? (\d{1,2})(?:\s*[-–]\s*(\d{1,2}))?|(\d{1,2})(?:\s*[-–]\s*(\d{1,2}))?(?: de)? (` + alt(rl.months) + `)|(` + alt(rl.relDays) + `)))(?:$|[^\pL\pN])`
	return regexp.MustCompile(pat)
}

// recorded says whether the date at s[start:end] dates events recorded,
// not a statement: the statement's verb is a record verb, or one follows
// the date within six words.
func (d *dateReader) recorded(s string, start, end, verbStart, verbEnd int) bool {
	for _, w := range strings.Fields(lower(s[verbStart:verbEnd])) {
		if d.rl.records(strings.Trim(w, ".,;:\"'«»")) {
			return true
		}
	}
	for i, w := range strings.Fields(lower(s[end:])) {
		if i >= 6 {
			break
		}
		if d.rl.records(strings.Trim(w, ".,;:\"'«»")) {
			return true
		}
	}
	return false
}

// resolve turns one match's groups into days.
func (d *dateReader) resolve(s string, m []int) (from, to time.Time, ok bool) {
	g := func(i int) string {
		i++ // group 1 is the whole date
		if m[2*i] < 0 {
			return ""
		}
		return lower(s[m[2*i]:m[2*i+1]])
	}
	switch {
	case g(1) != "":
		back := (int(d.pub.Weekday()) - d.rl.weekdays[g(1)] + 7) % 7
		t := d.pub.AddDate(0, 0, -back)
		return t, t, true
	case g(2) != "" || g(7) != "":
		month, day, end := g(2), g(3), g(4)
		if month == "" {
			month, day, end = g(7), g(5), g(6)
		}
		if month == "may" && day == "" {
			return
		}
		dd, _ := strconv.Atoi(day)
		t, err := validDate(d.pub.Year(), d.rl.months[month], dd)
		if err != nil {
			return
		}
		if t.After(d.pub.AddDate(0, 6, 0)) {
			t = t.AddDate(-1, 0, 0)
		}
		to = t
		if end != "" {
			e, _ := strconv.Atoi(end)
			if e > dd && e <= 31 {
				to = t.AddDate(0, 0, e-dd)
			}
		}
		return t, to, true
	case g(8) != "":
		t := d.pub.AddDate(0, 0, d.rl.relDays[g(8)])
		return t, t, true
	}
	return
}

// opensContent says whether words hold a complementizer ("that", "أن"):
// what follows it is what was said.
func (d *dateReader) opensContent(words string) bool {
	for _, t := range tokenize(words) {
		if d.rl.complement[lower(t.text)] {
			return true
		}
	}
	return false
}

func (d *dateReader) all(s string) []DateMention {
	var out []DateMention
	for _, m := range d.re.FindAllStringSubmatchIndex(s, -1) {
		if from, to, ok := d.resolve(s, m); ok {
			out = append(out, DateMention{Text: s[m[2]:m[3]], From: from, To: to})
		}
	}
	return out
}

// documentBefore says whether one of the three words that end before
// names a document ([documents]): the date after it is the document's.
func (d *dateReader) documentBefore(before string) bool {
	// The document word and a participle at most before the date, no
	// punctuation between: "Açıklamada, 5 Mart'tan bu yana" dates what the
	// document says, not the document.
	f := strings.Fields(before)
	for i := len(f) - 1; i >= max(0, len(f)-3); i-- {
		if strings.ContainsAny(f[i], ",;:()\"“”«»") {
			return false
		}
		if d.rl.documents[lower(f[i])] {
			return true
		}
	}
	return false
}

// sinceAfter says whether rest, the text after a date, opens with words
// that make the date a span's first day ([since-after]: "bu yana" after
// "3 Mayıs'tan"); the date's case ending, attached to it, is passed over.
func (d *dateReader) sinceAfter(rest string) bool {
	if i := strings.IndexFunc(rest, unicode.IsSpace); i >= 0 {
		rest = rest[i:]
	}
	rest = lower(strings.TrimSpace(rest)) + " "
	for _, w := range d.rl.sinceAfter {
		if strings.HasPrefix(rest, w+" ") {
			return true
		}
	}
	return false
}

// near finds the date of an attribution: right after the verb ("said on
// Thursday", "told reporters on Monday"), right before it, or opening the
// sentence ("On Thursday, …").
// A date right before "according to" is what the source said, not when;
// with following false, so is one after the attribution.
func (d *dateReader) near(outside string, verbStart, verbEnd int, verb, following bool) (time.Time, string, bool) {
	for _, m := range d.re.FindAllStringSubmatchIndex(outside, -1) {
		start, end := m[2], m[3]
		// Where the speaker follows the verb, the date follows them:
		// "قالت وزارة الدفاع التركية في بيان يوم السبت".
		reach := 25
		if d.rl.verbFirst {
			reach = 40
		}
		after := following && start >= verbEnd && utf8.RuneCountInString(outside[verbEnd:max(start, verbEnd)]) <= reach && !d.opensContent(outside[verbEnd:max(start, verbEnd)])
		// A comma between the attribution and the date opens what was said:
		// "Как заявили в Центре по примирению, во вторник террористы
		// обстреляли …" (the day of the shelling).
		if after && strings.ContainsAny(outside[verbEnd:max(start, verbEnd)], ",،") {
			after = false
		}
		before := verb && end <= verbStart && verbStart-end <= 3 && !strings.ContainsAny(outside[end:verbStart], ",،")
		// A date that opens the sentence dates the statement when the
		// attribution follows it closely ("On Monday, the ministry
		// said"), not when it closes the sentence ("Le 13 septembre, des
		// hélicoptères ont largué …, a rapporté l'OSDH": the events' day).
		opening := start <= 2 && utf8.RuneCountInString(outside[end:max(end, verbStart)]) <= 60
		// Unless the attribution is set off by commas on both sides ("On
		// Sunday, the monitor said, rebels fired …"): the day is then the
		// events' the words go on to tell.
		if opening && verbEnd <= len(outside) && strings.ContainsAny(outside[end:max(end, verbStart)], ",،") && strings.HasPrefix(strings.TrimSpace(outside[verbEnd:]), ",") {
			opening = false
		}
		// A date of the statement's document ("segundo um comunicado
		// divulgado na terça-feira", "in a statement issued on Tuesday"):
		// a [documents] word within the three words before it.
		documented := d.documentBefore(outside[:start])
		if f := strings.Fields(outside[:start]); len(f) > 0 && d.rl.sinceWords[lower(f[len(f)-1])] {
			continue // "سجل منذ يوم الجمعة ٢٣ خرقاً": the span's first day
		}
		if d.sinceAfter(outside[end:]) {
			continue // "3 Mayıs'tan bu yana": the span's first day
		}
		if d.attackBefore(outside[:start]) {
			continue // "accusé les milices d'avoir pilonné mardi": the attack's day
		}
		if d.inSpan(outside, start, end) {
			continue // "fait état de tirs … dans la nuit de dimanche à lundi": the events' nights
		}
		if !after && !before && !opening && !documented {
			continue
		}
		if !documented && d.recorded(outside, start, end, verbStart, verbEnd) {
			// "On 29 September, the Turkish side had recorded two
			// violations", "11 сентября зафиксировано семь нарушений": the
			// day of the events counted, which the claim speaks of.
			continue
		}
		if from, _, ok := d.resolve(outside, m); ok {
			return from, outside[start:end], true
		}
	}
	return time.Time{}, "", false
}

// inSpan says whether the date at s[start:end] is one end of a span the
// claim grammar reads (claim.SpanPhrases: "dans la nuit de dimanche à
// lundi", "в ночь на вторник"): the days of the events, not the
// statement's.
func (d *dateReader) inSpan(s string, start, end int) bool {
	day := claim.Fold(d.rl.lang, strings.TrimSpace(s[start:end]))
	for _, p := range claim.SpanPhrases(d.rl.lang, s) {
		if strings.Contains(p, day) {
			return true
		}
	}
	return false
}

// attackBefore says whether the words right before a date end in an
// attack verb ([attack-verbs]), noun or means, with at most a word between: the date is
// the attack's, which the claim speaks of, not the statement's.
func (d *dateReader) attackBefore(before string) bool {
	f := strings.Fields(lower(before))
	tail := " " + strings.Join(f[max(0, len(f)-4):], " ") + " "
	// Or an attack named by a noun or its means ("a fait état de
	// bombardements sporadiques mardi et mercredi").
	for _, av := range slices.Concat(d.rl.attackVerbs, d.rl.attackNouns, d.rl.attackMeans) {
		if i := strings.LastIndex(tail, " "+av+" "); i >= 0 && d.wordsBetween(tail[i+len(av)+1:]) <= 1 {
			return true
		}
	}
	return false
}

// wordsBetween counts the words of between, leaving out days and the
// conjunction of a list of them ("bombardements sporadiques mardi et
// mercredi": one word between the attack and the second day).
func (d *dateReader) wordsBetween(between string) int {
	n := 0
	for _, w := range strings.Fields(between) {
		if !d.rl.dayWord(w) && !slices.Contains([]string{"and", "et", "y", "e", "и", "ve", "و"}, lower(w)) {
			n++
		}
	}
	return n
}

// isComma: the Latin comma or the Arabic one ("في المقابل، اتهمت …").
func isComma(t string) bool { return t == "," || t == "،" }

// isNumberToken says whether t is written in digits ("37", "١١").
func isNumberToken(t string) bool {
	for _, r := range t {
		if !unicode.IsDigit(r) {
			return false
		}
	}
	return t != ""
}
