// Package gazetteer finds Syrian place names in text and gives their
// coordinates, governorate and how precisely a mention of them locates an
// event.
//
// The built-in list (syria.tsv, embedded) is project-authored: the 14
// governorates, the regions news names (Eastern Ghouta, Jabal al-Zawiya)
// and the towns that recur in ceasefire reporting. A GeoNames file
// (geonames.org, CC BY; the "cities1000" format) can be added with
// ReadGeoNames; its places fill gaps and never override the built-in ones,
// whose precision and governorate were chosen by hand.
//
// Names are compared by a key that tolerates what varies between
// transliterations of Arabic (see Key), so "Maarat al-Numan",
// "Ma'arrat an-Nu'man" and "Maaret al-Nouman" are one place.
package gazetteer

import (
	"bufio"
	_ "embed"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/truce-monitor/truce"
)

// Kinds of place.
const (
	Governorate = "governorate"
	City        = "city"
	Town        = "town"
	Region      = "region"
)

// Place is one gazetteer entry.
type Place struct {
	Name      string
	Kind      string
	Admin1    string // governorate
	Admin2    string // district, "" when unknown
	Lat, Lon  float64
	Precision truce.LocPrecision // of an event known only to be in this place
	Source    string             // "truce" (built in) or the file it was read from
	Aliases   []string           // other spellings, as the file gives them
	// NameAr is the name in Arabic script, when a GeoNames file read into
	// the gazetteer gives one (the built-in list has none).
	NameAr string
}

// Location is where an event "in" p is, as precisely as p says.
func (p *Place) Location() truce.Location {
	return truce.Location{HasPoint: true, Lat: p.Lat, Lon: p.Lon, Precision: p.Precision, Country: "Syria",
		Admin1: p.Admin1, Admin2: p.Admin2, Place: p.Name}
}

// Gazetteer maps name keys to places.
type Gazetteer struct {
	byKey   map[string]*Place
	maxLen  int // the most words a key has
	places  []*Place
	govByID map[string]*Place // governorate entries by Admin1
}

//go:embed syria.tsv
var builtin string

// Default returns the built-in gazetteer. It panics only if the embedded
// file is broken, which TestBuiltin catches at build time.
func Default() *Gazetteer {
	g, err := Read(strings.NewReader(builtin), "gazetteer/syria.tsv")
	if err != nil {
		panic(err)
	}
	return g
}

