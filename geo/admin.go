package geo

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sync"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	"github.com/tidwall/rtree"
	"github.com/truce-monitor/truce"
)

// AdminUnit is the root package's administrative area, named here too
// because the boundary loaders and AdminAreas speak of it constantly.
type AdminUnit = truce.AdminUnit

// AdminAreas holds the admin boundaries used to place locations that UCDP
// knows only to a district (where_prec 3, ADM2) or a governorate (where_prec
// 4, ADM1). It is immutable and safe for concurrent use.
type AdminAreas struct {
	levels [3]adminLevel // indexed by level; [0] is unused
	byCode map[string][2]int

	// Points spread over each unit, made when first needed (samples).
	sampleMu    sync.Mutex
	sampleCache map[[2]int][][2]float64
}

type adminLevel struct {
	units []AdminUnit
	prep  []*Prepared
	tree  rtree.RTreeG[int32]
}

// NewAdminAreas indexes units. It fails on a level other than 1 or 2, an
// empty code, a duplicate code, or invalid geometry, naming the unit.
func NewAdminAreas(units []AdminUnit) (*AdminAreas, error) {
	a := &AdminAreas{byCode: make(map[string][2]int), sampleCache: map[[2]int][][2]float64{}}
	for i, u := range units {
		if u.Level != 1 && u.Level != 2 {
			return nil, fmt.Errorf("geo: admin unit %d (%q): level %d, want 1 or 2", i, u.Code, u.Level)
		}
		if u.Code == "" {
			return nil, fmt.Errorf("geo: admin unit %d (%q): empty code", i, u.Name)
		}
		if _, dup := a.byCode[u.Code]; dup {
			return nil, fmt.Errorf("geo: admin unit %d: duplicate code %q", i, u.Code)
		}
		if err := validateGeometry(u.Geometry); err != nil {
			return nil, fmt.Errorf("geo: admin unit %q: %v", u.Code, err)
		}
		lv := &a.levels[u.Level]
		p := Prepare(u.Geometry)
		a.byCode[u.Code] = [2]int{u.Level, len(lv.units)}
		b := p.Bound()
		lv.tree.Insert(b.Min, b.Max, int32(len(lv.units)))
		lv.units = append(lv.units, u)
		lv.prep = append(lv.prep, p)
	}
	return a, nil
}

// LoadAdminAreas reads ADM1 and ADM2 boundaries from GeoJSON feature
// collections in the shape of OCHA's COD-AB exports: Polygon or MultiPolygon
// features whose properties carry the P-code (PCODE, or ADM1_PCODE /
// ADM2_PCODE as in newer releases) and the English name (NAME_EN, or
// ADM1_EN / ADM2_EN), and the Arabic name when present (NAME_ARA, or
// ADM1_AR / ADM2_AR). A district's governorate is read from ADMIN1_COD or
// ADM1_PCODE when present. Either path may be empty to load one level only.
// Errors name the file and the feature index.
func LoadAdminAreas(adm1Path, adm2Path string) (*AdminAreas, error) {
	var units []AdminUnit
	for level, path := range [...]string{1: adm1Path, 2: adm2Path} {
		if level == 0 || path == "" {
			continue
		}
		us, err := readAdminFile(path, level)
		if err != nil {
			return nil, err
		}
		units = append(units, us...)
	}
	return NewAdminAreas(units)
}

