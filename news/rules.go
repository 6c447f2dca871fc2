package news

import (
	"bufio"
	"embed"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/truce-monitor/truce/internal/langfiles"
)

//go:embed rules/*.txt
var rulesFS embed.FS

// rules are one language's extraction rules, read from rules/LANG.txt.
type rules struct {
	lang      string
	script    *regexp.Regexp
	verbs     []string // lower case, longest first
	according []string
	// knownAs give a phrase's name ("the monitor group known as the
	// Syrian Observatory for Human Rights"): the name speaks.
	knownAs []string
	// complements continue an organisation's name in lower case, each as
	// the folded tokens the article's words give ("des droits de
	// l'homme", "по правам человека").
	complements [][]string
	skipBefore  map[string]bool
	skipAfter   map[string]bool // words between a verb and the speaker after it
	complement  map[string]bool // words that open what was said ("that", "أن")
	titles      map[string]bool
	connectors  map[string]bool
	particles   map[string]bool
	orgs        map[string]bool
	pronouns    map[string]bool
	determiners map[string]bool
	documents   map[string]bool
	roles       [][2]string // from → to, longest first
	nationality map[string]string
	datelines   []*regexp.Regexp
	outlets     map[string]string
	metadata    map[string]string
	weekdays    map[string]int
	months      map[string]int
	relDays     map[string]int
	datePreps   []string
	// sinceWords open a span from a day ("منذ يوم الجمعة", "since
	// Friday"): the day after them starts what is counted, not when it
	// was said.
	sinceWords map[string]bool
	// sinceAfter close a span from the day before them ("3 Mayıs'tan bu
	// yana"): languages that put "since" after the day.
	sinceAfter []string
	abbrevs    map[string]bool
	topic      []string
	// topicStems are the [topic] entries with a word ending in "*", which
	// stands for any ending: "ihlal*" is "ihlali", "ihlallerin", …
	topicStems *regexp.Regexp
	stopwords  map[string]bool // for language detection
	letters    map[rune]bool   // letters distinctive of the language, for detection
	verbFirst  bool            // the speaker may follow the verb ("أعلنت الوزارة")
	// speakerFirst: the speaker may open the sentence, set off by a comma,
	// with the speech verb closing it ("Bakanlık, … açıkladı").
	speakerFirst bool
	// quoteParticiples, after a quote that opens the sentence, make the
	// words after them its speaker ("\"…\" diyen Türk yetkili, … söyledi").
	quoteParticiples map[string]bool
	// topicMarkers set a sentence's subject off as a comma does ("ise").
	topicMarkers map[string]bool
	// accordingAfter: the [according] word follows its speaker ("Gözlemeviye göre").
	accordingAfter bool
	// subjectAfter: the subject of a verb may follow it ("انتهكت قوات النظام").
	subjectAfter bool
	// headFirst: a noun phrase runs on after its head, with no capitals to
	// mark it, over adjectives and genitives ("مصدر عسكري", "المرصد السوري
	// لحقوق الإنسان", "مركز المصالحة الروسي"); see phraseAfter.
	headFirst bool
	// articlePrefixes are definite articles written onto a word ("ال"):
	// "المرصد" alone is the Observatory named before.
	articlePrefixes []string
	// rolePlaces join a role to a place ("a witness in Deraa", "um
	// morador de Rastan"): the speaker is the role.
	rolePlaces map[string]bool
	// rolePlaceNouns name a kind of place after a role-place word ("en la
	// provincia de Quneitra"); see rolePlaceBefore.
	rolePlaceNouns map[string]bool
	// datives open whom a statement was told, before an outlet ("à Lusa"):
	// no part of the speaker after the verb.
	datives map[string]bool
	// placeSuffixes make a name say where ("Ürdün'deki"): a speaker's
	// place, before the speaker.
	placeSuffixes []string
	// orgAnaphors are nouns that stand for the organisation named last
	// ("la ONG", "организации").
	orgAnaphors map[string]bool
	// partOfWords place part of a count ("seis de ellas", "معظمها"): the
	// places do not bound the total.
	partOfWords []string
	// wholeWords place the whole of a count ("all of them in Idlib
	// province"): they hold a part-of phrase that then places no part.
	wholeWords []string
	// attackNouns name attacks whose agent follows, joined by one of
	// agentLinks or by none ("bombardeos de la aviación rusa", "اعتداء
	// المجموعات الإرهابية"): see nounAccusation.
	attackNouns, agentLinks []string
	// attackMeans are what an attack was made with ("warplanes", "قذائف"),
	// standing for an attacker the words do not name; impactVerbs say
	// what they did without one ("fell"): see unnamedAttack.
	attackMeans, impactVerbs []string
	// sameDay are the words by which a statement speaks of the day a
	// statement before it named ("ese mismo día"): see sameDayNotes.
	sameDay []string
	// sameEvents are the words by which a statement speaks again of the
	// violations a statement before it counted ("ces violations"): see
	// sameDayNotes.
	sameEvents []string
	// whereCounted are the words by which a sentence speaks of where the
	// violations a sentence before counted took place ("Of the 37 attacks",
	// "Bültene göre ihlaller … yaşandı"; "#" stands for any number): see
	// breakdownLines.
	whereCounted []string
	// issuerLinks tie a person to the organisation named after them ("the
	// head of the Russian Centre for Reconciliation, Viktor Kupchishin"):
	// see bulletinSide.
	issuerLinks []string
	// verbInserts may stand inside a speech verb of several words ("a par
	// ailleurs assuré").
	verbInserts map[string]bool
	// recordVerbs say that events were recorded ("recorded", "зафиксировано",
	// "registou"); an entry ending in "*" stands for any ending. A date next
	// to one dates the events counted, not the statement (see dateReader.near).
	recordVerbs []string
	dateOnce    sync.Once
	dateRE      *regexp.Regexp  // dates (newDateReader)
	orgPronouns map[string]bool // pronouns that refer back to an organisation ("it")
	// suffixes are case endings a title or organisation word may carry
	// ("gözlemevi-ye"): such a word is looked up without them.
	suffixes []string
	// prefixes are clitics a word may carry before it (Arabic "و", "ب",
	// "ال"): a verb, a topic word or an organisation is also found with
	// one ("وأفاد", "بانتهاك", "والوزارة").
	prefixes []string

	// Incident mentions and active-voice accusations (mentions.go).
	triggers    [][2]string // phrase → ACLED sub-event (or event) type, in priority order
	attackVerbs []string
	violVerbs   []string
	accuseVerbs []string
	// habituals say an accusation is made again and again ("repeatedly"):
	// background, no claim (see habitual).
	habituals   []string
	negations   map[string]bool
	killWords   []string
	woundWords  []string
	subsetWords []string
	victims     map[string]string
	numbers     map[string]int
	spans       map[string]int
	near        []string
	placeNouns  map[string]bool
	countryside map[string]bool
	notPlaces   map[string]bool
	actors      [][2]string // phrase → actor name, longest first
	// subjectPronouns stand, before an attack verb, for the actor the
	// sentence before named ("Militants breached the truce … They opened
	// fire on …"): see pronounAttack.
	subjectPronouns map[string]bool
}

