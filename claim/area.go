package claim

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/assess"
	"github.com/truce-monitor/truce/gazetteer"
)

// Area is a place narrower than a zone that a claim names: a governorate
// ("in Hama province", "the Daraa countryside"), a district ("Duma
// district"), a town or city ("in Douma", "around Saraqib") or a small
// region ("Jabal al-Zawiya"). A claim about it is checked on the zone's
// incidents in it only.
type Area struct {
	Name   string // as ClaimScope.Areas stores it
	Kind   string // gazetteer.Governorate, District, gazetteer.City, Town or Region
	Admin1 string // the governorate, as the gazetteer names it ("" when unknown)
	Code   string // the admin unit's P-code, when the stored boundaries have it
	// Lat and Lon are the place's point (towns, cities, regions; for a
	// governorate, a point well inside it).
	Lat, Lon float64
	// RadiusKm: an incident located to within 25 km whose point lies this
	// near the place's point is in it (towns, cities, regions).
	RadiusKm float64
	// Geometry is the admin unit's outline, when the stored boundaries
	// have it (governorates, districts).
	Geometry orb.MultiPolygon
}

// District is the kind of an area that is a second-order admin unit.
const District = "district"

// Radii of the places a claim names: a town's incidents are those within
// TownKm of its centre, a region's within RegionKm.
const (
	TownKm   = 10.0
	RegionKm = 25.0
)

var defaultGazetteer = sync.OnceValue(gazetteer.Default)

// Describe says what the area is and how an incident is found in it.
func (ar Area) Describe() string {
	switch ar.Kind {
	case gazetteer.Governorate:
		how := "incidents whose governorate is " + ar.Admin1
		if len(ar.Geometry) > 0 {
			how += " or whose point lies within its boundary"
		}
		return fmt.Sprintf("%s governorate (%s)", ar.Admin1, how)
	case District:
		how := "incidents whose district is " + ar.Name
		if len(ar.Geometry) > 0 {
			how += " or whose point lies within its boundary"
		}
		return fmt.Sprintf("%s (%s)", ar.Name, how)
	}
	return fmt.Sprintf("%s (%s; incidents named there or located within %g km of it)", ar.Name, ar.Kind, ar.RadiusKm)
}

// ResolveArea finds the area a ClaimScope.Areas entry names: a gazetteer
// place ("Douma", "Hama" the governorate), a district ("Duma district"),
// or an admin unit's P-code. units are the stored admin boundaries, nil
// when there are none: they give governorates and districts their
// outlines.
func ResolveArea(name string, units []truce.AdminUnit) (Area, bool) {
	g := defaultGazetteer()
	for _, u := range units {
		if u.Code == name {
			ar := Area{Name: name, Kind: District, Code: u.Code, Geometry: u.Geometry}
			if u.Level == 1 {
				ar.Kind = gazetteer.Governorate
			}
			if p, ok := g.Lookup(u.Name); ok {
				ar.Admin1 = p.Admin1
				if ar.Kind == District {
					ar.Name = u.Name + " district"
				}
			}
			return ar, true
		}
	}
	if base, ok := strings.CutSuffix(name, " district"); ok {
		ar := Area{Name: name, Kind: District}
		for _, u := range units {
			if u.Level == 2 && gazetteer.Key(u.Name) == gazetteer.Key(base) {
				ar.Code, ar.Geometry = u.Code, u.Geometry
				break
			}
		}
		p, ok := g.Lookup(base)
		if ok && ar.Code == "" && p.Kind == gazetteer.Region {
			// "The Houla district": a region no district is named after
			// (a town may seat one), which the words call one; the
			// region, then.
			return ResolveArea(base, units)
		}
		if ok {
			ar.Admin1, ar.Lat, ar.Lon = p.Admin1, p.Lat, p.Lon
		}
		return ar, true
	}
	p, ok := g.Lookup(name)
	if !ok {
		return Area{}, false
	}
	ar := Area{Name: p.Name, Kind: p.Kind, Admin1: p.Admin1, Lat: p.Lat, Lon: p.Lon}
	switch p.Kind {
	case gazetteer.Governorate:
		for _, u := range units {
			if u.Level != 1 {
				continue
			}
			if q, ok := g.Lookup(u.Name); ok && q.Kind == gazetteer.Governorate && q.Admin1 == p.Admin1 {
				ar.Code, ar.Geometry = u.Code, u.Geometry
				break
			}
		}
	case gazetteer.Region:
		ar.RadiusKm = RegionKm
	default:
		ar.RadiusKm = TownKm
	}
	return ar, true
}

