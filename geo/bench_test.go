package geo

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/internal/shared"
)

// syriaBox is roughly Syria's extent.
var syriaBox = orb.Bound{Min: orb.Point{35.6, 32.3}, Max: orb.Point{42.4, 37.4}}

// jaggedZone is a realistic hand-drawn-looking zone: a ring of n vertices
// around c whose radius wanders (a smoothed random walk plus small jitter),
// giving bays and promontories rather than a regular star.
func jaggedZone(r *rand.Rand, c orb.Point, n int, radius float64) orb.MultiPolygon {
	ring := make(orb.Ring, 0, n+1)
	rad, drift := radius, 0.0
	for i := 0; i < n; i++ {
		drift = 0.9*drift + (r.Float64()-0.5)*radius*0.08
		rad = math.Max(radius*0.3, math.Min(radius*1.6, rad+drift))
		jit := rad * (1 + (r.Float64()-0.5)*0.1)
		a := 2 * math.Pi * float64(i) / float64(n)
		ring = append(ring, orb.Point{c[0] + jit*math.Cos(a)/math.Cos(c[1]*math.Pi/180), c[1] + jit*math.Sin(a)})
	}
	ring = append(ring, ring[0])
	return orb.MultiPolygon{{ring}}
}

// benchZones are four zones of 50–500 vertices placed like the 2017
// de-escalation areas (Idlib, northern Homs, Eastern Ghouta, the south).
func benchZones() []truce.Zone {
	r := rand.New(rand.NewPCG(2017, 5))
	return []truce.Zone{
		{ID: "idlib", Name: "Idlib", Geometry: jaggedZone(r, orb.Point{36.6, 35.8}, 500, 0.6), BufferKm: 10},
		{ID: "homs", Name: "Northern Homs", Geometry: jaggedZone(r, orb.Point{36.75, 34.9}, 150, 0.15), BufferKm: 5},
		{ID: "ghouta", Name: "Eastern Ghouta", Geometry: jaggedZone(r, orb.Point{36.45, 33.55}, 50, 0.1), BufferKm: 5},
		{ID: "south", Name: "Southern Syria", Geometry: jaggedZone(r, orb.Point{36.2, 32.9}, 300, 0.45), BufferKm: 5},
	}
}

const benchPoints = 1 << 20

// benchPt is a location in 24 bytes: 1M full truce.Locations would be 100 MB
// of mostly empty strings, and the benchmark would measure memory, not Place.
type benchPt struct {
	lon, lat float64
	prec     truce.LocPrecision
}

func benchLocations(prec func(r *rand.Rand) truce.LocPrecision) []benchPt {
	r := rand.New(rand.NewPCG(1, 1))
	locs := make([]benchPt, benchPoints)
	for i := range locs {
		locs[i] = benchPt{
			syriaBox.Min[0] + r.Float64()*(syriaBox.Max[0]-syriaBox.Min[0]),
			syriaBox.Min[1] + r.Float64()*(syriaBox.Max[1]-syriaBox.Min[1]),
			prec(r),
		}
	}
	return locs
}

func runPlace(b *testing.B, ix *Index, locs []benchPt) {
	dst := make([]truce.Membership, 0, 8)
	placed := 0
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		p := &locs[i&(benchPoints-1)]
		dst = ix.Place(truce.Location{HasPoint: true, Lon: p.lon, Lat: p.lat, Precision: p.prec}, dst[:0])
		placed += len(dst)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "points/s")
	b.ReportMetric(float64(placed)/float64(b.N), "memberships/point")
}

func BenchmarkPlaceExact(b *testing.B) {
	ix := mustIndex(b, benchZones(), Options{})
	locs := benchLocations(func(*rand.Rand) truce.LocPrecision { return truce.PrecExact })
	runPlace(b, ix, locs)
}

// BenchmarkPlaceExactInZones draws points only from the zones' bounding
// boxes, where every point needs a real point-in-polygon test.
func BenchmarkPlaceExactInZones(b *testing.B) {
	zones := benchZones()
	ix := mustIndex(b, zones, Options{})
	r := rand.New(rand.NewPCG(7, 7))
	locs := make([]benchPt, benchPoints)
	for i := range locs {
		bb := ix.zones[i%len(zones)].prep.Bound()
		locs[i] = benchPt{bb.Min[0] + r.Float64()*(bb.Max[0]-bb.Min[0]), bb.Min[1] + r.Float64()*(bb.Max[1]-bb.Min[1]), truce.PrecExact}
	}
	runPlace(b, ix, locs)
}

// BenchmarkPlaceMixedPrecision uses UCDP's mix of precisions in Syria
// (derived_place_names_from_ged.csv: about half exact, 45 % within 25 km, a
// few district, governorate and fuzzy ones) with OCHA's boundaries when the
// shared data is present, else the disc fallbacks.
func BenchmarkPlaceMixedPrecision(b *testing.B) {
	var admin *AdminAreas
	if dir := shared.Dir(); dir != "" {
		a1 := filepath.Join(dir, "boundaries", "syr_admin1_ocha2015.geojson")
		a2 := filepath.Join(dir, "boundaries", "syr_admin2_ocha2015.geojson")
		if _, err := os.Stat(a2); err == nil {
			var err error
			if admin, err = LoadAdminAreas(a1, a2); err != nil {
				b.Fatal(err)
			}
		}
	}
	if admin == nil {
		b.Log("OCHA boundaries absent: precisions 3 and 4 use the disc fallbacks")
	}
	ix := mustIndex(b, benchZones(), Options{Admin: admin})
	locs := benchLocations(func(r *rand.Rand) truce.LocPrecision {
		switch x := r.IntN(1000); {
		case x < 480:
			return truce.PrecExact
		case x < 950:
			return truce.PrecNear
		case x < 961:
			return truce.PrecAdmin2
		case x < 966:
			return truce.PrecAdmin1
		case x < 998:
			return truce.PrecFuzzy
		case x < 999:
			return truce.PrecCountry
		default:
			return 0
		}
	})
	runPlace(b, ix, locs)
}

func BenchmarkPrepare(b *testing.B) {
	r := rand.New(rand.NewPCG(3, 3))
	for _, n := range []int{50, 500, 5000} {
		mp := jaggedZone(r, orb.Point{36.6, 35.8}, n, 0.6)
		b.Run(fmt.Sprintf("vertices=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				Prepare(mp)
			}
		})
	}
}

func BenchmarkNewIndexOCHA(b *testing.B) {
	a := loadOCHA(b)
	zones := benchZones()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		mustIndex(b, zones, Options{Admin: a})
	}
}

// BenchmarkPlaceExactOrbReference is the reference for BenchmarkPlaceExact:
// the same points and zones tested the usual way, a bbox check and then
// orb/planar.MultiPolygonContains. docs/benchmarks.md reports the ratio.
func BenchmarkPlaceExactOrbReference(b *testing.B) {
	zones := benchZones()
	bounds := make([]orb.Bound, len(zones))
	for i, z := range zones {
		bounds[i] = z.Geometry.Bound()
	}
	locs := benchLocations(func(*rand.Rand) truce.LocPrecision { return truce.PrecExact })
	placed := 0
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		p := &locs[i&(benchPoints-1)]
		pt := orb.Point{p.lon, p.lat}
		for j, z := range zones {
			if bounds[j].Contains(pt) && planar.MultiPolygonContains(z.Geometry, pt) {
				placed++
			}
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "points/s")
	b.ReportMetric(float64(placed)/float64(b.N), "memberships/point")
}
