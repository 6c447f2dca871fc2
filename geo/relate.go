package geo

import (
	"math"
	"slices"

	"github.com/paulmach/orb"
)

// Relation is how an area (an admin unit) relates to a zone.
type Relation int

// Relations between an area and a zone.
const (
	Disjoint  Relation = iota // no interior point in common
	Overlaps                  // some of the area is in the zone and some is not
	Contained                 // the whole area lies in the zone (boundaries may touch)
)

func (r Relation) String() string {
	switch r {
	case Disjoint:
		return "disjoint"
	case Overlaps:
		return "overlaps"
	case Contained:
		return "contained"
	}
	return "invalid"
}

// boundaryTolDeg is how close (in degrees, ~1 mm) a point must be to the other
// polygon's boundary to count as on it when relating two polygons. Zones are
// often built from the very admin units they are related to, so shared edges
// are the normal case, and their midpoints are never exactly on the other
// polygon's edge in floating point.
const boundaryTolDeg = 1e-8

// Relate says whether the area a lies wholly inside zone z, partly overlaps
// it, or is disjoint from it.
//
// Both boundaries are cut wherever they meet, and each piece is classified by
// its midpoint as strictly inside, strictly outside, or on the other polygon
// (within ~1 mm). If any piece of z's boundary runs through a's interior, a is
// partly in z; edges shared by two parts of z (a zone assembled from adjacent
// districts) bound nothing and do not count. Otherwise every connected part of a is wholly in or wholly out
// of z, and the pieces of a's boundary tell which; when they all lie on z's
// boundary, an interior point of each part decides. An empty a is disjoint.
func Relate(a, z *Prepared) Relation {
	if a.empty || z.empty {
		return Disjoint
	}
	if !a.bound.Pad(boundaryTolDeg).Intersects(z.bound) {
		return Disjoint
	}
	if in, _ := boundaryVs(z, a, true); in {
		return Overlaps
	}
	in, out := boundaryVs(a, z, false)
	switch {
	case in && out:
		return Overlaps
	case in:
		return Contained
	case out:
		return Disjoint
	}
	// a's boundary lies along z's: a equals z, or is one of z's holes, or a
	// mixture for a multipolygon.
	nIn, nOut := 0, 0
	for _, poly := range a.polys {
		pt, ok := interiorPoint(poly)
		if !ok {
			return Overlaps // cannot tell: say less, not more
		}
		switch z.classify(pt[0], pt[1]) {
		case 1:
			nIn++
		case -1:
			nOut++
		default:
			return Overlaps
		}
	}
	switch {
	case nOut == 0:
		return Contained
	case nIn == 0:
		return Disjoint
	}
	return Overlaps
}

// classify returns 1 if (x, y) is strictly inside p, -1 if strictly outside,
// and 0 if within boundaryTolDeg of its boundary.
func (p *Prepared) classify(x, y float64) int {
	const t2 = boundaryTolDeg * boundaryTolDeg
	if p.nearest(x, y, 1, 1, t2, t2) <= t2 {
		return 0
	}
	if p.contains(x, y) {
		return 1
	}
	return -1
}

// boundaryVs cuts a's boundary where it meets b's and reports whether some
// piece lies strictly inside b and whether some lies strictly outside. With
// onlyIn it stops at the first piece inside.
func boundaryVs(a, b *Prepared, onlyIn bool) (in, out bool) {
	bb := b.bound.Pad(boundaryTolDeg)
	var ts []float64
	for _, poly := range a.polys {
		for _, ring := range poly {
			for i := 0; i+1 < len(ring); i++ {
				p, q := ring[i], ring[i+1]
				if p == q {
					continue
				}
				sb := orb.Bound{Min: p, Max: p}.Extend(q)
				if !sb.Intersects(bb) {
					out = true
					if !onlyIn && in {
						return in, out
					}
					continue
				}
				ts = b.cuts(p, q, ts[:0])
				for k := 0; k+1 < len(ts); k++ {
					t0, t1 := ts[k], ts[k+1]
					if t1-t0 <= 0 {
						continue
					}
					tm := (t0 + t1) / 2
					mx, my := p[0]+tm*(q[0]-p[0]), p[1]+tm*(q[1]-p[1])
					switch b.classify(mx, my) {
					case 1:
						// An edge shared by two parts of a multipolygon (a
						// zone built from adjacent districts) has a's interior
						// on both sides: it bounds nothing.
						if onlyIn && !a.separates(mx, my, q[0]-p[0], q[1]-p[1]) {
							continue
						}
						in = true
					case -1:
						out = true
					}
					if in && (onlyIn || out) {
						return in, out
					}
				}
			}
		}
	}
	return in, out
}

