package geo

import (
	"math"

	"github.com/paulmach/orb"
)

// This file computes a membership's share: the probability that an event
// lies in a zone given how precisely its location is known. An area of
// uncertainty (a 25 km circle, a district, a governorate) is taken as
// uniform, as the UCDP codebook describes it ("somewhere within"), so its
// share is the part of its area that lies in the zone. A point near an
// approximate border gets the chance that the real border runs beyond it.

// discSamples is how many points stand for a circle: enough for a share to
// the nearest percent or two, few enough that placing an imprecise location
// costs microseconds.
const discSamples = 256

// unitDisc holds discSamples points spread evenly over the unit disc.
var unitDisc = sunflower(discSamples)

// sunflower spreads n points evenly over the unit disc (a sunflower
// spiral: each point stands for the same area).
func sunflower(n int) [][2]float64 {
	pts := make([][2]float64, n)
	golden := math.Pi * (3 - math.Sqrt(5))
	for i := range pts {
		r := math.Sqrt((float64(i) + 0.5) / float64(n))
		a := float64(i) * golden
		pts[i] = [2]float64{r * math.Cos(a), r * math.Sin(a)}
	}
	return pts
}

// discPoints calls fn for each of the discSamples points that stand for the
// circle of rKm around (x, y).
func discPoints(x, y, rKm float64, fn func(x, y float64)) {
	kx, ky := kmScale(y)
	if kx <= 0 {
		return
	}
	for _, u := range unitDisc {
		fn(x+u[0]*rKm/kx, y+u[1]*rKm/ky)
	}
}

// discShare is the part of the circle of rKm around (x, y) inside p.
func discShare(p *Prepared, x, y, rKm float64) float64 {
	in := 0
	discPoints(x, y, rKm, func(x, y float64) {
		if p.contains(x, y) {
			in++
		}
	})
	return float64(in) / discSamples
}

// gridPoints calls fn for the points of a regular grid of about n cells
// over p's bounding box (in km, so that cells are square on the ground)
// that lie in p.
func gridPoints(p *Prepared, n int, fn func(x, y float64)) {
	b := p.Bound()
	kx, ky := kmScale((b.Min[1] + b.Max[1]) / 2)
	w, h := (b.Max[0]-b.Min[0])*kx, (b.Max[1]-b.Min[1])*ky
	if !(w > 0 && h > 0) {
		return
	}
	step := math.Sqrt(w * h / float64(n))
	nx, ny := max(1, int(w/step)), max(1, int(h/step))
	dx, dy := (b.Max[0]-b.Min[0])/float64(nx), (b.Max[1]-b.Min[1])/float64(ny)
	for i := 0; i < nx; i++ {
		x := b.Min[0] + (float64(i)+0.5)*dx
		for j := 0; j < ny; j++ {
			y := b.Min[1] + (float64(j)+0.5)*dy
			if p.contains(x, y) {
				fn(x, y)
			}
		}
	}
}

// areaSamples bounds the grid that measures how much of an admin unit lies
// in a zone; the unit's share is then good to about a percent.
const areaSamples = 4096

// unitShare is the part of unit's area inside zone, measured on a grid of
// areaSamples cells over the unit. It is computed once per unit and zone,
// when an Index is built.
func unitShare(unit, zone *Prepared) float64 {
	total, in := 0, 0
	gridPoints(unit, areaSamples, func(x, y float64) {
		total++
		if zone.contains(x, y) {
			in++
		}
	})
	if total == 0 {
		return 0
	}
	return float64(in) / float64(total)
}

// areaKm2 is a multipolygon's area in square kilometres (planar, each ring
// scaled at its own mean latitude: good to a fraction of a percent at the
// size of a country).
func areaKm2(mp orb.MultiPolygon) float64 {
	total := 0.0
	for _, poly := range mp {
		for i, ring := range poly {
			a := math.Abs(ringArea2(ring)) / 2
			lat := 0.0
			for _, pt := range ring {
				lat += pt[1]
			}
			if len(ring) > 0 {
				lat /= float64(len(ring))
			}
			kx, ky := kmScale(lat)
			a *= kx * ky
			if i == 0 {
				total += a
			} else {
				total -= a
			}
		}
	}
	return math.Max(0, total)
}

// borderShare is the chance that a point dKm inside (dKm > 0) or outside
// (dKm < 0) a border drawn with standard error sigmaKm is really inside:
// Φ(d/σ). With no error the drawn border is the real one.
func borderShare(dKm, sigmaKm float64) float64 {
	if sigmaKm <= 0 {
		if dKm >= 0 {
			return 1
		}
		return 0
	}
	s := 0.5 * math.Erfc(-dKm/(sigmaKm*math.Sqrt2))
	// Within half a percent of certain is certain: beyond about 2.6
	// standard errors the border's doubt is immaterial, and a verdict
	// should not read "probably" for it.
	switch {
	case s >= 0.995:
		return 1
	case s <= 0.005:
		return 0
	}
	return s
}

// roundShare keeps shares to four decimals, so that stored memberships and
// the verdicts read from them do not depend on the last bits of floating
// point arithmetic.
func roundShare(s float64) float64 { return math.Round(s*1e4) / 1e4 }
