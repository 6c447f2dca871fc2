package geo

import (
	"math"

	"github.com/paulmach/orb"
)

// kmPerDeg is the length of one degree of latitude on the mean-radius sphere
// (IUGG R1 = 6371.0088 km); the local projection scales longitude by cos(lat).
const kmPerDeg = 6371.0088 * math.Pi / 180

// orientErr is Shewchuk's error bound for the orientation determinant computed
// in float64 (ccwerrboundA = (3 + 16ε)ε): when |det| is within this factor of
// the magnitudes of its two products, the sign cannot be trusted, and the point
// is treated as lying on the edge. This makes the boundary rule deterministic
// and exact for points that are exactly on an edge.
const orientErr = (3.0 + 16.0*0x1p-53) * 0x1p-53

// seg is one edge. Edges are copied into every band they touch so that the
// hot loop reads contiguous memory.
type seg struct{ ax, ay, bx, by float64 }

// Prepared is a polygon or multipolygon, with holes, prepared for fast
// point-in-polygon and distance queries. Its edges are bucketed into
// horizontal bands (a y-banded edge index): a query visits only the edges of
// the band containing the point, instead of every edge.
//
// Points on the boundary, including the edges of holes and vertices, are
// inside. A point counts as on an edge when its orientation against the edge
// cannot be decided in float64 arithmetic, which includes every point exactly
// on the edge.
//
// A Prepared is immutable and safe for concurrent use.
type Prepared struct {
	polys orb.MultiPolygon // sanitised copy: finite vertices, closed rings
	bound orb.Bound
	empty bool

	minY, maxY float64
	scale      float64 // bands per degree of latitude
	bandH      float64 // band height in degrees
	nb         int

	// Band i holds segs[bandSeg[i]:bandSeg[i+1]], grouped into runs (one per
	// polygon) ending at runEnd[bandRun[i]:bandRun[i+1]]. Parity is kept per
	// polygon, so overlapping parts of an invalid multipolygon still count as
	// inside (the union), like orb/planar.MultiPolygonContains.
	bandSeg []int32
	bandRun []int32
	runEnd  []int32
	segs    []seg
	bandX   [][2]float64 // x extent of each band's edges, to prune distance searches
}

// Prepare builds the band index of mp. It never fails: vertices with NaN or
// infinite coordinates are dropped, rings with fewer than three distinct
// positions are ignored, and unclosed rings are closed implicitly. An empty
// result contains no point and is infinitely far from every point.
func Prepare(mp orb.MultiPolygon) *Prepared {
	p := &Prepared{polys: sanitize(mp)}
	type bseg struct {
		s    seg
		poly int32
	}
	var all []bseg
	first := true
	for pi, poly := range p.polys {
		for _, ring := range poly {
			for i := 0; i+1 < len(ring); i++ {
				a, b := ring[i], ring[i+1]
				if a == b {
					continue
				}
				all = append(all, bseg{seg{a[0], a[1], b[0], b[1]}, int32(pi)})
				if first {
					p.bound = orb.Bound{Min: a, Max: a}
					first = false
				}
				p.bound = p.bound.Extend(a).Extend(b)
			}
		}
	}
	if len(all) == 0 {
		p.empty = true
		p.nb = 1
		p.bandSeg = []int32{0, 0}
		p.bandRun = []int32{0, 0}
		p.bandX = [][2]float64{{0, 0}}
		return p
	}
	p.minY, p.maxY = p.bound.Min[1], p.bound.Max[1]
	n := len(all)

	// About two edges per band for smooth polygons, but fewer bands when edges
	// are tall (jagged shapes) so the copies stay within ~16 per edge.
	nb := min(max(n/2, 1), 4096)
	for {
		p.setBands(nb)
		if nb <= 64 {
			break
		}
		total := 0
		for _, e := range all {
			b0, b1 := p.segBands(e.s)
			total += b1 - b0 + 1
		}
		if total <= 16*n {
			break
		}
		nb /= 2
	}

	counts := make([]int32, p.nb+1)
	for _, e := range all {
		b0, b1 := p.segBands(e.s)
		for b := b0; b <= b1; b++ {
			counts[b+1]++
		}
	}
	for i := 1; i <= p.nb; i++ {
		counts[i] += counts[i-1]
	}
	p.bandSeg = counts
	p.segs = make([]seg, counts[p.nb])
	polyOf := make([]int32, len(p.segs))
	fill := make([]int32, p.nb)
	copy(fill, counts[:p.nb])
	// all is in polygon order, so each band's edges come out grouped by polygon.
	for _, e := range all {
		b0, b1 := p.segBands(e.s)
		for b := b0; b <= b1; b++ {
			p.segs[fill[b]] = e.s
			polyOf[fill[b]] = e.poly
			fill[b]++
		}
	}
	p.bandRun = make([]int32, p.nb+1)
	p.bandX = make([][2]float64, p.nb)
	for b := 0; b < p.nb; b++ {
		s, e := p.bandSeg[b], p.bandSeg[b+1]
		xr := [2]float64{math.Inf(1), math.Inf(-1)}
		for i := s; i < e; i++ {
			if i > s && polyOf[i] != polyOf[i-1] {
				p.runEnd = append(p.runEnd, i)
			}
			sg := p.segs[i]
			xr[0] = math.Min(xr[0], math.Min(sg.ax, sg.bx))
			xr[1] = math.Max(xr[1], math.Max(sg.ax, sg.bx))
		}
		if e > s {
			p.runEnd = append(p.runEnd, e)
		}
		p.bandRun[b+1] = int32(len(p.runEnd))
		p.bandX[b] = xr
	}
	return p
}