// Contains says whether an incident located at loc happened in the area:
// its governorate, district or place names the area, or its point lies
// within the area (its outline, or its radius for a town) to the
// precision the area needs. For a town, a place name the gazetteer knows
// decides before the distance does (a neighbouring town's incident is
// not the town's); for a region, that place lying within its radius.
func (ar Area) Contains(loc truce.Location) bool {
	g := defaultGazetteer()
	pt := orb.Point{loc.Lon, loc.Lat}
	switch ar.Kind {
	case gazetteer.Governorate:
		if loc.Admin1 != "" {
			if p, ok := g.Lookup(loc.Admin1); ok && p.Kind == gazetteer.Governorate {
				return p.Admin1 == ar.Admin1
			}
		}
		return loc.HasPoint && len(ar.Geometry) > 0 && loc.Precision <= truce.PrecAdmin1 && planar.MultiPolygonContains(ar.Geometry, pt)
	case District:
		if loc.Admin2 != "" {
			base, _ := strings.CutSuffix(strings.TrimSpace(loc.Admin2), " district")
			want, _ := strings.CutSuffix(ar.Name, " district")
			if gazetteer.Key(base) == gazetteer.Key(want) {
				return true
			}
		}
		return loc.HasPoint && len(ar.Geometry) > 0 && loc.Precision <= truce.PrecAdmin2 && planar.MultiPolygonContains(ar.Geometry, pt)
	}
	if loc.Place != "" {
		// A place the gazetteer knows decides: Harasta, 4 km from
		// Douma, is not Douma.
		if p, ok := g.Lookup(placeName(loc.Place)); ok && p.Kind != gazetteer.Governorate {
			return p.Name == ar.Name || ar.Kind == gazetteer.Region && gazetteer.DistanceKm(p.Lat, p.Lon, ar.Lat, ar.Lon) <= ar.RadiusKm
		}
	}
	return loc.HasPoint && loc.Precision <= truce.PrecNear && gazetteer.DistanceKm(loc.Lat, loc.Lon, ar.Lat, ar.Lon) <= ar.RadiusKm
}

// placeName drops what datasets add to a place's name: "Duma town",
// "Teir Maaleh village", "Hama city (approximate)".
func placeName(s string) string {
	if i := strings.IndexByte(s, '('); i > 0 {
		s = s[:i]
	}
	s = strings.TrimSpace(s)
	for _, suffix := range []string{" town", " village", " city", " area", " district", " neighbourhood", " neighborhood"} {
		if t, ok := strings.CutSuffix(s, suffix); ok {
			return t
		}
	}
	return s
}

// areaZones lists the IDs of the agreement's zones an area lies in, in
// the agreement's order: for a place, the zones whose outline holds its
// point; for a governorate or district, the zones holding its outline's
// vertices or any built-in gazetteer place of it (the governorate's
// point, its towns and regions).
func areaZones(ar Area, a *truce.Agreement) []string {
	var pts []orb.Point
	switch ar.Kind {
	case gazetteer.Governorate, District:
		for _, p := range defaultGazetteer().Places() {
			if p.Source != "truce" || p.Admin1 != ar.Admin1 {
				continue
			}
			if ar.Kind == District && gazetteer.Key(p.Admin2) != gazetteer.Key(strings.TrimSuffix(ar.Name, " district")) {
				continue
			}
			pts = append(pts, orb.Point{p.Lon, p.Lat})
		}
		for _, poly := range ar.Geometry {
			for _, ring := range poly {
				pts = append(pts, ring...)
			}
		}
	default:
		pts = append(pts, orb.Point{ar.Lon, ar.Lat})
	}
	var out []string
	for _, z := range a.Zones {
		for _, pt := range pts {
			if planar.MultiPolygonContains(z.Geometry, pt) {
				out = append(out, z.ID)
				break
			}
		}
	}
	return out
}

// areaWords are the words before a place name that make it the claim's
// scope ("in Douma", "around Saraqib", "sur Douma"), and after it that make a
// governorate or district of it ("Hama province", "the Daraa countryside").
var (
	areaBefore = map[string]bool{"in": true, "around": true, "near": true, "outside": true, "at": true, "across": true,
		"throughout": true, "within": true, "inside": true, "of": true, "en": true, "em": true, "à": true, "a": true, "na": true, "no": true,
		"dans": true, "cerca": true, "près": true,
		// where an attack falls: "des tirs d'artillerie sur Douma", "shelling on Douma"
		"on": true, "against": true, "sur": true, "sobre": true, "contra": true}
	// directions stand between a preposition and a name it places ("in
	// northern Hama", "in southern Idlib").
	directions = map[string]bool{"northern": true, "southern": true, "eastern": true, "western": true, "northwestern": true,
		"northeastern": true, "southwestern": true, "southeastern": true, "central": true}
	areaAfter = map[string]string{"province": gazetteer.Governorate, "governorate": gazetteer.Governorate,
		"countryside": gazetteer.Governorate, "district": District}
	areaToken = regexp.MustCompile(`[\pL\pN'’]+(?:-[\pL\pN'’]+)*`)
	// reElided: a token that is an elided word and a capitalised one.
	reElided = regexp.MustCompile(`^(\p{Ll}{1,2}['’])\p{Lu}`)
)

