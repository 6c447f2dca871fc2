package sim

import (
	"fmt"
	"math"

	"github.com/paulmach/orb"
	"github.com/truce-monitor/truce"
)

// syriaBound is the area the simulator's admin units cover: Syria, with a
// margin, on whole district squares.
var syriaBound = orb.Bound{Min: orb.Point{35.5, 32}, Max: orb.Point{42.5, 37.5}}

// AdminUnits returns the simulator's own admin units, as the events it
// writes name them: each governorate the cells nearest to its sites (its
// adm_1), and each district a square of districtDeg (its adm_2), within
// Syria's bounding box. Loaded as boundaries, they let a location known
// only to a governorate or district be weighed over the unit the
// simulator drew it from, as OCHA's boundaries do for real data.
func AdminUnits() []truce.AdminUnit {
	var units []truce.AdminUnit
	// Governorates: runs of cells along each row, each run one rectangle.
	govs := make([]orb.MultiPolygon, len(governorates))
	cols := int(math.Round((syriaBound.Max[0] - syriaBound.Min[0]) / cellDeg))
	rows := int(math.Round((syriaBound.Max[1] - syriaBound.Min[1]) / cellDeg))
	x := func(c int) float64 { return round6(syriaBound.Min[0] + float64(c)*cellDeg) }
	y := func(r int) float64 { return round6(syriaBound.Min[1] + float64(r)*cellDeg) }
	for r := range rows {
		start, cur := 0, -1
		for c := 0; c <= cols; c++ {
			g := -1
			if c < cols {
				g = nearestGovernorate(x(c)+cellDeg/2, y(r)+cellDeg/2)
			}
			if g == cur {
				continue
			}
			if cur >= 0 {
				govs[cur] = append(govs[cur], rect(x(start), y(r), x(c), y(r+1)))
			}
			start, cur = c, g
		}
	}
	for i, g := range governorates {
		if len(govs[i]) == 0 {
			continue
		}
		units = append(units, truce.AdminUnit{Level: 1, Code: fmt.Sprintf("SIM%02d", i), Name: g.adm1, Geometry: govs[i]})
	}
	ps := newPlaces()
	for lon := syriaBound.Min[0]; lon < syriaBound.Max[0]; lon += districtDeg {
		for lat := syriaBound.Min[1]; lat < syriaBound.Max[1]; lat += districtDeg {
			d := ps.district(lon+districtDeg/2, lat+districtDeg/2)
			key, _, _ := cellKey(lon+districtDeg/2, lat+districtDeg/2, districtDeg)
			units = append(units, truce.AdminUnit{Level: 2, Code: fmt.Sprintf("SIM%02d-%x", d.gov, key), Name: d.where, Parent: fmt.Sprintf("SIM%02d", d.gov),
				Geometry: orb.MultiPolygon{rect(round6(lon), round6(lat), round6(lon+districtDeg), round6(lat+districtDeg))}})
		}
	}
	return units
}

func rect(x0, y0, x1, y1 float64) orb.Polygon {
	return orb.Polygon{orb.Ring{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}}
}
