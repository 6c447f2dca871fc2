package corroborate

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/sim"
)

// The evaluation stream: sim events are the ground truth; each is reported
// by 1–3 of four synthetic sources, each degrading it its own way, and a
// share of events get a distinct twin nearby on the same day with the same
// sides and type (the hardest negatives).
//
// Per report: location precision drawn per source (ucdp keeps the
// simulator's GED-like precision and point); exact points jittered up to
// 1 km (geocoders differ), near points moved up to 25 km, admin-level
// reports carry only an admin name as place, fuzzy ones move up to 50 km;
// 15 % of non-ucdp reports are dated a day early or late; 5 % relabel the
// event type; half swap the order of the sides; 10 % drop one side.
const (
	twinShare   = 0.15
	dateShift   = 0.15
	typeRelabel = 0.05
	sideSwap    = 0.5
	sideDrop    = 0.10
)

type srcModel struct {
	name string
	prec []float64 // cumulative over exact, near, admin2, admin1, fuzzy
	orig []string  // what the report cites
}

var srcModels = []srcModel{
	{"ucdp", nil, nil}, // the simulator's own precision and sources
	{"acled", []float64{0.75, 0.95, 0.95, 1, 1}, []string{"SOHR", "SNHR", "Local Coordination Committees", "SANA"}},
	{"monitor", []float64{0.9, 1, 1, 1, 1}, []string{""}},
	{"news", []float64{0.3, 0.85, 0.9, 0.95, 1}, []string{"Reuters", "AFP citing SOHR", "SANA", "Enab Baladi"}},
}