func readAdminFile(path string, level int) ([]AdminUnit, error) {
	name := filepath.Base(path)
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("geo: admin level %d: %w", level, err)
	}
	var fc struct {
		Type     string            `json:"type"`
		Features []json.RawMessage `json:"features"`
	}
	if err := json.Unmarshal(data, &fc); err != nil {
		return nil, fmt.Errorf("geo: %s: not GeoJSON: %v", name, err)
	}
	if fc.Type != "FeatureCollection" {
		return nil, fmt.Errorf("geo: %s: type %q, want FeatureCollection", name, fc.Type)
	}
	codeKeys := []string{"PCODE", fmt.Sprintf("ADM%d_PCODE", level), fmt.Sprintf("adm%d_pcode", level)}
	nameKeys := []string{"NAME_EN", fmt.Sprintf("ADM%d_EN", level), fmt.Sprintf("adm%d_en", level)}
	parentKeys := []string{"ADMIN1_COD", "ADM1_PCODE", "adm1_pcode"}
	arKeys := []string{"NAME_ARA", fmt.Sprintf("ADM%d_AR", level), fmt.Sprintf("adm%d_ar", level)}
	units := make([]AdminUnit, 0, len(fc.Features))
	for i, raw := range fc.Features {
		f, err := geojson.UnmarshalFeature(bytes.TrimSpace(raw))
		if err != nil {
			return nil, fmt.Errorf("geo: %s: feature %d: %v", name, i, err)
		}
		var mp orb.MultiPolygon
		switch g := f.Geometry.(type) {
		case orb.Polygon:
			mp = orb.MultiPolygon{g}
		case orb.MultiPolygon:
			mp = g
		case nil:
			return nil, fmt.Errorf("geo: %s: feature %d: no geometry", name, i)
		default:
			return nil, fmt.Errorf("geo: %s: feature %d: geometry is %s, want Polygon or MultiPolygon", name, i, g.GeoJSONType())
		}
		u := AdminUnit{Level: level, Geometry: mp,
			Code: firstProp(f.Properties, codeKeys), Name: firstProp(f.Properties, nameKeys), NameAr: firstProp(f.Properties, arKeys)}
		if level == 2 {
			u.Parent = firstProp(f.Properties, parentKeys)
		}
		if u.Code == "" {
			return nil, fmt.Errorf("geo: %s: feature %d: no P-code (looked for properties %v)", name, i, codeKeys)
		}
		if u.Name == "" {
			return nil, fmt.Errorf("geo: %s: feature %d (%s): no English name (looked for properties %v)", name, i, u.Code, nameKeys)
		}
		if err := validateGeometry(mp); err != nil {
			return nil, fmt.Errorf("geo: %s: feature %d (%s): %v", name, i, u.Code, err)
		}
		units = append(units, u)
	}
	return units, nil
}

func firstProp(props geojson.Properties, keys []string) string {
	for _, k := range keys {
		if s, ok := props[k].(string); ok && s != "" {
			return s
		}
	}
	return ""
}

// validateGeometry checks what Prepare would otherwise silently repair, so
// data errors surface at load time instead of as missing placements.
func validateGeometry(mp orb.MultiPolygon) error {
	if len(mp) == 0 {
		return fmt.Errorf("empty geometry")
	}
	for pi, poly := range mp {
		if len(poly) == 0 {
			return fmt.Errorf("polygon %d has no rings", pi)
		}
		for ri, ring := range poly {
			where := fmt.Sprintf("polygon %d, ring %d", pi, ri)
			if len(ring) < 4 {
				return fmt.Errorf("%s: %d positions, a closed ring needs at least 4", where, len(ring))
			}
			for k, pt := range ring {
				if !finite(pt[0]) || !finite(pt[1]) || pt[0] < -180 || pt[0] > 180 || pt[1] < -90 || pt[1] > 90 {
					return fmt.Errorf("%s, position %d: %v is not a longitude/latitude", where, k, [2]float64(pt))
				}
			}
			if ring[0] != ring[len(ring)-1] {
				return fmt.Errorf("%s: not closed (first position %v, last %v)", where, [2]float64(ring[0]), [2]float64(ring[len(ring)-1]))
			}
			if ringArea2(ring) == 0 {
				return fmt.Errorf("%s: encloses no area", where)
			}
		}
	}
	return nil
}

func ringArea2(r orb.Ring) float64 {
	s := 0.0
	for i := 0; i+1 < len(r); i++ {
		s += r[i][0]*r[i+1][1] - r[i+1][0]*r[i][1]
	}
	return s
}

// Locate returns the code and name of the unit of the given level (1 or 2)
// containing pt. A point on a border shared by two units goes to the one
// listed first, so the answer is deterministic.
func (a *AdminAreas) Locate(level int, pt orb.Point) (code, name string, ok bool) {
	i := a.locate(level, pt[0], pt[1])
	if i < 0 {
		return "", "", false
	}
	u := &a.levels[level].units[i]
	return u.Code, u.Name, true
}

func (a *AdminAreas) locate(level int, x, y float64) int {
	if a == nil || level < 1 || level > 2 || !finite(x) || !finite(y) {
		return -1
	}
	lv := &a.levels[level]
	best := int32(-1)
	lv.tree.Search([2]float64{x, y}, [2]float64{x, y}, func(_, _ [2]float64, i int32) bool {
		if (best < 0 || i < best) && lv.prep[i].contains(x, y) {
			best = i
		}
		return true
	})
	return int(best)
}

// Unit returns the unit with the given code.
func (a *AdminAreas) Unit(code string) (AdminUnit, bool) {
	if a == nil {
		return AdminUnit{}, false
	}
	li, ok := a.byCode[code]
	if !ok {
		return AdminUnit{}, false
	}
	return a.levels[li[0]].units[li[1]], true
}

// Units returns the units of a level (1 or 2) in load order. The caller must
// not modify them.
func (a *AdminAreas) Units(level int) []AdminUnit {
	if a == nil || level < 1 || level > 2 {
		return nil
	}
	return a.levels[level].units
}