// readAreas finds the areas narrower than a zone that a claim's words
// name, in their original case: a capitalised gazetteer name after "in",
// "around", "near" (and the like), or before "province", "governorate",
// "countryside" or "district". A bare name the vocabulary reads as a zone
// ("in Idlib", "in Daraa") stays the zone; "Idlib province" is the
// governorate. It returns the areas' names, as ClaimScope.Areas stores
// them, and the words that named each.
// notAPlace is the gazetteer name [place-names] gives words that name no
// place though their consonants are a town's ("Syrian" has Suran's).
const notAPlace = "-"

func (v *vocab) readAreas(text string, a *truce.Agreement) (names, words []string, placers map[string]bool) {
	placers = map[string]bool{}
	g := defaultGazetteer()
	var locs [][]int
	for _, l := range areaToken.FindAllStringIndex(text, -1) {
		// An elided preposition or article is a word of its own ("celle
		// d'Alep", "l'Idleb"): the name after it may be a place.
		if m := reElided.FindStringSubmatchIndex(text[l[0]:l[1]]); m != nil {
			locs = append(locs, []int{l[0], l[0] + m[3]}, []int{l[0] + m[3], l[1]})
			continue
		}
		locs = append(locs, l)
	}
	toks := make([]string, len(locs))
	for i, l := range locs {
		toks[i] = text[l[0]:l[1]]
	}
	lower := func(i int) string {
		if i < 0 || i >= len(toks) {
			return ""
		}
		return strings.ToLower(toks[i])
	}
	maxN := g.MaxWords()
	inList := false // the names of a list of places ("the provinces of Idlib, Latakia and Hama", "the town of Duma")
	// A name the words did not make an area, kept in case a later name
	// joined to it by "and" is made one: "Şam ve Humus illerinde" names
	// both provinces.
	type heldName struct {
		p    *gazetteer.Place
		span string
		end  int
	}
	var pending *heldName
	add := func(p *gazetteer.Place, span, said string, governorate bool) {
		n := p.Name
		if governorate {
			if q, ok := g.Governorate(p.Admin1); ok {
				n = q.Name
			}
		}
		if !slices.Contains(names, n) {
			names, words = append(names, n), append(words, said)
		}
	}
	lookup := func(span string) (*gazetteer.Place, bool) {
		// The language's own name first: the gazetteer matches names by
		// their consonants, and Spanish "Sueida" (As-Suwayda) has those of
		// the town Saida.
		if name, ok := v.placeNames[Fold(v.lang, span)]; ok {
			if name == notAPlace {
				return nil, false
			}
			return g.Lookup(name)
		}
		if p, ok := g.Lookup(span); ok {
			return p, true
		}
		if name, ok := v.placeNames[strings.TrimPrefix(Fold(v.lang, span), "و")]; ok && v.lang == "ar" {
			return g.Lookup(name) // "وإدلب": and Idlib
		}
		// A case ending after an apostrophe: "İdlib'de", "Halep'te".
		if stem, _, ok := strings.Cut(span, "'"); ok && stem != "" && !strings.Contains(span, " ") {
			if name, ok := v.placeNames[Fold(v.lang, stem)]; ok {
				return g.Lookup(name)
			}
			return g.Lookup(stem)
		}
		return nil, false
	}
	for i := 0; i < len(toks); i++ {
		switch {
		case !inList:
			// Up to four words: "en las provincias de", "en las afueras de".
			inList = v.opensList(toks[max(0, i-4):i])
		case !listJoined(text[locs[i-1][1]:locs[i][0]]):
			inList = false
		case slices.Contains(listConjunctions, lower(i)):
			continue
		case slices.Contains(listConjunctions, lower(i-1)) && slices.Contains(listRepeated, lower(i)):
			continue // "les localités de Talbiseh et de Rastan"
		case listFiller(lower(i)) && afterConjunction(i, lower):
			// "in northern Hama and southern Idlib", "the northern
			// countryside of Hama and the southern countryside of Idlib"
			continue
		}
		if r, _ := utf8.DecodeRuneInString(toks[i]); !unicode.IsUpper(r) && !v.caselessPlace(toks[i]) {
			inList = false
			continue
		}
		found := false
		for n := min(maxN, len(toks)-i); n >= 1; n-- {
			span := strings.Join(toks[i:i+n], " ")
			p, ok := lookup(span)
			if !ok {
				continue
			}
			found = true
			kind, qualified := areaAfter[lower(i+n)]
			if k := v.placeWordAfter(lower(i + n)); k != "" && !qualified {
				// "Duma kentini", "İdlib ilinde": the word after says what it is.
				kind, qualified = k, k != "town"
				if k == "town" && !v.namesAnyZone(span, a) {
					inList = true
				}
				if k == "place" {
					// "the Jabal al-Zawiya front": the place itself, as
					// the gazetteer names it, whatever its kind.
					kind, qualified = gazetteer.Town, true
				}
			}
			if inList && p.Kind == gazetteer.Governorate {
				kind, qualified = gazetteer.Governorate, true
			}
			if k, ok := areaAfter[lower(i+n-1)]; ok && n > 1 {
				// The name says it: "Daraa province", "Idlib Governorate".
				kind, qualified = k, true
				if k == District {
					span = strings.Join(toks[i:i+n-1], " ")
				}
			}
			if before := Fold(v.lang, lower(i-1)); v.countrysideBefore[before] && p.Kind == gazetteer.Governorate && !qualified {
				// "ريف حماة الشمالي": Hama; but "ريف حمص الشمالي" is a zone.
				if !v.namesAnyZone(strings.Join(toks[i-1:min(len(toks), i+n+1)], " "), a) {
					kind, qualified = gazetteer.Governorate, true
				}
			}
			if inList && !qualified {
				// "da cidade de Rastan": the town, though the vocabulary
				// names a zone by it.
				kind, qualified = gazetteer.Town, true
			}
			prep := areaBefore[lower(i-1)] || directions[lower(i-1)] && areaBefore[lower(i-2)] // "in northern Hama"
			if !qualified && !prep && !v.attackedPlace(toks[max(0, i-3):i]) && !v.locative(span) {
				pending = &heldName{p, span, i + n}
				break
			}
			if !qualified && v.namesAnyZone(span, a) {
				break // "in Idlib": the zone
			}
			if pending != nil && pending.end < i && joinedByConjunction(toks[pending.end:i]) {
				add(pending.p, pending.span, pending.span, kind == gazetteer.Governorate && qualified)
			}
			pending = nil
			name, said := p.Name, span
			switch {
			case qualified && kind == gazetteer.Town:
			case qualified && kind == District:
				// The gazetteer's name, which ResolveArea matches to the
				// district's unit: "Cisr eş-Şugur ilçesinde" is the Jisr
				// al-Shughur district.
				name, said = p.Name+" district", span+" district"
			case qualified:
				if q, ok := g.Governorate(p.Admin1); ok {
					name = q.Name
				}
				if !strings.HasSuffix(strings.ToLower(span), " "+lower(i+n)) && areaAfter[lower(i+n)] != "" {
					said = span + " " + toks[i+n]
				}
			}
			if !slices.Contains(names, name) {
				names, words = append(names, name), append(words, said)
			}
			if v.districtBefore[Fold(v.lang, lower(i-1))] || v.districtBefore[Fold(v.lang, lower(i-2)+" "+lower(i-1))] || v.districtAfter(toks[i+n:]) {
				// "Kafranbel and Hish in the Maarat al-Numan area",
				// "Maarret en-Numan ilçesine bağlı Hiş": the district that
				// places the towns, unless it is all that is named.
				placers[name] = true
			}
			// A name joined to this one by "and" or a comma is an area too
			// ("the towns of Kafr Zita and Al-Lataminah").
			inList = true
			i += n - 1
			break
		}
		if !found {
			inList = false
		}
	}
	return names, words, placers
}