// langs holds the rules of every language with a file, by ISO 639-1 code.
var langs = map[string]*rules{}

func init() {
	langfiles.Load(rulesFS, "rules", "news", func(lang, text string) error {
		r, err := parseRules(lang, text)
		langs[lang] = r
		return err
	})
}

// Languages lists the languages with extraction rules.
func Languages() []string {
	return slices.Sorted(maps.Keys(langs))
}

func parseRules(lang, text string) (*rules, error) {
	sections := map[string][]string{}
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
		sections[cur] = append(sections[cur], line)
	}
	r := &rules{lang: lang, skipBefore: set(sections["skip-before-verb"]), skipAfter: set(sections["skip-after-verb"]), complement: set(sections["complementizers"]), titles: set(sections["titles"]),
		connectors: set(sections["connectors"]), particles: set(sections["name-particles"]), orgs: set(sections["orgs"]),
		pronouns: set(sections["pronouns"]), determiners: set(sections["determiners"]), documents: set(sections["documents"]), abbrevs: set(sections["abbreviations"]),
		nationality: map[string]string{}, outlets: map[string]string{}, metadata: map[string]string{}}
	r.stopwords = set(sections["stopwords"])
	r.quoteParticiples = set(sections["quote-participles"])
	r.topicMarkers = set(sections["topic-markers"])
	r.rolePlaces, r.orgAnaphors = set(sections["role-places"]), set(sections["org-anaphors"])
	r.rolePlaceNouns, r.datives = set(sections["role-place-nouns"]), set(sections["datives"])
	for _, v := range sections["place-suffixes"] {
		r.placeSuffixes = append(r.placeSuffixes, lower(v))
	}
	for _, v := range sections["record-verbs"] {
		r.recordVerbs = append(r.recordVerbs, lower(v))
	}
	for name, dst := range map[string]*[]string{"attack-nouns": &r.attackNouns, "agent-links": &r.agentLinks,
		"attack-means": &r.attackMeans, "impact-verbs": &r.impactVerbs, "same-day": &r.sameDay, "same-events": &r.sameEvents, "where-counted": &r.whereCounted,
		"issuer-links": &r.issuerLinks} {
		for _, v := range sections[name] {
			*dst = append(*dst, lower(v))
		}
		// Longest first: "disparos de artilharia" before "disparos".
		sort.SliceStable(*dst, func(i, j int) bool { return len(strings.Fields((*dst)[i])) > len(strings.Fields((*dst)[j])) })
	}
	r.verbInserts = set(sections["verb-inserts"])
	r.subjectPronouns = set(sections["subject-pronouns"])
	for _, v := range sections["part-of"] {
		r.partOfWords = append(r.partOfWords, lower(v))
	}
	for _, v := range sections["whole-of"] {
		r.wholeWords = append(r.wholeWords, lower(v))
	}
	r.letters = map[rune]bool{}
	for _, l := range sections["letters"] {
		for _, c := range lower(l) {
			r.letters[c] = true
		}
	}
	syntax := set(sections["syntax"])
	r.verbFirst, r.speakerFirst, r.accordingAfter = syntax["speaker-after-verb"], syntax["speaker-first"], syntax["according-after-speaker"]
	r.subjectAfter, r.headFirst = syntax["subject-after-verb"], syntax["head-first"]
	r.orgPronouns = set(sections["org-pronouns"])
	for p := range r.orgPronouns {
		r.pronouns[p] = true
	}
	for _, v := range sections["suffixes"] {
		r.suffixes = append(r.suffixes, lower(v))
	}
	sort.SliceStable(r.suffixes, func(i, j int) bool { return len(r.suffixes[i]) > len(r.suffixes[j]) })
	for _, v := range sections["article-prefixes"] {
		r.articlePrefixes = append(r.articlePrefixes, lower(v))
	}
	for _, v := range sections["prefixes"] {
		r.prefixes = append(r.prefixes, lower(v))
	}
	sort.SliceStable(r.prefixes, func(i, j int) bool { return len(r.prefixes[i]) > len(r.prefixes[j]) })
	for _, v := range sections["speech-verbs"] {
		r.verbs = append(r.verbs, lower(v))
	}
	sort.SliceStable(r.verbs, func(i, j int) bool { return len(r.verbs[i]) > len(r.verbs[j]) })
	for _, v := range sections["according"] {
		r.according = append(r.according, lower(v))
	}
	for _, v := range sections["org-complements"] {
		var words []string
		for _, t := range r.splitElisions(tokenize(v)) {
			words = append(words, lower(t.text))
		}
		r.complements = append(r.complements, words)
	}
	// Longest first: "de la réconciliation des parties" before "de la réconciliation".
	sort.SliceStable(r.complements, func(i, j int) bool { return len(r.complements[i]) > len(r.complements[j]) })
	for _, v := range sections["known-as"] {
		r.knownAs = append(r.knownAs, lower(v))
	}
	var stems []string
	for _, v := range sections["topic"] {
		if !strings.Contains(v, "*") {
			r.topic = append(r.topic, lower(v))
			continue
		}
		stems = append(stems, strings.ReplaceAll(regexp.QuoteMeta(lower(v)), `\*`, `[\pL\pN'-]*`))
	}
	if len(stems) > 0 {
		// Words are joined by single spaces and the string padded with
		// them before matching (onTopic).
		r.topicStems = regexp.MustCompile(` (?:` + strings.Join(stems, "|") + `) `)
	}
	r.sinceWords = set(sections["since-words"])
	for _, v := range sections["since-after"] {
		r.sinceAfter = append(r.sinceAfter, lower(v))
	}
	for _, v := range sections["date-prepositions"] {
		r.datePreps = append(r.datePreps, lower(v))
	}
	script := "a-zA-Z"
	if s := sections["script"]; len(s) > 0 {
		script = s[0]
	}
	var err error
	if r.script, err = regexp.Compile("[" + script + "]"); err != nil {
		return nil, fmt.Errorf("[script]: %v", err)
	}
	for _, e := range sections["roles"] {
		k, v, ok := pair(e)
		if !ok {
			return nil, fmt.Errorf("[roles] %q: want FROM = TO", e)
		}
		r.roles = append(r.roles, [2]string{k, v})
	}
	sort.SliceStable(r.roles, func(i, j int) bool { return len(r.roles[i][0]) > len(r.roles[j][0]) })
	for _, e := range sections["nationalities"] {
		k, v, ok := pair(e)
		if !ok {
			return nil, fmt.Errorf("[nationalities] %q: want COUNTRY = WORD, WORD", e)
		}
		r.nationality[k] = k
		for _, w := range strings.Split(v, ",") {
			// Folded as the words looked up are ("التركية" as "التركيه").
			r.nationality[lower(strings.TrimSpace(w))] = k
		}
	}
	for _, e := range sections["datelines"] {
		re, err := regexp.Compile(e)
		if err != nil {
			return nil, fmt.Errorf("[datelines] %q: %v", e, err)
		}
		r.datelines = append(r.datelines, re)
	}
	for name, m := range map[string]map[string]string{"outlets": r.outlets, "metadata": r.metadata} {
		for _, e := range sections[name] {
			k, v, ok := pair(e)
			if !ok {
				return nil, fmt.Errorf("[%s] %q: want KEY = VALUE", name, e)
			}
			if name == "outlets" {
				v = strings.TrimSpace(e[strings.Index(e, "=")+1:]) // keep the case
			}
			m[k] = v
		}
	}
	for name, dst := range map[string]*map[string]int{"weekdays": &r.weekdays, "months": &r.months, "relative-days": &r.relDays} {
		*dst = map[string]int{}
		for _, e := range sections[name] {
			k, v, ok := pair(e)
			n, err := strconv.Atoi(v)
			if !ok || err != nil {
				return nil, fmt.Errorf("[%s] %q: want WORD = NUMBER", name, e)
			}
			(*dst)[k] = n
		}
	}
	if err := r.parseMentionRules(sections); err != nil {
		return nil, err
	}
	days := map[int]bool{}
	for _, d := range r.weekdays {
		days[d] = d >= 0 && d <= 6
	}
	if len(r.verbs) == 0 || len(r.months) == 0 || len(days) != 7 || slices.Contains(slices.Collect(maps.Values(days)), false) {
		// Several words may name one day ("segunda", "segunda-feira").
		return nil, fmt.Errorf("needs [speech-verbs], [months] and [weekdays] naming the seven days 0-6")
	}
	return r, nil
}