// Read reads a gazetteer in the format of syria.tsv (see its header).
// Errors name the file, line and field.
func Read(r io.Reader, name string) (*Gazetteer, error) {
	g := &Gazetteer{byKey: map[string]*Place{}, govByID: map[string]*Place{}}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 8 {
			return nil, fmt.Errorf("%s:%d: %d fields, want 8 (name, aliases, kind, admin1, admin2, lat, lon, precision)", name, n, len(f))
		}
		p := &Place{Name: strings.TrimSpace(f[0]), Kind: f[2], Admin1: f[3], Admin2: f[4], Source: "truce"}
		var err error
		if p.Lat, err = strconv.ParseFloat(f[5], 64); err != nil || p.Lat < 32 || p.Lat > 37.5 {
			return nil, fmt.Errorf("%s:%d: field lat: %q is not a latitude in Syria", name, n, f[5])
		}
		if p.Lon, err = strconv.ParseFloat(f[6], 64); err != nil || p.Lon < 35.5 || p.Lon > 42.5 {
			return nil, fmt.Errorf("%s:%d: field lon: %q is not a longitude in Syria", name, n, f[6])
		}
		prec, err := strconv.Atoi(f[7])
		if err != nil || prec < 1 || prec > 5 {
			return nil, fmt.Errorf("%s:%d: field precision: %q, want 1 to 5", name, n, f[7])
		}
		p.Precision = truce.LocPrecision(prec)
		switch p.Kind {
		case Governorate, City, Town, Region:
		default:
			return nil, fmt.Errorf("%s:%d: field kind: %q, want governorate, city, town or region", name, n, p.Kind)
		}
		if p.Name == "" || p.Admin1 == "" {
			return nil, fmt.Errorf("%s:%d: fields name and admin1 are required", name, n)
		}
		names := []string{p.Name}
		for _, a := range strings.Split(f[1], ",") {
			if a = strings.TrimSpace(a); a != "" {
				names = append(names, a)
				p.Aliases = append(p.Aliases, a)
			}
		}
		for _, nm := range names {
			k := Key(nm)
			if k == "" {
				continue
			}
			if q, dup := g.byKey[k]; dup && q != p {
				return nil, fmt.Errorf("%s:%d: name %q is also %q's (line of that entry earlier): names must be unique", name, n, nm, q.Name)
			}
			g.add(k, p)
		}
		g.places = append(g.places, p)
		if p.Kind == Governorate {
			g.govByID[p.Admin1] = p
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return g, nil
}

func (g *Gazetteer) add(k string, p *Place) {
	g.byKey[k] = p
	g.maxLen = max(g.maxLen, strings.Count(k, " ")+1)
}

// Places lists the entries, in file order.
func (g *Gazetteer) Places() []*Place { return g.places }

// Lookup finds the place a name denotes.
func (g *Gazetteer) Lookup(name string) (*Place, bool) {
	p, ok := g.byKey[Key(name)]
	return p, ok
}

// Governorate returns the governorate entry named admin1 (as entries'
// Admin1 fields name it).
func (g *Gazetteer) Governorate(admin1 string) (*Place, bool) {
	p, ok := g.govByID[admin1]
	return p, ok
}

// MaxWords is the most words a name in g has: callers matching text try
// spans up to this long.
func (g *Gazetteer) MaxWords() int { return g.maxLen }

// ReadGeoNames adds the places of a GeoNames table (the 19-column
// cities1000/countryInfo dump format, no header) to g: populated places
// (feature class P) of country SY. Their governorate is that of the
// built-in governorate seat with the same GeoNames admin1 code (found
// through the table's PPLA/PPLC rows), else that of the nearest built-in
// town within 30 km, else left empty. Names g knows already keep their
// built-in entry; a row whose own name is a place g knows within 10 km is
// that place, whose names it adds to. It returns how many places were
// added.
func (g *Gazetteer) ReadGeoNames(r io.Reader, name string) (int, error) {
	type row struct {
		p     *Place
		names []string
		adm   string
		code  string
	}
	var rows []row
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 4<<20)
	for n := 1; sc.Scan(); n++ {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		f := strings.Split(sc.Text(), "\t")
		if len(f) < 11 {
			return 0, fmt.Errorf("%s:%d: %d fields, want the 19 of a GeoNames table", name, n, len(f))
		}
		if f[6] != "P" || f[8] != "SY" {
			continue
		}
		lat, err1 := strconv.ParseFloat(f[4], 64)
		lon, err2 := strconv.ParseFloat(f[5], 64)
		if err1 != nil || err2 != nil || math.IsNaN(lat) || math.IsNaN(lon) {
			return 0, fmt.Errorf("%s:%d: field latitude/longitude: %q, %q: not numbers", name, n, f[4], f[5])
		}
		p := &Place{Name: f[1], Kind: Town, Lat: lat, Lon: lon, Precision: truce.PrecExact, Source: name}
		names := []string{f[1], f[2]}
		for _, a := range strings.Split(f[3], ",") {
			// Short alternates ("Bab") match ordinary words; Arabic ones
			// are kept for Arabic text.
			if utf8.RuneCountInString(a) >= 4 {
				names = append(names, a)
			}
		}
		p.NameAr = arabicName(f[3])
		rows = append(rows, row{p, names, f[10], f[7]})
	}
	if err := sc.Err(); err != nil {
		return 0, fmt.Errorf("%s: %w", name, err)
	}
	admin := map[string]string{} // GeoNames admin1 code → built-in governorate
	for _, rw := range rows {
		if rw.code != "PPLA" && rw.code != "PPLC" {
			continue
		}
		if q, ok := g.Lookup(rw.p.Name); ok {
			admin[rw.adm] = q.Admin1
		} else if q := g.nearest(rw.p.Lat, rw.p.Lon, 15); q != nil {
			admin[rw.adm] = q.Admin1
		}
	}
	added := 0
	for _, rw := range rows {
		rw.p.Admin1 = admin[rw.adm]
		if rw.p.Admin1 == "" {
			if q := g.nearest(rw.p.Lat, rw.p.Lon, 30); q != nil {
				rw.p.Admin1 = q.Admin1
			}
		}
		// A row naming a place g knows, near enough to be that place, is
		// that place: its other names (and its Arabic name, when g has
		// none) go to it, rather than making a second entry on top of it.
		// The built-in list writes a governorate's seat as "Hama city", and
		// GeoNames often writes the article as a word of its own ("An
		// Nashabiyah"), which Key keeps.
		same := (*Place)(nil)
		for _, nm := range rw.names[:2] {
			for _, alt := range []string{nm, nm + " city", withoutArticle(nm)} {
				if q, known := g.byKey[Key(alt)]; known && same == nil && q.Kind != Governorate && q.Kind != Region && DistanceKm(q.Lat, q.Lon, rw.p.Lat, rw.p.Lon) <= 10 {
					same = q
				}
			}
		}
		if same != nil && same.NameAr == "" && rw.p.NameAr != "" {
			same.NameAr = rw.p.NameAr
			same.Aliases = append(same.Aliases, rw.p.NameAr)
		}
		used := false
		for _, nm := range rw.names {
			k := Key(nm)
			if _, known := g.byKey[k]; known || k == "" {
				continue
			}
			if same != nil {
				g.add(k, same)
				continue
			}
			g.add(k, rw.p)
			used = true
		}
		if used {
			g.places = append(g.places, rw.p)
			added++
		}
	}
	return added, nil
}

// withoutArticle drops a leading Arabic article written as a word ("Al
// Bab", "An Nabk"), or returns name as it is.
func withoutArticle(name string) string {
	first, rest, ok := strings.Cut(name, " ")
	if ok && article[strings.ToLower(first)] {
		return rest
	}
	return name
}