// districtAfter says whether the words after a name make it the district
// the next name lies in ("ilçesine bağlı").
func (v *vocab) districtAfter(toks []string) bool {
	for _, d := range v.districtAfterWords {
		f := strings.Fields(d)
		if len(toks) >= len(f) && Fold(v.lang, strings.Join(toks[:len(f)], " ")) == d {
			return true
		}
	}
	return false
}

// locative says whether a name carries a case ending of the language's
// [locative-suffixes] after an apostrophe ("Hama'da", "Halep'te"): the
// ending says "in", as a preposition before it does.
func (v *vocab) locative(span string) bool {
	_, suf, ok := strings.Cut(strings.ReplaceAll(span, "’", "'"), "'")
	return ok && v.locatives[Fold(v.lang, suf)]
}

// joinedByConjunction says whether the words between two names are only
// a conjunction ("Şam ve Humus").
func joinedByConjunction(between []string) bool {
	return len(between) == 1 && slices.Contains(listConjunctions, strings.ToLower(between[0]))
}

// attackedPlace says whether the words before a name end with one of the
// language's [times-verbs], an attack or violation: its object is a
// place ("a bombardé Damas", "shelled Douma").
func (v *vocab) attackedPlace(before []string) bool {
	if len(before) == 0 || v.timesVerbs == nil {
		return false
	}
	w := " " + Fold(v.lang, before[len(before)-1]) + " "
	m, _ := find(v.timesVerbs, w)
	return m != ""
}

