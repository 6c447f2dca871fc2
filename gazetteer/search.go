package gazetteer

import (
	"sort"
	"strings"
	"unicode"
)

// Fold is the form in which typed names are matched by prefix: Fold's
// lower case without Latin diacritics and apostrophes, and Arabic without
// its vowel marks and tatweel, with the alef, yeh and teh marbuta forms
// that spellings vary between made one (أ إ آ ٱ → ا, ى → ي, ة → ه).
// Hyphens are spaces. Unlike Key it keeps vowels, so that what is typed is
// matched as typed.
func Fold(s string) string {
	var b strings.Builder
	for _, r := range fold(s) {
		switch {
		case r >= 0x064B && r <= 0x065F, r == 0x0670, r == 0x0640: // harakat, superscript alef, tatweel
			continue
		case r == 'أ' || r == 'إ' || r == 'آ' || r == 'ٱ':
			b.WriteRune('ا')
		case r == 'ى':
			b.WriteRune('ي')
		case r == 'ة':
			b.WriteRune('ه')
		case r == '-' || r == '_' || unicode.IsSpace(r):
			b.WriteRune(' ')
		default:
			b.WriteRune(r)
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// PrefixMatch reports whether the folded query q (see Fold) begins name, or
// one of its words, or one of its words after the Arabic article ("al-",
// "ال"): "ghou" finds "Eastern Ghouta", "دوم" finds "دوما", "رقه" finds
// "الرقة".
func PrefixMatch(name, q string) bool {
	if q == "" {
		return false
	}
	n := Fold(name)
	if strings.HasPrefix(n, q) {
		return true
	}
	for i := 0; i < len(n); i++ {
		if n[i] != ' ' {
			continue
		}
		rest := n[i+1:]
		if strings.HasPrefix(rest, q) {
			return true
		}
	}
	for _, w := range strings.Fields(n) {
		if t, ok := strings.CutPrefix(w, "ال"); ok && strings.HasPrefix(t, q) {
			return true
		}
	}
	return false
}

// Match is one place found by Search, with the spelling that matched.
type Match struct {
	Place *Place
	Name  string // p.Name, or the alias the query began
}

// Search returns up to n places of which a name or alias begins with q or
// has a word that does (see PrefixMatch), case- and diacritic-insensitive.
// Places whose own name matches come before those matched by an alias;
// then governorates and cities before towns and regions; then by name.
func (g *Gazetteer) Search(q string, n int) []Match {
	q = Fold(q)
	if q == "" || n <= 0 {
		return nil
	}
	type hit struct {
		m     Match
		alias bool
	}
	var hits []hit
	for _, p := range g.places {
		if PrefixMatch(p.Name, q) {
			hits = append(hits, hit{Match{p, p.Name}, false})
			continue
		}
		for _, a := range p.Aliases {
			if PrefixMatch(a, q) {
				hits = append(hits, hit{Match{p, a}, true})
				break
			}
		}
	}
	rank := map[string]int{Governorate: 0, City: 1, Town: 2, Region: 3}
	sort.SliceStable(hits, func(i, j int) bool {
		a, b := hits[i], hits[j]
		if a.alias != b.alias {
			return !a.alias
		}
		if ra, rb := rank[a.m.Place.Kind], rank[b.m.Place.Kind]; ra != rb {
			return ra < rb
		}
		return a.m.Place.Name < b.m.Place.Name
	})
	out := make([]Match, 0, min(n, len(hits)))
	for _, h := range hits[:min(n, len(hits))] {
		out = append(out, h.m)
	}
	return out
}