// stream returns the reports and, for each, its true event.
func stream(tb testing.TB, seed uint64, days int, outsideRate float64) ([]*truce.Report, []int64) {
	tb.Helper()
	rng := rand.New(rand.NewPCG(seed, 99))
	cfg := sim.DefaultConfig(seed, nil)
	cfg.Days, cfg.OutsideRate = days, outsideRate
	var (
		out   []*truce.Report
		truth []int64
		n     int
	)
	var twinID int64 = 1 << 40
	emit := func(ev *sim.Event, id int64, lon, lat float64) {
		k := 1 + rng.IntN(3)
		for _, si := range rng.Perm(len(srcModels))[:k] {
			n++
			out = append(out, degrade(rng, srcModels[si], ev, lon, lat, n))
			truth = append(truth, id)
		}
	}
	err := sim.Generate(cfg, func(ev *sim.Event) error {
		emit(ev, ev.ID, ev.Truth.Lon, ev.Truth.Lat)
		if rng.Float64() < twinShare {
			ang, d := rng.Float64()*2*math.Pi, 3+rng.Float64()*17
			twinID++
			twin := *ev
			twin.Location = truce.Location{HasPoint: true, Precision: truce.PrecExact}
			lon, lat := move(ev.Truth.Lon, ev.Truth.Lat, d, ang)
			twin.Location.Lon, twin.Location.Lat = lon, lat
			emit(&twin, twinID, lon, lat)
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return out, truth
}

func move(lon, lat, km, ang float64) (float64, float64) {
	return lon + km*math.Cos(ang)/(111.32*math.Cos(lat*math.Pi/180)), lat + km*math.Sin(ang)/110.57
}

func cellName(kind string, lon, lat, deg float64) string {
	return fmt.Sprintf("%s %d/%d", kind, int(math.Floor(lon/deg)), int(math.Floor(lat/deg)))
}

func degrade(rng *rand.Rand, m srcModel, ev *sim.Event, lon, lat float64, n int) *truce.Report {
	inc := ev.Incident
	inc.Zones = nil
	r := &truce.Report{Source: m.name, SourceKey: strconv.Itoa(n), Hash: strconv.Itoa(n)}
	if m.name == "ucdp" {
		r.Incident = inc
		if inc.Location.Precision > truce.PrecNear {
			// GED names the admin unit or nothing when it knows no place.
			r.Incident.Location.Place = r.Incident.Location.Admin1
		}
		return r
	}
	loc := truce.Location{HasPoint: true, Country: "Syria"}
	u := rng.Float64()
	p := 0
	for p < len(m.prec)-1 && u >= m.prec[p] {
		p++
	}
	switch p {
	case 0:
		loc.Precision = truce.PrecExact
		loc.Lon, loc.Lat = move(lon, lat, rng.Float64(), rng.Float64()*2*math.Pi)
		loc.Place = cellName("village", lon, lat, 0.1)
	case 1:
		loc.Precision = truce.PrecNear
		loc.Lon, loc.Lat = move(lon, lat, 25*math.Sqrt(rng.Float64()), rng.Float64()*2*math.Pi)
		loc.Place = cellName("village", loc.Lon, loc.Lat, 0.1)
	case 2:
		loc.Precision = truce.PrecAdmin2
		loc.Admin2 = cellName("district", lon, lat, 0.5)
		loc.Place = loc.Admin2
		loc.Lon, loc.Lat = (math.Floor(lon/0.5)+0.5)*0.5, (math.Floor(lat/0.5)+0.5)*0.5
	case 3:
		loc.Precision = truce.PrecAdmin1
		loc.Admin1 = inc.Location.Admin1
		loc.Place = loc.Admin1
		loc.Lon, loc.Lat = (math.Floor(lon/2)+0.5)*2, (math.Floor(lat/2)+0.5)*2
	default:
		loc.Precision = truce.PrecFuzzy
		loc.Lon, loc.Lat = move(lon, lat, 50*math.Sqrt(rng.Float64()), rng.Float64()*2*math.Pi)
	}
	inc.Location = loc
	inc.Source, inc.SourceKey = m.name, r.SourceKey
	inc.DateEnd, inc.DatePrecision = inc.DateStart, truce.DateExact
	if rng.Float64() < dateShift {
		shift := 1 - 2*rng.IntN(2)
		inc.DateStart = inc.DateStart.AddDate(0, 0, shift)
		inc.DateEnd = inc.DateStart
	}
	if rng.Float64() < typeRelabel {
		if inc.EventType == truce.Battles {
			inc.EventType = truce.ExplosionsRemoteViolence
		} else {
			inc.EventType = truce.Battles
		}
	}
	if rng.Float64() < sideSwap {
		inc.SideA, inc.SideB = inc.SideB, inc.SideA
	}
	if rng.Float64() < sideDrop {
		inc.SideB = ""
	}
	inc.Sources = m.orig[rng.IntN(len(m.orig))]
	r.Incident = inc
	return r
}

type score struct {
	precision, recall float64
	tp, fp, fn        int
	groups            int
}

// pairwise scores the "same event" decisions of gs against truth.
func pairwise(gs []Group, truth []int64) score {
	label := make([]int, len(truth))
	for gi, g := range gs {
		for _, i := range g.Reports {
			label[i] = gi
		}
	}
	var s score
	s.groups = len(gs)
	// Predicted pairs.
	for _, g := range gs {
		for a := range g.Reports {
			for b := a + 1; b < len(g.Reports); b++ {
				if truth[g.Reports[a]] == truth[g.Reports[b]] {
					s.tp++
				} else {
					s.fp++
				}
			}
		}
	}
	// True pairs.
	byEvent := map[int64][]int{}
	for i, e := range truth {
		byEvent[e] = append(byEvent[e], i)
	}
	for _, is := range byEvent {
		for a := range is {
			for b := a + 1; b < len(is); b++ {
				if label[is[a]] != label[is[b]] {
					s.fn++
				}
			}
		}
	}
	s.precision = float64(s.tp) / float64(max(1, s.tp+s.fp))
	s.recall = float64(s.tp) / float64(max(1, s.tp+s.fn))
	return s
}

func TestPrecisionRecall(t *testing.T) {
	for _, rate := range []float64{sim.DefaultOutsideRate, 40} {
		t.Run(fmt.Sprintf("%g events a day", rate), func(t *testing.T) { precisionRecall(t, rate, rate == sim.DefaultOutsideRate) })
	}
}

// precisionRecall logs the table for one density; it asserts only on the
// simulator's default density, the denser stream is a stress test.
func precisionRecall(t *testing.T, rate float64, assert bool) {
	rs, truth := stream(t, 11, 180, rate)
	settings := []struct {
		name string
		opts func(*Options)
	}{
		{"default (5 km, 1 day, same type, sides agree)", func(*Options) {}},
		{"1 km", func(o *Options) { o.MaxKm = 1 }},
		{"10 km", func(o *Options) { o.MaxKm = 10 }},
		{"0 days", func(o *Options) { o.MaxDays = 0 }},
		{"2 days", func(o *Options) { o.MaxDays = 2 }},
		{"any type", func(o *Options) { o.SameType = SameAny }},
		{"sides not compared", func(o *Options) { o.ActorsMustAgree = false }},
		{"no dataset rule", func(o *Options) { o.Datasets = []string{} }},
		{"no AttachImprecise (before)", func(o *Options) { o.AttachImprecise = false }},
	}
	t.Logf("%d reports of %d events", len(rs), countDistinct(truth))
	t.Logf("%-48s %9s %7s %7s %7s %7s", "options", "precision", "recall", "TP", "FP", "FN")
	for i, st := range settings {
		opts := DefaultOptions()
		st.opts(&opts)
		s := pairwise(Cluster(rs, opts), truth)
		t.Logf("%-48s %9.3f %7.3f %7d %7d %7d", st.name, s.precision, s.recall, s.tp, s.fp, s.fn)
		// Regression floors at the measured values (0.875, 0.807; before
		// AttachImprecise 0.876, 0.734). The precision target, 0.9,
		// is NOT met yet: near-precision reports (25 km) confuse twin events
		// (making their merges unambiguous-only costs far more recall than
		// it gains precision), and relabelled types cost recall.
		if assert && i == 0 && (s.precision < 0.86 || s.recall < 0.79) {
			t.Errorf("default options: precision %.3f (floor 0.86), recall %.3f (floor 0.79)", s.precision, s.recall)
		}
	}
}

func countDistinct(xs []int64) int {
	m := map[int64]bool{}
	for _, x := range xs {
		m[x] = true
	}
	return len(m)
}

func BenchmarkCluster100k(b *testing.B) {
	rs, _ := stream(b, 5, 365, 150)
	rs = rs[:min(len(rs), 100_000)]
	if len(rs) < 100_000 {
		b.Fatalf("only %d reports", len(rs))
	}
	opts := DefaultOptions()
	b.ResetTimer()
	for b.Loop() {
		Cluster(rs, opts)
	}
}
