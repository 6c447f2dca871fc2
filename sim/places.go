package sim

import (
	"math"
)

// governorate is one of Syria's fourteen first-order units. Centroid is the
// point UCDP uses for where_prec 4 in the Syria release; City is the capital,
// around which the war (and so the outside events) clustered. Weight is the
// governorate's count of events in GED 2016–2019.
type governorate struct {
	adm1      string // as UCDP's adm_1
	phrase    string // how SOHR's headlines name its countryside
	centroid  [2]float64
	city      [2]float64
	weight    float64
	headlines [nTemplates]string
}

var governorates = []governorate{
	{adm1: "Aleppo Governorate", phrase: "Aleppo countryside", centroid: [2]float64{37.616667, 36.25}, city: [2]float64{37.16, 36.20}, weight: 3308},
	{adm1: "Rif Dimashq Governorate", phrase: "Damascus countryside", centroid: [2]float64{37.383333, 33.5}, city: [2]float64{36.42, 33.56}, weight: 2118},
	{adm1: "Deir ez Zor Governorate", phrase: "Deir ez-Zor countryside", centroid: [2]float64{40.283333, 35.166667}, city: [2]float64{40.14, 35.33}, weight: 2115},
	{adm1: "Idlib Governorate", phrase: "Idlib countryside", centroid: [2]float64{36.666667, 35.766667}, city: [2]float64{36.63, 35.93}, weight: 1863},
	{adm1: "Ar Raqqah Governorate", phrase: "Raqqa countryside", centroid: [2]float64{38.933333, 36}, city: [2]float64{39.01, 35.95}, weight: 1424},
	{adm1: "Hamah Governorate", phrase: "Hama countryside", centroid: [2]float64{37.2, 35.233333}, city: [2]float64{36.75, 35.13}, weight: 1386},
	{adm1: "Homs Governorate", phrase: "Homs countryside", centroid: [2]float64{38.3, 34.466667}, city: [2]float64{36.72, 34.73}, weight: 1298},
	{adm1: "Daraa Governorate", phrase: "Daraa countryside", centroid: [2]float64{36.21667, 32.85}, city: [2]float64{36.10, 32.62}, weight: 1091},
	{adm1: "Damascus Governorate", phrase: "Damascus", centroid: [2]float64{36.29, 33.51}, city: [2]float64{36.29, 33.51}, weight: 472},
	{adm1: "Al Hasakah Governorate", phrase: "Hasakah countryside", centroid: [2]float64{40.9, 36.516667}, city: [2]float64{40.75, 36.50}, weight: 465},
	{adm1: "Latakia Governorate", phrase: "Latakia countryside", centroid: [2]float64{36.033333, 35.566667}, city: [2]float64{35.78, 35.52}, weight: 420},
	{adm1: "Quneitra Governorate", phrase: "Quneitra countryside", centroid: [2]float64{35.78333, 33.03333}, city: [2]float64{35.82, 33.12}, weight: 156},
	{adm1: "As Suwayda Governorate", phrase: "Suwayda countryside", centroid: [2]float64{36.85, 32.76667}, city: [2]float64{36.57, 32.71}, weight: 105},
	{adm1: "Tartus Governorate", phrase: "Tartus countryside", centroid: [2]float64{36.15867, 35.00427}, city: [2]float64{35.89, 34.89}, weight: 6},
}

// syriaPoint is where UCDP puts events known only to be in Syria (where_prec 6).
var syriaPoint = [2]float64{38, 35}

func init() {
	for i := range governorates {
		g := &governorates[i]
		for t := range templates {
			g.headlines[t] = templates[t].prefix + g.phrase + templates[t].suffix
		}
	}
}

// nearestGovernorate is a two-sites-per-unit Voronoi assignment: crude, but
// it needs no boundary data and gives plausible adm_1 values inside Syria.
func nearestGovernorate(lon, lat float64) int {
	const lonScale = 0.82 // cos 35°: degrees of longitude are shorter
	best, bestD := 0, math.Inf(1)
	for i := range governorates {
		g := &governorates[i]
		for _, p := range [2][2]float64{g.centroid, g.city} {
			dx, dy := (lon-p[0])*lonScale, lat-p[1]
			if d := dx*dx + dy*dy; d < bestD {
				best, bestD = i, d
			}
		}
	}
	return best
}

