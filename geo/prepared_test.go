package geo

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

func square(x0, y0, x1, y1 float64) orb.Ring {
	return orb.Ring{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}
}

// refContains is the slow reference: the same per-edge rule as
// Prepared.contains, over every edge, with parity per polygon.
func refContains(mp orb.MultiPolygon, x, y float64) bool {
	for _, poly := range mp {
		in := false
		for _, ring := range poly {
			for i := 0; i+1 < len(ring); i++ {
				ax, ay, bx, by := ring[i][0], ring[i][1], ring[i+1][0], ring[i+1][1]
				if ax == bx && ay == by {
					continue
				}
				if (ay > y) != (by > y) {
					l := (bx - ax) * (y - ay)
					r := (x - ax) * (by - ay)
					det := l - r
					if math.Abs(det) <= orientErr*(math.Abs(l)+math.Abs(r)) {
						return true
					}
					if (det > 0) == (by > ay) {
						in = !in
					}
				} else if (ay == y && ax == x) || (by == y && bx == x) {
					return true
				} else if ay == y && by == y && x >= math.Min(ax, bx) && x <= math.Max(ax, bx) {
					return true
				}
			}
		}
		if in {
			return true
		}
	}
	return false
}

// onBoundaryExact reports whether (x, y) lies exactly on an edge, for
// polygons and points with small integer or half-integer coordinates, where
// the arithmetic is exact.
func onBoundaryExact(mp orb.MultiPolygon, x, y float64) bool {
	for _, poly := range mp {
		for _, ring := range poly {
			for i := 0; i+1 < len(ring); i++ {
				a, b := ring[i], ring[i+1]
				cross := (b[0]-a[0])*(y-a[1]) - (x-a[0])*(b[1]-a[1])
				if cross == 0 && x >= math.Min(a[0], b[0]) && x <= math.Max(a[0], b[0]) &&
					y >= math.Min(a[1], b[1]) && y <= math.Max(a[1], b[1]) {
					return true
				}
			}
		}
	}
	return false
}

