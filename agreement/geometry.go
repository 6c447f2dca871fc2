package agreement

import (
	"fmt"
	"math"
	"sort"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
	"github.com/tidwall/rtree"
	"go.yaml.in/yaml/v3"
)

// geometry reads an inline GeoJSON Polygon or MultiPolygon geometry object.
// Every zone becomes a MultiPolygon, so that placement has one shape to
// handle.
func (d *decoder) geometry(n *yaml.Node, path string) orb.MultiPolygon {
	o := d.object(n, path, "type", "coordinates")
	typ := o.str("type", true)
	c := o.get("coordinates", true)
	if c == nil || typ == "" {
		return nil
	}
	switch typ {
	case "Polygon":
		if p, ok := d.polygon(c, path, ""); ok {
			return orb.MultiPolygon{p}
		}
	case "MultiPolygon":
		if !d.kind(c, path, yaml.SequenceNode, "a list of polygons") {
			return nil
		}
		if len(c.Content) == 0 {
			d.errorf(c, path, "a MultiPolygon needs at least one polygon")
			return nil
		}
		var mp orb.MultiPolygon
		ok := true
		for i, pn := range c.Content {
			p, pok := d.polygon(pn, path, fmt.Sprintf("polygon %d ", i))
			ok = ok && pok
			mp = append(mp, p)
		}
		if ok {
			return mp
		}
	default:
		d.errorf(o.values["type"], join(path, "type"), "%q is not Polygon or MultiPolygon", typ)
	}
	return nil
}

// polygon reads and checks one polygon's rings: an exterior ring, then holes.
// what prefixes messages ("polygon 2 ") inside a MultiPolygon.
func (d *decoder) polygon(n *yaml.Node, path, what string) (orb.Polygon, bool) {
	if !d.kind(n, path, yaml.SequenceNode, "a list of rings") {
		return nil, false
	}
	if len(n.Content) == 0 {
		d.errorf(n, path, "%shas no rings", what)
		return nil, false
	}
	var p orb.Polygon
	ok := true
	for i, rn := range n.Content {
		r, rok := d.ring(rn, path, fmt.Sprintf("%sring %d", what, i))
		ok = ok && rok
		p = append(p, r)
	}
	if !ok {
		return nil, false
	}
	for i := 1; i < len(p); i++ {
		for j, pt := range p[i] {
			if !planar.RingContains(p[0], pt) {
				d.errorf(n.Content[i], path, "%sring %d (a hole) has position %d outside the exterior ring", what, i, j)
				ok = false
				break
			}
		}
	}
	return p, ok
}

// ring reads one linear ring and checks what placement relies on: closed,
// at least four positions, coordinates in range, non-zero area, and simple,
// since point-in-polygon answers on a self-crossing ring depend on the
// algorithm rather than on what the author meant.
func (d *decoder) ring(n *yaml.Node, path, what string) (orb.Ring, bool) {
	if !d.kind(n, path, yaml.SequenceNode, "a list of positions") {
		return nil, false
	}
	r := make(orb.Ring, 0, len(n.Content))
	ok := true
	for i, pn := range n.Content {
		pt, pok := d.position(pn, path, fmt.Sprintf("%s position %d", what, i))
		ok = ok && pok
		r = append(r, pt)
	}
	if !ok {
		return nil, false
	}
	switch {
	case len(r) < 4:
		d.errorf(n, path, "%s has %d positions; a ring needs at least 4 (the first repeated last)", what, len(r))
		return nil, false
	case !r.Closed():
		d.errorf(n, path, "%s is not closed (its last position must repeat its first)", what)
		return nil, false
	}
	for i := 1; i < len(r); i++ {
		if r[i] == r[i-1] {
			d.errorf(n.Content[i], path, "%s position %d repeats the previous position", what, i)
			return nil, false
		}
	}
	if r.Orientation() == 0 {
		d.errorf(n, path, "%s is degenerate (it encloses no area)", what)
		return nil, false
	}
	i, j, crosses, ok := checkSimple(r)
	if !ok {
		d.errorf(n, path, "%s has %d vertices whose segments lie so much across each other's extent that checking it would take too long: simplify it", what, len(r)-1)
		return nil, false
	}
	if crosses {
		d.errorf(n, path, "%s intersects itself (segments %d and %d cross or touch)", what, i, j)
		return nil, false
	}
	return r, true
}

// position reads [lon, lat] or [lon, lat, altitude]; altitude is ignored.
func (d *decoder) position(n *yaml.Node, path, what string) (orb.Point, bool) {
	if n.Kind != yaml.SequenceNode || len(n.Content) < 2 || len(n.Content) > 3 {
		d.errorf(n, path, "%s: want [lon, lat]", what)
		return orb.Point{}, false
	}
	var v [2]float64
	for i := range v {
		c := n.Content[i]
		if c.Kind != yaml.ScalarNode || (c.Tag != "!!int" && c.Tag != "!!float") || c.Decode(&v[i]) != nil {
			d.errorf(c, path, "%s: want a number, got %s", what, describe(c))
			return orb.Point{}, false
		}
		if math.IsNaN(v[i]) || math.IsInf(v[i], 0) {
			d.errorf(c, path, "%s: want a finite number, got %s", what, c.Value)
			return orb.Point{}, false
		}
	}
	if v[0] < -180 || v[0] > 180 {
		d.errorf(n, path, "%s: longitude %g is out of range [-180, 180] (positions are [lon, lat])", what, v[0])
		return orb.Point{}, false
	}
	if v[1] < -90 || v[1] > 90 {
		d.errorf(n, path, "%s: latitude %g is out of range [-90, 90]", what, v[1])
		return orb.Point{}, false
	}
	return orb.Point{v[0], v[1]}, true
}

