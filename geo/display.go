package geo

import (
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/simplify"
)

// ForDisplay returns a copy of mp small enough to draw as a map's base
// layer: each ring simplified with Douglas-Peucker to tolerance degrees and
// its coordinates rounded to the nearest 1/places of a degree (with
// tolerance 0.005°, about 500 m, and places 1000, a district of the OCHA
// files keeps tens of vertices instead of thousands). Rings that collapse
// (fewer than four points, or no area) are dropped, and polygons whose outer
// ring does; the result may be empty. It is for drawing only: placement
// uses the stored full-resolution geometry.
func ForDisplay(mp orb.MultiPolygon, tolerance, places float64) orb.MultiPolygon {
	dp := simplify.DouglasPeucker(tolerance)
	var out orb.MultiPolygon
	for _, poly := range mp {
		var np orb.Polygon
		for i, ring := range poly {
			r := roundRing(dp.Ring(ring.Clone()), places)
			if len(r) < 4 || ringArea2(r) == 0 {
				if i == 0 {
					break // no outer ring: no polygon
				}
				continue
			}
			np = append(np, r)
		}
		if len(np) > 0 {
			out = append(out, np)
		}
	}
	return out
}

// roundRing rounds r's coordinates and drops the repeated points rounding
// makes, keeping the ring closed.
func roundRing(r orb.Ring, places float64) orb.Ring {
	out := make(orb.Ring, 0, len(r))
	for _, p := range r {
		q := orb.Point{math.Round(p[0]*places) / places, math.Round(p[1]*places) / places}
		if n := len(out); n > 0 && out[n-1] == q {
			continue
		}
		out = append(out, q)
	}
	if n := len(out); n > 1 && out[0] != out[n-1] {
		out = append(out, out[0])
	}
	return out
}