func TestContains(t *testing.T) {
	squareWithHole := orb.MultiPolygon{{square(0, 0, 10, 10), square(4, 4, 6, 6)}}
	twoSquares := orb.MultiPolygon{{square(0, 0, 1, 1)}, {square(2, 0, 3, 1)}}
	abutting := orb.MultiPolygon{{square(0, 0, 1, 1)}, {square(1, 0, 2, 1)}}
	overlapping := orb.MultiPolygon{{square(0, 0, 2, 2)}, {square(1, 1, 3, 3)}}
	// A "C" open to the east: the notch is 1 < x <= 3, 1 < y < 2.
	cShape := orb.MultiPolygon{{{{0, 0}, {3, 0}, {3, 1}, {1, 1}, {1, 2}, {3, 2}, {3, 3}, {0, 3}, {0, 0}}}}
	diamond := orb.MultiPolygon{{{{0, -1}, {1, 0}, {0, 1}, {-1, 0}, {0, -1}}}}
	// Saw teeth along the top: horizontal rays through many vertices at y=2.
	saw := orb.MultiPolygon{{{{0, 0}, {6, 0}, {6, 2}, {5, 3}, {4, 2}, {3, 3}, {2, 2}, {1, 3}, {0, 2}, {0, 0}}}}
	unclosed := orb.MultiPolygon{{{{0, 0}, {1, 0}, {1, 1}, {0, 1}}}}

	tests := []struct {
		name string
		mp   orb.MultiPolygon
		pt   orb.Point
		want bool
	}{
		{"hole/solid part", squareWithHole, orb.Point{2, 2}, true},
		{"hole/in the hole", squareWithHole, orb.Point{5, 5}, false},
		{"hole/on hole west edge", squareWithHole, orb.Point{4, 5}, true},
		{"hole/on hole bottom edge (horizontal)", squareWithHole, orb.Point{5, 4}, true},
		{"hole/on hole vertex", squareWithHole, orb.Point{6, 6}, true},
		{"hole/just inside hole", squareWithHole, orb.Point{4.000001, 5}, false},
		{"hole/on hole bottom edge's line, west of hole", squareWithHole, orb.Point{3, 4}, true},
		{"hole/on hole bottom edge's line, east of hole", squareWithHole, orb.Point{7, 4}, true},
		{"hole/on outer west edge", squareWithHole, orb.Point{0, 5}, true},
		{"hole/on outer bottom edge (horizontal)", squareWithHole, orb.Point{5, 0}, true},
		{"hole/on outer top edge (horizontal)", squareWithHole, orb.Point{5, 10}, true},
		{"hole/outer vertex", squareWithHole, orb.Point{10, 10}, true},
		{"hole/outer vertex origin", squareWithHole, orb.Point{0, 0}, true},
		{"hole/just outside east", squareWithHole, orb.Point{10.000001, 5}, false},
		{"hole/just outside corner", squareWithHole, orb.Point{10.000001, 10}, false},
		{"hole/on bottom edge's line, outside", squareWithHole, orb.Point{12, 0}, false},
		{"hole/on top edge's line, outside west", squareWithHole, orb.Point{-1, 10}, false},
		{"hole/far", squareWithHole, orb.Point{50, 50}, false},

		{"multi/first", twoSquares, orb.Point{0.5, 0.5}, true},
		{"multi/second", twoSquares, orb.Point{2.5, 0.5}, true},
		{"multi/between", twoSquares, orb.Point{1.5, 0.5}, false},
		{"multi/edge of second", twoSquares, orb.Point{2, 0.5}, true},
		{"multi/between on shared y of horizontals", twoSquares, orb.Point{1.5, 1}, false},
		{"abutting/shared edge", abutting, orb.Point{1, 0.5}, true},
		{"abutting/left", abutting, orb.Point{0.5, 0.5}, true},
		{"abutting/right", abutting, orb.Point{1.5, 0.5}, true},
		{"overlapping/in both", overlapping, orb.Point{1.5, 1.5}, true},
		{"overlapping/in second only", overlapping, orb.Point{2.5, 2.5}, true},

		{"concave/in notch", cShape, orb.Point{2, 1.5}, false},
		{"concave/notch mouth", cShape, orb.Point{3, 1.5}, false},
		{"concave/west of notch", cShape, orb.Point{0.5, 1.5}, true},
		{"concave/notch inner edge", cShape, orb.Point{1, 1.5}, true},
		{"concave/notch floor (horizontal)", cShape, orb.Point{2, 1}, true},
		{"concave/ray along notch floor", cShape, orb.Point{0.5, 1}, true},
		{"concave/ray along notch roof", cShape, orb.Point{0.5, 2}, true},
		{"concave/lower arm", cShape, orb.Point{2, 0.5}, true},
		{"concave/upper arm", cShape, orb.Point{2, 2.5}, true},
		{"concave/outside west on notch floor's line", cShape, orb.Point{-1, 1}, false},
		{"concave/outside east on notch floor's line", cShape, orb.Point{4, 1}, false},

		{"diamond/centre", diamond, orb.Point{0, 0}, true},
		{"diamond/on diagonal edge", diamond, orb.Point{0.5, 0.5}, true},
		{"diamond/just off diagonal edge", diamond, orb.Point{0.5, 0.5000001}, false},
		{"diamond/ray through east vertex", diamond, orb.Point{-0.5, 0}, true},
		{"diamond/west of west vertex", diamond, orb.Point{-2, 0}, false},
		{"diamond/east of east vertex", diamond, orb.Point{2, 0}, false},
		{"diamond/top vertex", diamond, orb.Point{0, 1}, true},
		{"diamond/bottom vertex", diamond, orb.Point{0, -1}, true},

		{"saw/ray through tooth valleys", saw, orb.Point{0.5, 2}, true},
		{"saw/valley vertex", saw, orb.Point{2, 2}, true},
		{"saw/in tooth", saw, orb.Point{1, 2.5}, true},
		{"saw/between teeth", saw, orb.Point{2, 2.5}, false},
		{"saw/tooth tip", saw, orb.Point{3, 3}, true},
		{"saw/above tooth tips", saw, orb.Point{3, 3.0001}, false},
		{"saw/west of valleys' line", saw, orb.Point{-1, 2}, false},

		{"unclosed ring closed implicitly", unclosed, orb.Point{0.5, 0.5}, true},
		{"NaN", squareWithHole, orb.Point{math.NaN(), 5}, false},
		{"Inf", squareWithHole, orb.Point{math.Inf(1), 5}, false},
		{"empty", orb.MultiPolygon{}, orb.Point{0, 0}, false},
		{"ring of two points", orb.MultiPolygon{{{{0, 0}, {1, 1}, {0, 0}}}}, orb.Point{0.5, 0.5}, false},
		{"NaN vertex dropped", orb.MultiPolygon{{{{0, 0}, {1, 0}, {math.NaN(), 7}, {1, 1}, {0, 1}, {0, 0}}}}, orb.Point{0.5, 0.5}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := Prepare(tt.mp)
			if got := p.Contains(tt.pt); got != tt.want {
				t.Errorf("Contains(%v) = %v, want %v", tt.pt, got, tt.want)
			}
		})
	}
}