// sweepMaxSegments is the ring size up to which checkSimple sweeps; larger
// rings go through an R-tree of their segments' extents.
const sweepMaxSegments = 512

// candidatesPerSegment bounds the pairs of segments with overlapping
// extents checkSimple tests, per segment: real borders have a handful; only
// a ring drawn to be slow (long segments all across each other) has more.
const candidatesPerSegment = 64

// checkSimple finds two segments of a closed ring that cross or touch, as
// selfIntersection does, in about n log n for any ring: small rings are
// swept; large ones are indexed in an R-tree by their segments' extents
// and each segment is tested only against those whose extents meet its
// own (a serpentine of 40,000 vertices took 18 s swept, quadratically).
// ok is false when the extents overlap so much that testing them all
// would be quadratic after all.
func checkSimple(r orb.Ring) (i, j int, crosses, ok bool) {
	n := len(r) - 1
	if n <= sweepMaxSegments {
		i, j, crosses = selfIntersection(r)
		return i, j, crosses, true
	}
	var tr rtree.RTreeG[int]
	box := func(k int) ([2]float64, [2]float64) {
		a, b := r[k], r[k+1]
		return [2]float64{math.Min(a[0], b[0]), math.Min(a[1], b[1])}, [2]float64{math.Max(a[0], b[0]), math.Max(a[1], b[1])}
	}
	for k := 0; k < n; k++ {
		lo, hi := box(k)
		tr.Insert(lo, hi, k)
	}
	budget := candidatesPerSegment * n
	i, j = n, n
	for a := 0; a < n && budget >= 0; a++ {
		lo, hi := box(a)
		tr.Search(lo, hi, func(_, _ [2]float64, b int) bool {
			if b <= a {
				return true
			}
			if budget--; budget < 0 {
				return false
			}
			// The lowest pair, as the sweep would name a crossing of small
			// rings: deterministic whatever the tree's order.
			if segmentsMeet(r, a, b, n) && (a < i || a == i && b < j) {
				i, j = a, b
			}
			return true
		})
		if i < n {
			return i, j, true, true
		}
	}
	if budget < 0 {
		return 0, 0, false, false
	}
	return 0, 0, false, true
}

// selfIntersection finds two segments of a closed ring that cross or touch,
// other than neighbours meeting at their shared vertex. It sweeps segments
// sorted by their western end: fast for most rings, but quadratic when many
// segments share a band of longitude (checkSimple indexes those).
func selfIntersection(r orb.Ring) (int, int, bool) {
	n := len(r) - 1 // segments; r[n] == r[0]
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	minX := func(i int) float64 { return math.Min(r[i][0], r[i+1][0]) }
	maxX := func(i int) float64 { return math.Max(r[i][0], r[i+1][0]) }
	sort.Slice(order, func(a, b int) bool { return minX(order[a]) < minX(order[b]) })
	for a, i := range order {
		for _, j := range order[a+1:] {
			if minX(j) > maxX(i) {
				break
			}
			if segmentsMeet(r, i, j, n) {
				return min(i, j), max(i, j), true
			}
		}
	}
	return 0, 0, false
}

// segmentsMeet reports whether segments i and j of a ring with n segments
// meet anywhere they should not.
func segmentsMeet(r orb.Ring, i, j, n int) bool {
	p1, p2, q1, q2 := r[i], r[i+1], r[j], r[j+1]
	switch {
	case j == (i+1)%n: // q1 == p2 is shared
		return collinearOverlap(p1, p2, q2)
	case i == (j+1)%n: // p1 == q2 is shared
		return collinearOverlap(q1, q2, p2)
	}
	d1, d2 := orient(q1, q2, p1), orient(q1, q2, p2)
	d3, d4 := orient(p1, p2, q1), orient(p1, p2, q2)
	if ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0)) {
		return true
	}
	return (d1 == 0 && onSegment(q1, q2, p1)) || (d2 == 0 && onSegment(q1, q2, p2)) ||
		(d3 == 0 && onSegment(p1, p2, q1)) || (d4 == 0 && onSegment(p1, p2, q2))
}

// collinearOverlap reports whether neighbouring segments a→b and b→c fold
// back over each other (a spike), which a crossing test cannot see.
func collinearOverlap(a, b, c orb.Point) bool {
	return orient(a, b, c) == 0 && (onSegment(a, b, c) || onSegment(b, c, a))
}

func orient(a, b, c orb.Point) float64 {
	return (b[0]-a[0])*(c[1]-a[1]) - (b[1]-a[1])*(c[0]-a[0])
}

// onSegment reports whether p, known collinear with a–b, lies within it.
func onSegment(a, b, p orb.Point) bool {
	return math.Min(a[0], b[0]) <= p[0] && p[0] <= math.Max(a[0], b[0]) &&
		math.Min(a[1], b[1]) <= p[1] && p[1] <= math.Max(a[1], b[1])
}