// separates reports whether the polygon's interior lies on exactly one side
// of the edge direction (dx, dy) at (x, y), probing just off the edge.
func (a *Prepared) separates(x, y, dx, dy float64) bool {
	l := math.Hypot(dx, dy)
	if l == 0 {
		return true
	}
	const off = 100 * boundaryTolDeg
	nx, ny := -dy/l*off, dx/l*off
	return a.contains(x+nx, y+ny) != a.contains(x-nx, y-ny)
}

// cuts appends to ts the parameters t in [0, 1] along p→q where the segment
// meets an edge of the polygon (crossings, touching vertices, the ends of
// collinear overlaps), plus 0 and 1, sorted.
func (b *Prepared) cuts(p, q orb.Point, ts []float64) []float64 {
	ts = append(ts, 0, 1)
	dx, dy := q[0]-p[0], q[1]-p[1]
	l2 := dx*dx + dy*dy
	lo, hi := math.Min(p[1], q[1])-boundaryTolDeg, math.Max(p[1], q[1])+boundaryTolDeg
	xlo, xhi := math.Min(p[0], q[0])-boundaryTolDeg, math.Max(p[0], q[0])+boundaryTolDeg
	for band := b.band(lo); band <= b.band(hi); band++ {
		xr := b.bandX[band]
		if xr[1] < xlo || xr[0] > xhi {
			continue
		}
		for _, sg := range b.segs[b.bandSeg[band]:b.bandSeg[band+1]] {
			if math.Max(sg.ax, sg.bx) < xlo || math.Min(sg.ax, sg.bx) > xhi ||
				math.Max(sg.ay, sg.by) < lo || math.Min(sg.ay, sg.by) > hi {
				continue
			}
			ex, ey := sg.bx-sg.ax, sg.by-sg.ay
			den := dx*ey - dy*ex
			wx, wy := sg.ax-p[0], sg.ay-p[1]
			if den != 0 {
				t := (wx*ey - wy*ex) / den
				u := (wx*dy - wy*dx) / den
				if t > 0 && t < 1 && u >= 0 && u <= 1 {
					ts = append(ts, t)
				}
			}
			// Vertices of b on or next to p→q (T-junctions, collinear runs)
			// cut it too; the crossing test above misses them when parallel.
			for _, v := range [2][2]float64{{sg.ax, sg.ay}, {sg.bx, sg.by}} {
				vx, vy := v[0]-p[0], v[1]-p[1]
				t := (vx*dx + vy*dy) / l2
				if t <= 0 || t >= 1 {
					continue
				}
				ox, oy := vx-t*dx, vy-t*dy
				if ox*ox+oy*oy <= boundaryTolDeg*boundaryTolDeg {
					ts = append(ts, t)
				}
			}
		}
	}
	slices.Sort(ts)
	return ts
}

// interiorPoint returns a point strictly inside poly (away from its holes),
// found on horizontal lines through the gaps between vertex latitudes: the
// middle of the widest inside stretch. It fails only for degenerate polygons.
func interiorPoint(poly orb.Polygon) (orb.Point, bool) {
	var ys []float64
	for _, ring := range poly {
		for _, pt := range ring {
			if finite(pt[0]) && finite(pt[1]) {
				ys = append(ys, pt[1])
			}
		}
	}
	slices.Sort(ys)
	ys = slices.Compact(ys)
	if len(ys) < 2 {
		return orb.Point{}, false
	}
	var best orb.Point
	bestW := 0.0
	var xs []float64
	// A few scan lines spread over the polygon's height, each strictly
	// between two vertex latitudes so no vertex lies on it.
	for _, f := range [...]float64{0.5, 0.25, 0.75, 0.1, 0.9} {
		i := min(int(f*float64(len(ys)-1)), len(ys)-2)
		y := (ys[i] + ys[i+1]) / 2
		if !(y > ys[i] && y < ys[i+1]) {
			continue
		}
		xs = xs[:0]
		for _, ring := range poly {
			for k := 0; k+1 < len(ring); k++ {
				a, b := ring[k], ring[k+1]
				if (a[1] > y) != (b[1] > y) {
					xs = append(xs, a[0]+(y-a[1])*(b[0]-a[0])/(b[1]-a[1]))
				}
			}
		}
		slices.Sort(xs)
		for k := 0; k+1 < len(xs); k += 2 {
			if w := xs[k+1] - xs[k]; w > bestW {
				bestW = w
				best = orb.Point{(xs[k] + xs[k+1]) / 2, y}
			}
		}
	}
	return best, bestW > 0
}