// manyBands is a polygon with enough edges to get many bands, with horizontal
// edges at integer y and zig-zags, to probe band boundaries.
func manyBands() orb.MultiPolygon {
	var outer orb.Ring
	for i := 0; i <= 200; i++ {
		outer = append(outer, orb.Point{float64(i) / 10, float64(i%3) / 2})
	}
	outer = append(outer, orb.Point{20, 50})
	for i := 200; i >= 0; i-- {
		y := 50 - float64(i%4)/4
		if i%10 == 0 {
			y = 49
		}
		outer = append(outer, orb.Point{float64(i) / 10, y}, orb.Point{float64(i)/10 - 0.05, y})
	}
	outer = append(outer, outer[0])
	hole := square(5, 10, 15, 40)
	return orb.MultiPolygon{{outer, hole}}
}

func TestContainsBandBoundaries(t *testing.T) {
	mp := manyBands()
	p := Prepare(mp)
	if p.nb < 8 {
		t.Fatalf("only %d bands; the test needs several", p.nb)
	}
	var ys []float64
	for k := 0; k <= p.nb; k++ {
		y := p.minY + float64(k)/p.scale
		ys = append(ys, y, math.Nextafter(y, math.Inf(1)), math.Nextafter(y, math.Inf(-1)))
	}
	for _, ring := range mp[0] {
		for _, v := range ring {
			ys = append(ys, v[1])
		}
	}
	n := 0
	for _, y := range ys {
		for x := -1.0; x <= 21; x += 0.1 {
			want := refContains(p.polys, x, y)
			if got := p.Contains(orb.Point{x, y}); got != want {
				t.Errorf("Contains(%v, %v) = %v, reference %v (band %d)", x, y, got, want, p.band(y))
			}
			n++
		}
	}
	t.Logf("%d points at band boundaries and vertex latitudes, %d bands", n, p.nb)
}

// randomStar is a star-shaped ring around c with radii in [rmin, rmax).
func randomStar(r *rand.Rand, c orb.Point, n int, rmin, rmax float64) orb.Ring {
	ring := make(orb.Ring, 0, n+1)
	for i := 0; i < n; i++ {
		a := 2 * math.Pi * float64(i) / float64(n)
		rad := rmin + r.Float64()*(rmax-rmin)
		ring = append(ring, orb.Point{c[0] + rad*math.Cos(a), c[1] + rad*math.Sin(a)})
	}
	return append(ring, ring[0])
}