// arabicName returns the first of GeoNames' comma-separated alternate
// names written in Arabic script (most of its Syrian places have one; some
// have several spellings, of which the first is the commonest), or "".
func arabicName(alternates string) string {
	for _, a := range strings.Split(alternates, ",") {
		letters, arabic := 0, 0
		for _, r := range a {
			if unicode.IsLetter(r) {
				letters++
				if unicode.Is(unicode.Arabic, r) {
					arabic++
				}
			}
		}
		if letters > 0 && arabic == letters {
			return strings.TrimSpace(a)
		}
	}
	return ""
}

// nearest returns the built-in town or city nearest (lat, lon) within km.
func (g *Gazetteer) nearest(lat, lon, km float64) *Place {
	var best *Place
	for _, p := range g.places {
		if p.Source != "truce" || p.Kind != Town && p.Kind != City {
			continue
		}
		if d := DistanceKm(lat, lon, p.Lat, p.Lon); d <= km {
			best, km = p, d
		}
	}
	return best
}

// DistanceKm is the great-circle distance between two points.
func DistanceKm(lat1, lon1, lat2, lon2 float64) float64 {
	const r = 6371.0
	rad := math.Pi / 180
	dlat, dlon := (lat2-lat1)*rad, (lon2-lon1)*rad
	a := math.Sin(dlat/2)*math.Sin(dlat/2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dlon/2)*math.Sin(dlon/2)
	return 2 * r * math.Asin(math.Min(1, math.Sqrt(a)))
}

// Key is the form in which place names are compared: lower case, Latin
// diacritics and apostrophes (ayn, hamza) dropped, hyphens as spaces, the
// Arabic article dropped in every spelling ("al-", "el-", and the
// assimilated "ad-", "ar-", "as-", "ash-", "an-", "at-", "az-", "ez-"…),
// and each word reduced to its first letter (any vowel as "a") and its
// consonants with doubled letters single: transliterations differ mostly
// in vowels ("Sheikhoun"/"Shaykhun", "Idleb"/"Idlib") and doubling
// ("Maarrat"/"Maarat"). Words are joined by one space.
func Key(name string) string {
	var words []string
	for _, w := range strings.FieldsFunc(fold(name), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-' }) {
		parts := strings.Split(w, "-")
		for i, p := range parts {
			if p == "" || i < len(parts)-1 && article[p] || p == "al" || p == "el" || p == "the" {
				continue
			}
			if s := skeleton(p); s != "" {
				words = append(words, s)
			}
		}
	}
	return strings.Join(words, " ")
}

// article lists the Arabic article's spellings before a hyphen.
var article = map[string]bool{"al": true, "el": true, "ad": true, "ar": true, "as": true, "ash": true, "an": true,
	"at": true, "az": true, "ez": true, "ed": true, "er": true, "es": true, "en": true, "et": true, "adh": true, "ath": true, "ul": true}

func skeleton(w string) string {
	var b strings.Builder
	var last rune
	rs := []rune(w)
	for i, r := range rs {
		if i == 0 {
			if strings.ContainsRune("aeiou", r) {
				r = 'a'
			}
			b.WriteRune(r)
			last = r
			continue
		}
		if strings.ContainsRune("aeiou", r) {
			continue
		}
		// y and w before a consonant or at the end are vowels
		// ("Shaykh"/"Sheikh", "Dumayr"); before a vowel, consonants
		// ("Darayya" is not "Daraa").
		if (r == 'y' || r == 'w') && (i+1 == len(rs) || !strings.ContainsRune("aeiou", rs[i+1])) {
			continue
		}
		if r == last {
			continue
		}
		b.WriteRune(r)
		last = r
	}
	return b.String()
}

var latinFold = map[rune]rune{'ā': 'a', 'á': 'a', 'à': 'a', 'â': 'a', 'ä': 'a', 'ã': 'a', 'ē': 'e', 'é': 'e', 'è': 'e', 'ê': 'e', 'ë': 'e',
	'ī': 'i', 'í': 'i', 'ì': 'i', 'î': 'i', 'ï': 'i', 'ı': 'i', 'ō': 'o', 'ó': 'o', 'ò': 'o', 'ô': 'o', 'ö': 'o', 'ū': 'u', 'ú': 'u',
	'ù': 'u', 'û': 'u', 'ü': 'u', 'ḥ': 'h', 'ḩ': 'h', 'ṣ': 's', 'ş': 's', 'š': 's', 'ṭ': 't', 'ţ': 't', 'ḍ': 'd', 'ẓ': 'z', 'ž': 'z', 'ç': 'c', 'ğ': 'g', 'ḑ': 'd', 'ẖ': 'h', 'ḏ': 'd', 'ṯ': 't'}

// fold lower-cases s, drops Latin diacritics and apostrophe-like marks.
func fold(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case strings.ContainsRune("'’‘ʼʿʾ`´", r):
			continue
		case latinFold[r] != 0:
			b.WriteRune(latinFold[r])
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Names lists every name key, sorted: for tests and diagnostics.
func (g *Gazetteer) Names() []string {
	out := make([]string, 0, len(g.byKey))
	for k := range g.byKey {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