// placeWordAfter is the kind of place a word after a name makes it, by
// the language's [area-after] (WORD = governorate, district, town, or
// place for the place itself, whatever its kind; a
// WORD ending in * stands for any ending), or "".
func (v *vocab) placeWordAfter(w string) string {
	w = Fold(v.lang, w)
	for _, e := range v.areaAfter {
		if stem, ok := strings.CutSuffix(e[0], "*"); ok && strings.HasPrefix(w, stem) || e[0] == w {
			return e[1]
		}
	}
	return ""
}

// caselessPlace says whether a word of a script without capitals
// (Arabic) is a place name the language's [place-names] know, with or
// without a clitic before it ("وإدلب"), or the first word of one ("خان
// شيخون").
func (v *vocab) caselessPlace(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	if !unicode.IsLetter(r) || unicode.IsUpper(r) || unicode.IsLower(r) {
		return false
	}
	f := Fold(v.lang, w)
	_, ok := v.placeNames[f]
	// "وخان شيخون": and the first word of a name.
	return ok || len(f) > 2 && v.placeNames[strings.TrimPrefix(f, "و")] != "" || v.placeFirstWords[f] || len(f) > 2 && v.placeFirstWords[strings.TrimPrefix(f, "و")]
}

// opensList says whether the words before a name open a list of places:
// one of the language's [area-lists] phrases ends them.
func (v *vocab) opensList(before []string) bool {
	for k := 1; k <= len(before); k++ {
		w := Fold(v.lang, strings.Join(before[len(before)-k:], " "))
		if slices.Contains(v.listOpeners, w) {
			return true
		}
	}
	return false
}

// listJoined says whether what stands between two names continues a list:
// a comma or a space (before or after a conjunction).
func listJoined(gap string) bool {
	g := strings.TrimSpace(gap)
	return g == "," || g == ""
}

var listConjunctions = []string{"and", "e", "y", "et", "и", "ve", "و", "og"}

// listRepeated are the prepositions a list repeats after its conjunction
// ("Talbiseh et de Rastan", "Nawa y de Tafas").
var listRepeated = []string{"de", "d'", "d’", "of", "da", "do", "del"}

// listFillers are the lower-case words that may stand between a list's
// conjunction and its next name, besides a direction: "and the southern
// countryside of Idlib".
var listFillers = []string{"the", "countryside", "outskirts", "suburbs", "parts", "of", "province", "rural"}

func listFiller(w string) bool { return directions[w] || slices.Contains(listFillers, w) }

// afterConjunction says whether the words before token i, over list
// fillers, end in a list's conjunction.
func afterConjunction(i int, lower func(int) string) bool {
	for j := i - 1; j >= 0 && j >= i-6; j-- {
		if slices.Contains(listConjunctions, lower(j)) {
			return true
		}
		if !listFiller(lower(j)) {
			return false
		}
	}
	return false
}

// namesAnyZone says whether words name one of the agreement's zones.
func (v *vocab) namesAnyZone(words string, a *truce.Agreement) bool {
	s := v.normalize(words)
	for _, z := range a.Zones {
		if v.namesZone(s, z) {
			return true
		}
	}
	return false
}

var (
	reShare     = regexp.MustCompile(`\(\s*[\pL\pN]+\s*\)|\pL\s+[-–—]\s*\pN+`)
	reListAfter = regexp.MustCompile(`\pN+\s+[\pL ]{1,40}:\s*\pL`)
)

// Breakdown says whether a sentence shares a count out among places:
// "Damascus (four), Deraa (one)", "Idlib - 4, Aleppo - 4", or a list after
// a colon ("19 violations: eight in Hama, six in Damascus").
func Breakdown(sentence string) bool {
	return len(shares(sentence, 3)) >= 2 || reListAfter.MatchString(sentence)
}