// Synthetic name parts. They are generic words, not real town names, so that
// a gazetteer cannot mistake a simulated place for a real one elsewhere.
var (
	namePrefixes = []string{"", "", "", "Tell ", "Kafr ", "Ain ", "Deir ", "Khirbet ", "Jisr ", "Maarat ",
		"Beit ", "Qasr ", "Umm ", "Abu ", "Bir ", "Marj ", "Sheikh ", "Tall "}
	nameRoots = []string{"Hamra", "Abyad", "Aswad", "Akhdar", "Qadim", "Sharqi", "Gharbi", "Shamali",
		"Janubi", "Kabir", "Saghir", "Zaytun", "Tuffah", "Rumman", "Jawz", "Hawa", "Nahr", "Rih", "Shams",
		"Qamar", "Hadid", "Milh", "Baida", "Sawda", "Jadida", "Atiqa", "Wusta", "Ula", "Thaniya", "Sahl",
		"Wadi", "Ghadir", "Nakhla", "Sindiyan", "Ballut", "Tina", "Karma", "Arz", "Sanawbar", "Hajar",
		"Suwan", "Rimal", "Tahun", "Bustan", "Mazraa", "Burj", "Qalaa", "Hammam"}
	placeKinds = []string{" village", " village", " village", " village", " village", " town", " town", " town", " city"}
)

func syntheticName(key uint64) (name, kind string) {
	h := splitmix64(key)
	p := namePrefixes[h%uint64(len(namePrefixes))]
	h /= uint64(len(namePrefixes))
	r := nameRoots[h%uint64(len(nameRoots))]
	h /= uint64(len(nameRoots))
	return p + r, placeKinds[h%uint64(len(placeKinds))]
}

// place is a named grid cell: a 0.1° cell stands for a village or town, a
// 0.5° cell for a district.
type place struct {
	name      string // "Kafr Hamra"
	where     string // "Kafr Hamra village", UCDP's where_coordinates
	area      string // "Kafr Hamra area", for where_prec 5
	adm1      string
	adm2      string
	gov       int
	center    [2]float64 // districts only
	headlines [nTemplates]string
}

const (
	cellDeg     = 0.1
	districtDeg = 0.5
	// maxCached bounds the caches: beyond it they are dropped and rebuilt,
	// which keeps memory constant whatever the bounds and the run length.
	maxCached = 1 << 16
)

// places caches named cells so that the hot path builds no strings.
type places struct {
	cells     map[uint64]*place
	districts map[uint64]*place
}

func newPlaces() *places {
	return &places{cells: make(map[uint64]*place), districts: make(map[uint64]*place)}
}

func cellKey(lon, lat, deg float64) (key uint64, col, row int64) {
	col = int64(math.Floor((lon + 180) / deg))
	row = int64(math.Floor((lat + 90) / deg))
	return uint64(row)<<32 | uint64(col)&0xffffffff, col, row
}

func (ps *places) district(lon, lat float64) *place {
	key, col, row := cellKey(lon, lat, districtDeg)
	if d := ps.districts[key]; d != nil {
		return d
	}
	if len(ps.districts) >= maxCached {
		clear(ps.districts)
	}
	name, _ := syntheticName(key ^ 0xd1d1d1d1)
	cx := (float64(col)+0.5)*districtDeg - 180
	cy := (float64(row)+0.5)*districtDeg - 90
	gov := nearestGovernorate(cx, cy)
	d := &place{
		name:   name,
		where:  name + " district",
		adm1:   governorates[gov].adm1,
		gov:    gov,
		center: [2]float64{round6(cx), round6(cy)},
	}
	d.adm2 = d.where
	ps.districts[key] = d
	return d
}

func (ps *places) cell(lon, lat float64) *place {
	key, col, row := cellKey(lon, lat, cellDeg)
	if c := ps.cells[key]; c != nil {
		return c
	}
	if len(ps.cells) >= maxCached {
		clear(ps.cells)
	}
	name, kind := syntheticName(key)
	cx := (float64(col)+0.5)*cellDeg - 180
	cy := (float64(row)+0.5)*cellDeg - 90
	gov := nearestGovernorate(cx, cy)
	c := &place{
		name:  name,
		where: name + kind,
		area:  name + " area",
		adm1:  governorates[gov].adm1,
		adm2:  ps.district(cx, cy).where,
		gov:   gov,
	}
	ps.cells[key] = c
	return c
}

// headline returns the cached headline of template t about this place.
func (p *place) headline(t int) string {
	if p.headlines[t] == "" {
		p.headlines[t] = templates[t].prefix + p.name + templates[t].suffix
	}
	return p.headlines[t]
}

func round6(x float64) float64 { return math.Round(x*1e6) / 1e6 }