func (p *Prepared) setBands(nb int) {
	p.nb = nb
	if p.maxY > p.minY {
		p.scale = float64(nb) / (p.maxY - p.minY)
		p.bandH = (p.maxY - p.minY) / float64(nb)
	} else {
		p.nb, p.scale, p.bandH = 1, 0, 0
	}
}

// band maps y to its band. The map is monotone in y, so an edge spanning
// [y0, y1] is stored in every band a query at any y in [y0, y1] looks at,
// including points exactly on band boundaries.
func (p *Prepared) band(y float64) int {
	f := (y - p.minY) * p.scale
	if !(f > 0) {
		return 0
	}
	if f >= float64(p.nb) {
		return p.nb - 1
	}
	return int(f)
}

func (p *Prepared) segBands(s seg) (int, int) {
	return p.band(math.Min(s.ay, s.by)), p.band(math.Max(s.ay, s.by))
}

// sanitize copies mp without non-finite vertices, closing rings and dropping
// rings too small to bound an area, so the index never sees NaN.
func sanitize(mp orb.MultiPolygon) orb.MultiPolygon {
	var out orb.MultiPolygon
	for _, poly := range mp {
		var np orb.Polygon
		for ri, ring := range poly {
			r := make(orb.Ring, 0, len(ring)+1)
			for _, pt := range ring {
				if finite(pt[0]) && finite(pt[1]) {
					r = append(r, pt)
				}
			}
			if len(r) > 0 && r[0] != r[len(r)-1] {
				r = append(r, r[0])
			}
			if len(r) < 4 {
				if ri == 0 {
					break // no exterior: the holes mean nothing
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

func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }

// Bound returns the bounding box of the polygon's vertices (zero when empty).
func (p *Prepared) Bound() orb.Bound { return p.bound }

// Empty reports whether the polygon has no usable ring.
func (p *Prepared) Empty() bool { return p.empty }

// Geometry returns the sanitised multipolygon the index was built from. The
// caller must not modify it.
func (p *Prepared) Geometry() orb.MultiPolygon { return p.polys }

// Contains reports whether pt is inside the polygon or on its boundary
// (outer rings, hole edges and vertices alike). NaN coordinates are outside.
func (p *Prepared) Contains(pt orb.Point) bool {
	return p.contains(pt[0], pt[1])
}

func (p *Prepared) contains(x, y float64) bool {
	// The negated form is false for NaN, so NaN never reaches band().
	if !(x >= p.bound.Min[0] && x <= p.bound.Max[0] && y >= p.bound.Min[1] && y <= p.bound.Max[1]) || p.empty {
		return false
	}
	b := p.band(y)
	s := p.bandSeg[b]
	for _, e := range p.runEnd[p.bandRun[b]:p.bandRun[b+1]] {
		in := false
		for _, sg := range p.segs[s:e] {
			ay, by := sg.ay, sg.by
			if (ay > y) != (by > y) {
				l := (sg.bx - sg.ax) * (y - ay)
				r := (x - sg.ax) * (by - ay)
				det := l - r
				if math.Abs(det) <= orientErr*(math.Abs(l)+math.Abs(r)) {
					return true
				}
				// The edge crosses the ray to the right of pt.
				if (det > 0) == (by > ay) {
					in = !in
				}
			} else if ay == y || by == y {
				// Half-open crossing rule skips these; only the boundary test remains.
				if (ay == y && sg.ax == x) || (by == y && sg.bx == x) {
					return true
				}
				if ay == by && x >= math.Min(sg.ax, sg.bx) && x <= math.Max(sg.ax, sg.bx) {
					return true
				}
			}
		}
		if in {
			return true
		}
		s = e
	}
	return false
}

// DistanceKm returns the distance in kilometres from pt to the polygon's
// boundary (the nearest edge of any ring), whether pt is inside or outside.
// It returns NaN for non-finite coordinates and +Inf for an empty polygon.
func (p *Prepared) DistanceKm(pt orb.Point) float64 {
	if !finite(pt[0]) || !finite(pt[1]) {
		return math.NaN()
	}
	kx, ky := kmScale(pt[1])
	return math.Sqrt(p.nearest(pt[0], pt[1], kx, ky, math.Inf(1), 0))
}

// WithinKm reports whether the polygon's boundary is within km kilometres of
// pt. It stops at the first edge close enough, so it is cheaper than
// DistanceKm.
func (p *Prepared) WithinKm(pt orb.Point, km float64) bool {
	if !finite(pt[0]) || !finite(pt[1]) || !(km >= 0) {
		return false
	}
	kx, ky := kmScale(pt[1])
	r2 := km * km
	return p.nearest(pt[0], pt[1], kx, ky, r2, r2) <= r2
}

func kmScale(lat float64) (kx, ky float64) {
	return kmPerDeg * math.Cos(lat*math.Pi/180), kmPerDeg
}

// nearest returns the squared scaled distance from (x, y) to the nearest edge,
// with x distances multiplied by kx and y distances by ky. Edges farther than
// sqrt(limit2) are skipped (the result is then +Inf), and the search stops as
// soon as an edge within sqrt(stop2) is found. Bands are visited outwards from
// the point's own, and the search ends when the next band in either direction
// is already farther than the best edge found.
func (p *Prepared) nearest(x, y, kx, ky, limit2, stop2 float64) float64 {
	best := math.Inf(1)
	if p.empty {
		return best
	}
	b0 := p.band(y)
	for step := 0; step <= p.nb; step++ {
		alive := false
		for side := 0; side < 2; side++ {
			b := b0 + step
			if side == 1 {
				if step == 0 {
					break
				}
				b = b0 - step
			}
			if b < 0 || b >= p.nb {
				continue
			}
			bound := math.Min(best, limit2)
			lo := p.minY + float64(b)*p.bandH
			hi := lo + p.bandH
			var dy float64
			switch {
			case p.bandH == 0:
				dy = math.Abs(y - p.minY)
			case y < lo:
				dy = lo - y
			case y > hi:
				dy = y - hi
			}
			// Bands are assigned by floor((y-minY)*scale); allow for the
			// rounding between that and lo/hi computed here.
			dy = math.Max(0, dy-1e-12*(1+math.Abs(y)))
			if (dy*ky)*(dy*ky) > bound {
				continue
			}
			alive = true
			xr := p.bandX[b]
			var dx float64
			if x < xr[0] {
				dx = xr[0] - x
			} else if x > xr[1] {
				dx = x - xr[1]
			}
			if (dx*kx)*(dx*kx)+(dy*ky)*(dy*ky) > bound {
				continue
			}
			for _, sg := range p.segs[p.bandSeg[b]:p.bandSeg[b+1]] {
				d := segDist2((sg.ax-x)*kx, (sg.ay-y)*ky, (sg.bx-x)*kx, (sg.by-y)*ky)
				if d < best && d <= limit2 {
					best = d
					if best <= stop2 {
						return best
					}
				}
			}
		}
		if !alive {
			break
		}
	}
	return best
}

// segDist2 is the squared distance from the origin to the segment a–b.
func segDist2(ax, ay, bx, by float64) float64 {
	dx, dy := bx-ax, by-ay
	t := 0.0
	if l2 := dx*dx + dy*dy; l2 > 0 {
		t = math.Max(0, math.Min(1, -(ax*dx+ay*dy)/l2))
	}
	cx, cy := ax+t*dx, ay+t*dy
	return cx*cx + cy*cy
}
