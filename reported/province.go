package reported

import (
	"strings"

	"github.com/truce-monitor/truce/gazetteer"
)

var gaz = gazetteer.Default()

// arabicProvinces names the governorates as Arabic bulletins write them:
// the gazetteer holds Latin spellings only.
var arabicProvinces = map[string]string{
	"ادلب": "Idlib", "إدلب": "Idlib", "حلب": "Aleppo", "حماه": "Hama", "حماة": "Hama", "حمص": "Homs",
	"اللاذقية": "Latakia", "اللاذقيه": "Latakia", "دمشق": "Damascus", "ريف دمشق": "Rif Dimashq", "درعا": "Daraa",
	"القنيطرة": "Quneitra", "السويداء": "As-Suwayda", "طرطوس": "Tartus", "الرقة": "Raqqa", "دير الزور": "Deir ez-Zor",
	"الحسكة": "Al-Hasakah",
}

// Province returns the governorate a name denotes, as the gazetteer's
// Admin1 names it ("Lattakia", "Latakia province" and "Latakia
// Governorate" are all "Latakia"), so that a bulletin's provinces and an
// incident's admin unit compare; a name it does not know comes back
// trimmed, as given.
func Province(name string) string {
	name = strings.TrimSpace(name)
	if p, ok := arabicProvinces[strings.TrimPrefix(name, "و")]; ok {
		return p
	}
	if p, ok := gaz.Lookup(name); ok && p.Kind == gazetteer.Governorate {
		return p.Admin1
	}
	for _, suffix := range []string{" governorate", " province", " region"} {
		if n := len(name) - len(suffix); n > 0 && strings.EqualFold(name[n:], suffix) {
			return Province(name[:n])
		}
	}
	return name
}

// isProvince reports whether name is a governorate the gazetteer or the
// Arabic names know.
func isProvince(name string) bool {
	name = strings.TrimSpace(name)
	if _, ok := arabicProvinces[strings.TrimPrefix(name, "و")]; ok {
		return true
	}
	p, ok := gaz.Lookup(name)
	return ok && p.Kind == gazetteer.Governorate
}
