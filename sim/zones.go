package sim

import (
	"math"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"github.com/truce-monitor/truce"
)

// gridN is the zone grid's resolution per axis. Fine enough that boundary
// cells are a small share of a zone's candidates, coarse enough to build in
// milliseconds for zones of thousands of vertices.
const gridN = 64

const (
	cellOutside uint8 = iota
	cellInside
	cellBoundary
)

// zoneSampler draws uniform points in a zone and answers "is this point in
// the zone" without a point-in-polygon test except near the boundary:
// planar.PolygonContains costs O(vertices), and real zones have hundreds.
type zoneSampler struct {
	id         string
	geom       orb.MultiPolygon
	bound      orb.Bound
	cw, ch     float64 // cell width and height in degrees
	cells      [gridN * gridN]uint8
	candidates []int32 // cells inside or on the boundary
	from, to   time.Time
}

func newZoneSampler(z truce.Zone, ceasefire time.Time) (*zoneSampler, error) {
	s := &zoneSampler{id: z.ID, geom: z.Geometry, from: ceasefire}
	if !z.EffectiveFrom.IsZero() {
		s.from = utcDate(z.EffectiveFrom)
	}
	if !z.EffectiveTo.IsZero() {
		s.to = utcDate(z.EffectiveTo)
	}
	if len(z.Geometry) == 0 || planar.Area(z.Geometry) <= 0 {
		return nil, truce.Errorf(truce.EINVALID, "sim: zone %q has no polygon with area", z.ID)
	}
	s.bound = z.Geometry.Bound()
	s.cw = (s.bound.Max[0] - s.bound.Min[0]) / gridN
	s.ch = (s.bound.Max[1] - s.bound.Min[1]) / gridN
	if !(s.cw > 0 && s.ch > 0) {
		return nil, truce.Errorf(truce.EINVALID, "sim: zone %q has no polygon with area", z.ID)
	}
	// Any cell an edge's bbox touches is boundary: conservative for
	// diagonal edges, which only costs a few extra point-in-polygon tests.
	const eps = 1e-9
	for _, poly := range z.Geometry {
		for _, ring := range poly {
			for i := range ring {
				// The closing edge too, in case a ring is not closed.
				a, b := ring[i], ring[(i+1)%len(ring)]
				x0, x1 := s.col(math.Min(a[0], b[0])-eps), s.col(math.Max(a[0], b[0])+eps)
				y0, y1 := s.row(math.Min(a[1], b[1])-eps), s.row(math.Max(a[1], b[1])+eps)
				for y := y0; y <= y1; y++ {
					for x := x0; x <= x1; x++ {
						s.cells[y*gridN+x] = cellBoundary
					}
				}
			}
		}
	}
	// A cell no edge touches is wholly in or wholly out: its centre decides.
	for i := range s.cells {
		if s.cells[i] == cellBoundary {
			continue
		}
		x, y := i%gridN, i/gridN
		c := orb.Point{s.bound.Min[0] + (float64(x)+0.5)*s.cw, s.bound.Min[1] + (float64(y)+0.5)*s.ch}
		if planar.MultiPolygonContains(z.Geometry, c) {
			s.cells[i] = cellInside
		}
	}
	for i, c := range s.cells {
		if c != cellOutside {
			s.candidates = append(s.candidates, int32(i))
		}
	}
	return s, nil
}

func (s *zoneSampler) col(x float64) int {
	return min(max(int((x-s.bound.Min[0])/s.cw), 0), gridN-1)
}

func (s *zoneSampler) row(y float64) int {
	return min(max(int((y-s.bound.Min[1])/s.ch), 0), gridN-1)
}

func (s *zoneSampler) contains(p orb.Point) bool {
	if !s.bound.Contains(p) {
		return false
	}
	switch s.cells[s.row(p[1])*gridN+s.col(p[0])] {
	case cellInside:
		return true
	case cellOutside:
		return false
	}
	return planar.MultiPolygonContains(s.geom, p)
}

// sample returns a uniform point in the zone, rounded to UCDP's 6 decimals.
// Candidate cells have equal areas, so drawing a cell uniformly and then a
// point in it, rejecting points outside, is uniform over the zone.
func (s *zoneSampler) sample(r *rng) orb.Point {
	for {
		i := int(s.candidates[r.intn(len(s.candidates))])
		x, y := i%gridN, i/gridN
		p := orb.Point{
			round6(s.bound.Min[0] + (float64(x)+r.float())*s.cw),
			round6(s.bound.Min[1] + (float64(y)+r.float())*s.ch),
		}
		// Rounding can step over the boundary, so even inside cells are
		// checked through contains (a table look-up for them).
		if s.contains(p) {
			return p
		}
	}
}

// inForce reports whether the zone's ceasefire holds on day.
func (s *zoneSampler) inForce(day time.Time) bool {
	return !day.Before(s.from) && (s.to.IsZero() || !day.After(s.to))
}