// shares are the places of up to n shares of a count in a sentence
// (reShare), leaving out a day in brackets ("خلال يوم أمس (الثلاثاء)",
// "neste sábado (20)"), which dates, not shares.
func shares(sentence string, n int) [][]int {
	var out [][]int
	for _, m := range reShare.FindAllStringIndex(sentence, -1) {
		if bracketedDay(sentence, m) {
			continue
		}
		if out = append(out, m); len(out) == n {
			break
		}
	}
	return out
}

// bracketedDay says whether a bracketed share names a weekday in some
// language, or a day's number right after a weekday ("sábado (20)").
func bracketedDay(sentence string, m []int) bool {
	inner := strings.Trim(sentence[m[0]:m[1]], "() \t")
	before := strings.Fields(sentence[:m[0]])
	for _, v := range vocabs {
		if _, ok := v.weekdays[Fold(v.lang, inner)]; ok {
			return true
		}
		if len(before) > 0 {
			if _, ok := v.weekdays[Fold(v.lang, before[len(before)-1])]; ok {
				return true
			}
		}
	}
	return false
}

// FirstShare is where a sentence's first share of a count begins ("(four)",
// "- 4", a number before a colon), -1 when it has none.
func FirstShare(sentence string) int {
	at := -1
	if ms := shares(sentence, 1); len(ms) > 0 {
		at = ms[0][0]
	}
	if m := reListAfter.FindStringIndex(sentence); m != nil && (at < 0 || m[0] < at) {
		at = m[0]
	}
	return at
}

// countedShares counts the shares of a count a sentence gives by number
// ("Damascus (6)", "Idlib - 4", "(four)"): not a date before a colon ("a
// ceasefire announced on 30 August: nine people …") nor a name in
// parentheses ("the Observatory (SOHR)").
func countedShares(sentence string) int {
	n := 0
	for _, m := range reShare.FindAllString(sentence, -1) {
		w := strings.ToLower(strings.Trim(m, "() \t"))
		if strings.IndexFunc(w, unicode.IsDigit) >= 0 || countOf(w) > 0 {
			n++
		}
	}
	return n
}

// scopeOf reads a claim's scope from its words: the zones (parseScope)
// narrowed to the areas it names, when it names some and does not speak
// of all zones in so many words.
func (v *vocab) scopeOf(text string, a *truce.Agreement) (truce.ClaimScope, []string) {
	s := v.normalize(text)
	scope, notes := v.parseScope(s, a)
	if m, _ := find(v.allZones, s); m != "" {
		return scope, notes
	}
	names, words, placers := v.readAreas(text, a)
	if spans := v.originSpans(s); len(spans) > 0 {
		// "Shells fired from positions in the Hama countryside hit
		// Kafranbel": where the attackers were is not where the claim is.
		// The zone is read again without those words, and the places
		// named only in them are left out.
		rest, from := []byte(s), ""
		for _, sp := range spans {
			from += " " + s[sp[0]:sp[1]]
			for i := sp[0]; i < sp[1]; i++ {
				rest[i] = ' '
			}
		}
		names, words = v.dropOrigins(names, words, from+" ", " "+string(rest)+" ")
		if len(names) == 0 {
			scope, notes = v.parseScope(string(rest), a)
			return scope, append(notes, fmt.Sprintf("scope: %q only say where the attack came from", strings.TrimSpace(from)))
		}
		scope, notes = v.parseScope(string(rest), a)
	}
	if len(names) == 0 {
		return scope, notes
	}
	if countedShares(text) >= 2 {
		// "Stable in the de-escalation zones …: 8 cases of firing in the
		// provinces of Damascus (6) and Hama (2)": the places share out a
		// count; they are not where the claim is.
		return scope, append(notes, fmt.Sprintf("scope: %q only share out a count, so they do not narrow it", strings.Join(words, "\", \"")))
	}
	names, words = narrowest(names, words, placers)
	var zones, areas, said []string
	for i, name := range names {
		ar, _ := ResolveArea(name, nil)
		in := areaZones(ar, a)
		if !scope.All {
			// Named zones and an area: the area within them.
			in = slices.DeleteFunc(in, func(id string) bool { return !slices.Contains(scope.Zones, id) })
			if len(in) == 0 && len(areaZones(ar, a)) > 0 {
				notes = append(notes, fmt.Sprintf("scope: %q lies outside the zones named (%s), left out", words[i], strings.Join(scope.Zones, ", ")))
				continue
			}
		}
		areas, said = append(areas, name), append(said, words[i])
		for _, id := range in {
			if !slices.Contains(zones, id) {
				zones = append(zones, id)
			}
		}
	}
	if len(areas) == 0 {
		return scope, notes
	}
	// Keep the agreement's order.
	var ordered []string
	for _, z := range a.Zones {
		if slices.Contains(zones, z.ID) {
			ordered = append(ordered, z.ID)
		}
	}
	notes = slices.DeleteFunc(notes, func(n string) bool { return strings.HasPrefix(n, "scope: no zone named") })
	where := "lying in no zone of " + a.ID
	if len(ordered) > 0 {
		where = "in zone " + strings.Join(ordered, ", ")
	}
	notes = append(notes, fmt.Sprintf("scope: narrowed to %s (from %q), %s", strings.Join(areas, ", "), strings.Join(said, "\", \""), where))
	return truce.ClaimScope{Zones: ordered, Areas: areas}, notes
}