// records says whether word w (lower case) is one of the record verbs,
// with any prefix clitic.
func (r *rules) records(w string) bool {
	for _, p := range append([]string{""}, r.prefixes...) {
		rest, ok := strings.CutPrefix(w, p)
		if !ok || rest == "" {
			continue
		}
		for _, v := range r.recordVerbs {
			if stem, ok := strings.CutSuffix(v, "*"); ok && strings.HasPrefix(rest, stem) || rest == v {
				return true
			}
		}
	}
	return false
}

func set(list []string) map[string]bool {
	m := map[string]bool{}
	for _, s := range list {
		m[lower(s)] = true
	}
	return m
}

func pair(e string) (k, v string, ok bool) {
	k, v, ok = strings.Cut(e, "=")
	return lower(strings.TrimSpace(k)), strings.ToLower(strings.TrimSpace(v)), ok && strings.TrimSpace(k) != ""
}

// parseMentionRules reads the sections for incident mentions and
// accusations; a language without them finds none.
func (r *rules) parseMentionRules(sections map[string][]string) error {
	lowerAll := func(name string) []string {
		var out []string
		for _, v := range sections[name] {
			out = append(out, lower(v))
		}
		sort.SliceStable(out, func(i, j int) bool { return len(strings.Fields(out[i])) > len(strings.Fields(out[j])) })
		return out
	}
	r.attackVerbs, r.violVerbs, r.accuseVerbs = lowerAll("attack-verbs"), lowerAll("violation-verbs"), lowerAll("accuse-verbs")
	r.habituals = lowerAll("habitual")
	r.killWords, r.woundWords, r.subsetWords, r.near = lowerAll("kill-words"), lowerAll("wound-words"), lowerAll("subset-words"), lowerAll("place-near")
	r.negations, r.placeNouns, r.countryside, r.notPlaces = set(sections["mention-negations"]), set(sections["place-nouns"]), set(sections["countryside"]), set(sections["not-places"])
	for _, name := range []string{"event-triggers", "actors"} {
		for _, e := range sections[name] {
			k, _, ok := pair(e)
			if !ok {
				return fmt.Errorf("[%s] %q: want PHRASE = NAME", name, e)
			}
			v := strings.TrimSpace(e[strings.Index(e, "=")+1:]) // keep the case
			if name == "actors" {
				r.actors = append(r.actors, [2]string{k, v})
			} else {
				r.triggers = append(r.triggers, [2]string{k, v})
			}
		}
	}
	sort.SliceStable(r.actors, func(i, j int) bool {
		return len(strings.Fields(r.actors[i][0])) > len(strings.Fields(r.actors[j][0]))
	})
	r.victims = map[string]string{}
	for _, e := range sections["victims"] {
		k, v, ok := pair(e)
		if !ok || v != "civilian" && v != "combatant" && v != "unknown" {
			return fmt.Errorf("[victims] %q: want NOUN = civilian|combatant|unknown", e)
		}
		r.victims[k] = v
	}
	for name, dst := range map[string]*map[string]int{"numbers": &r.numbers, "relative-spans": &r.spans} {
		*dst = map[string]int{}
		for _, e := range sections[name] {
			k, v, ok := pair(e)
			n, err := strconv.Atoi(v)
			if !ok || err != nil || n < 1 {
				return fmt.Errorf("[%s] %q: want WORDS = POSITIVE NUMBER", name, e)
			}
			(*dst)[k] = n
		}
	}
	return nil
}