// randomRectilinear is a staircase polygon on the integer grid: every edge is
// horizontal or vertical, so rays along vertex rows are common.
func randomRectilinear(r *rand.Rand) orb.Ring {
	w := 3 + r.IntN(8)
	var top, bottom []int
	for i := 0; i < w; i++ {
		b := r.IntN(4)
		bottom = append(bottom, b)
		top = append(top, b+1+r.IntN(5))
	}
	var ring orb.Ring
	for i := 0; i < w; i++ {
		ring = append(ring, orb.Point{float64(i), float64(bottom[i])}, orb.Point{float64(i + 1), float64(bottom[i])})
	}
	for i := w - 1; i >= 0; i-- {
		ring = append(ring, orb.Point{float64(i + 1), float64(top[i])}, orb.Point{float64(i), float64(top[i])})
	}
	return append(ring, ring[0])
}

func TestContainsMatchesOrb(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	const points = 100_000
	checked, boundary, onEdge := 0, 0, 0
	for checked < points {
		var mp orb.MultiPolygon
		grid := r.IntN(2) == 0
		if grid {
			mp = orb.MultiPolygon{{randomRectilinear(r)}}
			if r.IntN(2) == 0 {
				hole := mp[0][0]
				for i := range hole {
					hole[i] = orb.Point{hole[i][0] + 1, hole[i][1] + 1}
				}
				mp = orb.MultiPolygon{{square(0, 0, 12, 10), hole}}
			}
		} else {
			n := 12 + r.IntN(300) // enough vertices that the hole (r < 0.9) stays inside
			c := orb.Point{r.Float64()*10 - 5, r.Float64()*10 - 5}
			outer := randomStar(r, c, n, 1, 3)
			mp = orb.MultiPolygon{{outer, randomStar(r, c, 3+r.IntN(20), 0.2, 0.9)}}
			if r.IntN(2) == 0 {
				mp = append(mp, orb.Polygon{randomStar(r, orb.Point{c[0] + 7, c[1]}, 3+r.IntN(50), 0.5, 2)})
			}
		}
		p := Prepare(mp)
		b := p.Bound().Pad(0.5)
		for i := 0; i < 1000; i++ {
			var pt orb.Point
			if grid {
				// Half-integer steps: many points on edges, vertices and
				// the rows of horizontal edges.
				pt = orb.Point{math.Round((b.Min[0]+r.Float64()*(b.Max[0]-b.Min[0]))*2) / 2,
					math.Round((b.Min[1]+r.Float64()*(b.Max[1]-b.Min[1]))*2) / 2}
			} else {
				pt = orb.Point{b.Min[0] + r.Float64()*(b.Max[0]-b.Min[0]), b.Min[1] + r.Float64()*(b.Max[1]-b.Min[1])}
			}
			got, want := p.Contains(pt), planar.MultiPolygonContains(mp, pt)
			checked++
			if grid && onBoundaryExact(mp, pt[0], pt[1]) {
				onEdge++
			}
			if got != want {
				if grid && onBoundaryExact(mp, pt[0], pt[1]) {
					boundary++
					if !got {
						t.Errorf("boundary point %v not inside", pt)
					}
					continue
				}
				t.Fatalf("Contains(%v) = %v, orb says %v; polygon %v", pt, got, want, mp)
			}
		}
	}
	t.Logf("%d points (%d exactly on an edge) agree with orb/planar; %d disagree, all exactly on an edge (orb puts hole edges outside; here the boundary is inside)",
		checked-boundary, onEdge, boundary)
}