// originSpans are the byte spans of the folded words s that name where
// attackers fired from: up to eight words after an [origins] opener ("from
// positions in", "desde posiciones del Ejército en", "из района"), up to
// three before an [origins-after] word ("Hama'nın kuzeyindeki
// mevzilerinden"), each ending at punctuation or an [origin-stops] word
// ("at", "contra", "على").
func (v *vocab) originSpans(s string) [][2]int {
	var out [][2]int
	stop := func(w string) bool {
		return v.originStops[strings.Trim(w, `"'«»()`)] || strings.ContainsAny(w, ",.;:،؛")
	}
	for _, m := range findAll(v.origins, s) {
		end, n := m[1], 0
		for n < 8 && end < len(s) {
			rest := s[end:]
			w := strings.Fields(rest)
			if len(w) == 0 || v.originStops[strings.Trim(w[0], `"'«»()`)] {
				break
			}
			i := strings.Index(rest, w[0]) + len(w[0])
			if strings.ContainsAny(w[0], ",.;:،؛") {
				end += strings.IndexAny(rest, ",.;:،؛")
				break
			}
			end += i
			n++
		}
		if end > m[1] {
			out = append(out, [2]int{m[0], end})
		}
	}
	for _, m := range findAll(v.originsAfter, s) {
		start, n := m[0], 0
		for n < 3 && start > 0 {
			before := strings.TrimRight(s[:start], " ")
			i := strings.LastIndex(before, " ") + 1
			if w := before[i:]; w == "" || stop(w) {
				break
			}
			start = i
			n++
		}
		if start < m[0] {
			out = append(out, [2]int{start, m[1]})
		}
	}
	return out
}

// dropOrigins leaves out the names whose words are in the origin words
// (from, spaced) and not in the rest of the claim's words (rest, spaced).
func (v *vocab) dropOrigins(names, words []string, from, rest string) ([]string, []string) {
	var keptN, keptW []string
	for i, w := range words {
		f := strings.Fields(Fold(v.lang, w))
		if len(f) > 0 {
			first := strings.Trim(f[0], `"'«»()`)
			if stem, _, ok := strings.Cut(first, "'"); ok && stem != "" {
				first = stem // "hama'nın"
			}
			inFrom := strings.Contains(from, " "+first) || strings.Contains(from, first)
			inRest := strings.Contains(rest, " "+first) || strings.Contains(rest, first)
			if inFrom && !inRest {
				continue
			}
		}
		keptN, keptW = append(keptN, names[i]), append(keptW, w)
	}
	return keptN, keptW
}

// narrowest drops a governorate the words name only to place a town or
// district they also name ("the town of Kafr Zita in Hama province" is
// about Kafr Zita), and a district (or the town that seats it) named by a
// district word only to place towns of it also named (placers).
func narrowest(names, words []string, placers map[string]bool) ([]string, []string) {
	g := defaultGazetteer()
	admin2 := func(n string) string {
		if p, ok := g.Lookup(strings.TrimSuffix(n, " district")); ok {
			return p.Admin2
		}
		return ""
	}
	placing := func(n string) bool {
		d := admin2(n)
		return (placers[n] || strings.HasSuffix(n, " district")) && d != "" &&
			slices.ContainsFunc(names, func(m string) bool { return m != n && !placers[m] && admin2(m) == d })
	}
	var within []string // governorates of the towns and districts named
	for _, n := range names {
		if ar, ok := ResolveArea(n, nil); ok && ar.Kind != gazetteer.Governorate && ar.Admin1 != "" {
			within = append(within, ar.Admin1)
		}
	}
	var outN, outW []string
	for i, n := range names {
		if ar, ok := ResolveArea(n, nil); ok && ar.Kind == gazetteer.Governorate && slices.Contains(within, ar.Admin1) {
			continue
		}
		if placing(n) {
			continue
		}
		outN, outW = append(outN, n), append(outW, words[i])
	}
	return outN, outW
}

// AdminUnitser is an Evidence that knows the stored admin boundaries,
// which give a claim's governorates and districts their outlines.
type AdminUnitser interface {
	AdminUnits() ([]truce.AdminUnit, error)
}

// claimAreas resolves a scope's areas, with the admin boundaries ev
// knows, if any. An area Truce cannot find is an EINVALID error.
func claimAreas(scope truce.ClaimScope, ev Evidence) ([]Area, error) {
	if len(scope.Areas) == 0 {
		return nil, nil
	}
	var units []truce.AdminUnit
	if au, ok := ev.(AdminUnitser); ok {
		var err error
		if units, err = au.AdminUnits(); err != nil {
			return nil, err
		}
	}
	out := make([]Area, 0, len(scope.Areas))
	for _, name := range scope.Areas {
		ar, ok := ResolveArea(name, units)
		if !ok {
			return nil, truce.Errorf(truce.EINVALID, "claim scope: area %q is neither a place in Truce's gazetteer nor a stored admin unit's P-code", name)
		}
		out = append(out, ar)
	}
	return out, nil
}

func areaNames(areas []Area) string {
	names := make([]string, len(areas))
	for i, ar := range areas {
		names[i] = ar.Name
		if ar.Kind == gazetteer.Governorate {
			names[i] = ar.Admin1 + " governorate"
		}
	}
	return strings.Join(names, ", ")
}

func areaRules(areas []Area) string {
	d := make([]string, len(areas))
	for i, ar := range areas {
		d[i] = ar.Describe()
	}
	return strings.Join(d, "; ")
}

// inAreas keeps the incidents of list that lie in any of the areas.
func inAreas(list []JudgedIncident, areas []Area) []JudgedIncident {
	var out []JudgedIncident
	for _, ji := range list {
		for _, ar := range areas {
			if ar.Contains(ji.Location) {
				out = append(out, ji)
				break
			}
		}
	}
	return out
}

// narrowWindow weighs a window claim about areas within zone z (which is
// in force and covered) on the zone's judged incidents in the areas only:
// their probabilities of violation give the chance of each status grade
// by the agreement's thresholds, of no violation and of no serious one,
// as for a whole zone.
func narrowWindow(ze *truce.ZoneEvidence, c truce.Claim, a *truce.Agreement, z truce.Zone, from, date time.Time, when string, areas []Area, ev Evidence, deaths map[string]deathTally) error {
	names := areaNames(areas)
	if ev == nil {
		ze.Verdict, ze.Reason = truce.ClaimInsufficient, fmt.Sprintf("the claim is about %s: the incidents were not looked up, so the check cannot be narrowed to it", names)
		return nil
	}
	list, err := ev.ZoneIncidents(z.ID, from, date, true)
	if err != nil {
		return err
	}
	in := inAreas(list, areas)
	if deaths != nil {
		spanned, err := windowIncidents(ev, z.ID, from, date, list)
		if err != nil {
			return err
		}
		deaths[z.ID] = deathRange(inAreas(spanned, areas))
	}
	rows := make([]truce.ZoneDay, 0, len(in))
	for _, ji := range in {
		rows = append(rows, truce.ZoneDay{ZoneID: z.ID, Day: ji.Day, Placement: ji.Placement, Verdict: ji.Verdict, Severity: ji.Severity,
			Incidents: 1, Deaths: ji.Deaths, CivilianDeaths: ji.Civilians, P: ji.P})
	}
	ds := assess.Window(a, z.ID, date, rows)
	ze.Status, ze.StatusProbability, ze.StatusBest, ze.StatusWorst = ds.Status, round3(ds.Probability), ds.Best, ds.Worst
	ze.Violations, ze.Expected, ze.ExpectedLow, ze.ExpectedHigh = ds.Definite, round3(ds.Expected.Mean), ds.Expected.Low, ds.Expected.High
	ze.Events, ze.Deaths = ds.Events.Events, ds.Events.Deaths
	ze.Verdict, ze.Reason, ze.Probability = windowVerdict(c, ds, when)
	if c.Assertion == truce.AssertAccusation {
		expected := attributed(in, c.Accused)
		ze.Attributed = int(math.Round(expected))
		ze.Verdict, ze.Reason, ze.Probability = accusationVerdict(c, in, expected, ds.Expected.Mean, when)
	}
	ze.Reason = fmt.Sprintf("scope narrowed to %s: %d of the zone's %d judged incidents %s lie there (%s); %s",
		names, len(in), len(list), when, areaRules(areas), ze.Reason)
	ze.Incidents = pickIncidents(c, in)
	return nil
}