func TestDistanceKm(t *testing.T) {
	p := Prepare(orb.MultiPolygon{{square(36, 33, 37, 34)}})
	cos := math.Cos(33.5 * math.Pi / 180)
	tests := []struct {
		name string
		pt   orb.Point
		want float64
	}{
		{"centre: nearest is east/west edge", orb.Point{36.5, 33.5}, 0.5 * kmPerDeg * cos},
		{"east of zone", orb.Point{38, 33.5}, 1 * kmPerDeg * cos},
		{"on edge", orb.Point{37, 33.5}, 0},
		{"north, inside lon range", orb.Point{36.5, 34.5}, 0.5 * kmPerDeg},
		{"near bottom edge inside", orb.Point{36.5, 33.1}, 0.1 * kmPerDeg},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := p.DistanceKm(tt.pt); math.Abs(got-tt.want) > 1e-9 {
				t.Errorf("DistanceKm(%v) = %v, want %v", tt.pt, got, tt.want)
			}
		})
	}
	if d := p.DistanceKm(orb.Point{math.NaN(), 1}); !math.IsNaN(d) {
		t.Errorf("DistanceKm(NaN) = %v, want NaN", d)
	}
	if d := Prepare(nil).DistanceKm(orb.Point{1, 1}); !math.IsInf(d, 1) {
		t.Errorf("DistanceKm on empty polygon = %v, want +Inf", d)
	}
}

// TestDistanceMatchesBruteForce checks that the band search never misses the
// nearest edge, inside and outside, near and far.
func TestDistanceMatchesBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for k := 0; k < 50; k++ {
		c := orb.Point{36 + r.Float64()*4, 33 + r.Float64()*3}
		mp := orb.MultiPolygon{{randomStar(r, c, 10+r.IntN(500), 0.3, 1.2), randomStar(r, c, 8, 0.05, 0.2)}}
		p := Prepare(mp)
		for i := 0; i < 200; i++ {
			pt := orb.Point{c[0] - 3 + r.Float64()*6, c[1] - 3 + r.Float64()*6}
			kx, ky := kmScale(pt[1])
			want := math.Inf(1)
			for _, ring := range mp[0] {
				for j := 0; j+1 < len(ring); j++ {
					a, b := ring[j], ring[j+1]
					want = math.Min(want, segDist2((a[0]-pt[0])*kx, (a[1]-pt[1])*ky, (b[0]-pt[0])*kx, (b[1]-pt[1])*ky))
				}
			}
			want = math.Sqrt(want)
			got := p.DistanceKm(pt)
			if math.Abs(got-want) > 1e-9*want {
				t.Fatalf("DistanceKm(%v) = %v, brute force %v", pt, got, want)
			}
			for _, km := range []float64{want * 0.999, want * 1.001} {
				if w := p.WithinKm(pt, km); w != (km >= want) {
					t.Fatalf("WithinKm(%v, %v) = %v with distance %v", pt, km, w, want)
				}
			}
		}
	}
}

func TestPrepareNeverPanics(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	inputs := []orb.MultiPolygon{
		nil,
		{{}},
		{{{}}},
		{{{{nan, nan}, {nan, nan}, {nan, nan}, {nan, nan}}}},
		{{{{inf, 0}, {0, inf}, {-inf, 0}, {inf, 0}}}},
		{{{{1, 1}, {1, 1}, {1, 1}, {1, 1}}}},               // one point
		{{{{0, 0}, {1, 0}, {2, 0}, {0, 0}}}},               // flat, horizontal
		{{{{0, 0}, {0, 1}, {0, 2}, {0, 0}}}},               // flat, vertical
		{{{}, square(0, 0, 1, 1)}},                         // empty exterior, hole only
		{{square(0, 0, 1e300, 1e300)}},                     // huge
		{{square(0, 0, 5e-324, 5e-324)}},                   // tiny
		{{square(-180, -90, 180, 90), square(0, 0, 1, 1)}}, // the world minus a hole
	}
	pts := []orb.Point{{0, 0}, {0.5, 0.5}, {nan, 0}, {0, nan}, {inf, inf}, {1e300, 1e300}, {-1e300, 5}}
	for i, mp := range inputs {
		p := Prepare(mp)
		for _, pt := range pts {
			_ = p.Contains(pt)
			_ = p.DistanceKm(pt)
			_ = p.WithinKm(pt, 10)
			_ = p.WithinKm(pt, nan)
		}
		_ = i
	}
}
