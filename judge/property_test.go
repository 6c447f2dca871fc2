package judge

import (
	"math/rand/v2"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/geo"
	"github.com/truce-monitor/truce/sim"
)

// randomIncidents makes n seeded incidents that reach every rule: random
// memberships in the Astana zones (and in an unknown one), date windows
// around the ceasefire, every event type with and without sub-types, and
// sides drawn from the agreement's names, unknown names, civilians,
// coalitions and nothing.
func randomIncidents(a *truce.Agreement, seed uint64, n int) []*truce.Incident {
	r := rand.New(rand.NewPCG(seed, 1))
	var names []string
	for _, l := range [][]truce.Actor{a.Parties, a.Guarantors, a.Excluded} {
		for _, act := range l {
			names = append(names, act.Name)
			names = append(names, act.Aliases...)
		}
	}
	names = append(names, "SDF", "Hezbollah", "Civilians", "", "", "Ahrar al-Sham, HTS", "FSA; Southern Front",
		"hay’at tahrir al sham", "JAYSH AL-ISLAM")
	types := []string{""}
	for t := range truce.SubEventTypes {
		types = append(types, t)
	}
	zones := []string{"elsewhere"}
	for _, z := range a.Zones {
		zones = append(zones, z.ID)
	}
	placements := []truce.Placement{truce.Inside, truce.InBuffer, truce.Uncertain}
	pick := func(s []string) string { return s[r.IntN(len(s))] }
	out := make([]*truce.Incident, n)
	for i := range out {
		start := time.Date(2017, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, r.IntN(365))
		end := start
		if r.IntN(5) == 0 {
			end = start.AddDate(0, 0, r.IntN(40))
		}
		et := pick(types)
		sub := ""
		if subs := truce.SubEventTypes[et]; len(subs) > 0 && r.IntN(4) > 0 {
			sub = pick(subs)
		}
		inc := &truce.Incident{ID: int64(i + 1), DateStart: start, DateEnd: end, EventType: et, SubEventType: sub,
			ViolenceType: r.IntN(4), SideA: pick(names), SideB: pick(names),
			Fatalities: truce.Fatalities{Best: r.IntN(12), Civilians: r.IntN(8)}}
		if r.IntN(6) == 0 {
			inc.AssocB = pick(names)
		}
		for _, k := range r.Perm(len(zones))[:r.IntN(3)] {
			m := truce.Membership{ZoneID: zones[k], Placement: placements[r.IntN(3)], Reason: "random", Share: 1}
			switch {
			case m.Placement == truce.InBuffer:
				m.Share = r.Float64() / 2
			case m.Placement == truce.Uncertain, r.IntN(4) == 0:
				m.Share = r.Float64()
			}
			inc.Zones = append(inc.Zones, m)
		}
		out[i] = inc
	}
	return out
}

const propertyN = 20000

func TestPropertyDeterministic(t *testing.T) {
	a := astana(t)
	j1, j2 := newJudge(t, a), newJudge(t, astana(t))
	for _, inc := range randomIncidents(a, 1, propertyN) {
		x, y, z := j1.Judge(inc), j1.Judge(inc), j2.Judge(inc)
		if !reflect.DeepEqual(x, y) || !reflect.DeepEqual(x, z) {
			t.Fatalf("incident %+v judged differently:\n%s\n%s\n%s", inc, traceString(x), traceString(y), traceString(z))
		}
	}
}

// TestPropertyOrderIndependent judges a slice in order, shuffled, and
// concurrently, with each incident's memberships shuffled too: every
// incident must get the same judgement.
func TestPropertyOrderIndependent(t *testing.T) {
	a := astana(t)
	incs := randomIncidents(a, 2, propertyN)
	want := map[int64]truce.Judgement{}
	j := newJudge(t, a)
	for _, inc := range incs {
		want[inc.ID] = j.Judge(inc)
	}
	r := rand.New(rand.NewPCG(2, 2))
	shuffled := make([]*truce.Incident, len(incs))
	for i, inc := range incs {
		c := *inc
		c.Zones = append([]truce.Membership(nil), inc.Zones...)
		r.Shuffle(len(c.Zones), func(a, b int) { c.Zones[a], c.Zones[b] = c.Zones[b], c.Zones[a] })
		shuffled[i] = &c
	}
	r.Shuffle(len(shuffled), func(a, b int) { shuffled[a], shuffled[b] = shuffled[b], shuffled[a] })
	j = newJudge(t, a) // a fresh name cache, filled in another order
	got := make([]truce.Judgement, len(shuffled))
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := w; i < len(shuffled); i += 4 {
				got[i] = j.Judge(shuffled[i])
			}
		})
	}
	wg.Wait()
	for i, inc := range shuffled {
		if !reflect.DeepEqual(got[i], want[inc.ID]) {
			t.Fatalf("incident %d: in order\n%sshuffled\n%s", inc.ID, traceString(want[inc.ID]), traceString(got[i]))
		}
	}
}

func TestPropertyOutsideNeverViolation(t *testing.T) {
	a := astana(t)
	j := newJudge(t, a)
	for _, inc := range randomIncidents(a, 3, propertyN) {
		inc.Zones = nil
		if jd := j.Judge(inc); jd.Verdict != truce.NotViolation || jd.ZoneID != "" {
			t.Fatalf("incident outside every zone: %s in %q\n%s", jd.Verdict, jd.ZoneID, traceString(jd))
		}
	}
}

// withShare returns a with one presence entry for every zone and day: the
// excluded groups hold share s of the non-state side. targetless keeps or
// drops the acts forbidden whoever the target.
func withShare(a *truce.Agreement, s float64, targetless bool) *truce.Agreement {
	c := *a
	var zones []string
	for _, z := range a.Zones {
		zones = append(zones, z.ID)
	}
	c.Presence = []truce.Presence{{Zones: zones, From: date("1900-01-01"), To: date("2100-12-31"), Measure: truce.MeasureShare,
		Groups: []truce.PresentGroup{
			{Name: "HTS", ActorID: "hts", Excluded: true, Low: s, High: s, Source: "test"},
			{Name: "Syrian armed opposition", ActorID: "armed-opposition", Low: 1 - s, High: 1 - s, Source: "test"},
		}}}
	if !targetless {
		c.RegardlessOfTarget = nil
	}
	return &c
}

func TestPropertyProbability(t *testing.T) {
	a := astana(t)
	j := newJudge(t, a)
	tiers := truce.DefaultTierRules()
	for _, inc := range randomIncidents(a, 5, propertyN) {
		jd := j.Judge(inc)
		p := jd.P
		if !(0 <= p.Low && p.Low <= p.Mid && p.Mid <= p.High && p.High <= 1) {
			t.Fatalf("probability %+v out of [0, 1] or order\n%s", p, traceString(jd))
		}
		if jd.Verdict != tiers.Tier(p) {
			t.Fatalf("verdict %s, but P %+v is tier %s", jd.Verdict, p, tiers.Tier(p))
		}
	}
}

// TestPropertyExcludedNeverViolation: an incident naming an excluded group
// is never a violation, unless the agreement forbids the act whoever the
// target and the side that acted is bound by it.
func TestPropertyExcludedNeverViolation(t *testing.T) {
	full := astana(t)
	jFull, jHard := newJudge(t, full), newJudge(t, withShare(full, 0.3, false))
	var excludedNames []string
	for _, act := range full.Excluded {
		excludedNames = append(excludedNames, act.Name)
		excludedNames = append(excludedNames, act.Aliases...)
	}
	r := rand.New(rand.NewPCG(4, 4))
	n, overridden := 0, 0
	for _, inc := range randomIncidents(full, 4, propertyN) {
		name := excludedNames[r.IntN(len(excludedNames))]
		switch r.IntN(4) {
		case 0:
			inc.SideA = name
		case 1:
			inc.SideB = name
		case 2:
			inc.SideA += ", " + name
		default:
			inc.AssocB = name
		}
		jd := jHard.Judge(inc)
		if jd.Verdict != truce.NotViolation || jd.P.High != 0 || !jd.Excluded {
			t.Fatalf("%q vs %q (assoc %q): %s %+v\n%s", inc.SideA, inc.SideB, inc.AssocB, jd.Verdict, jd.P, traceString(jd))
		}
		if hasStep(jd, RuleExcluded, Fail, "") {
			n++
		}
		if jd := jFull.Judge(inc); jd.P.High > 0 {
			overridden++
			if !hasStep(jd, RuleTargetless, Pass, "") || !directed(inc) {
				t.Fatalf("%q vs %q (assoc %q): %s %+v without an act forbidden whoever the target\n%s", inc.SideA, inc.SideB, inc.AssocB, jd.Verdict, jd.P, traceString(jd))
			}
		}
	}
	if n < propertyN/10 {
		t.Errorf("only %d of %d incidents reached the excluded-group rule; the generator is too narrow", n, propertyN)
	}
	t.Logf("%d of %d incidents reached the excluded-group rule; %d were violations whoever the target", n, propertyN, overridden)
}

// TestPropertyMonotoneInShare: the more of the non-state side the excluded
// groups hold, the less likely a violation, at each end of the range.
func TestPropertyMonotoneInShare(t *testing.T) {
	a := astana(t)
	var judges []*Judge
	for i := 0; i <= 10; i++ {
		judges = append(judges, newJudge(t, withShare(a, float64(i)/10, true)))
	}
	for _, inc := range randomIncidents(a, 6, propertyN/4) {
		prev := truce.Exactly(1)
		for i, j := range judges {
			p := j.Judge(inc).P
			if p.Low > prev.Low+1e-9 || p.Mid > prev.Mid+1e-9 || p.High > prev.High+1e-9 {
				t.Fatalf("%q vs %q: share %.1f gives %+v, above %+v at the share before", inc.SideA, inc.SideB, float64(i)/10, p, prev)
			}
			prev = p
		}
	}
}

// TestPropertyShareZero: with no excluded group present, an aggregate is
// the party it names, and the verdicts are those of an agreement that
// never knew the aggregate rule.
func TestPropertyShareZero(t *testing.T) {
	a := astana(t)
	plain := *a
	plain.AggregateActors, plain.Presence = nil, nil
	j0, jPlain := newJudge(t, withShare(a, 0, true)), newJudge(t, &plain)
	for _, inc := range randomIncidents(a, 7, propertyN) {
		x, y := j0.Judge(inc), jPlain.Judge(inc)
		if x.Verdict != y.Verdict || x.P != y.P || x.ZoneID != y.ZoneID {
			t.Fatalf("%q vs %q: share 0 gives %s %+v, the plain party %s %+v\n%s\n%s", inc.SideA, inc.SideB, x.Verdict, x.P, y.Verdict, y.P, traceString(x), traceString(y))
		}
	}
}

// TestPropertyShareOne: when excluded groups are all of the non-state side,
// an incident naming an aggregate is no violation (acts forbidden whoever
// the target aside).
func TestPropertyShareOne(t *testing.T) {
	a := astana(t)
	j := newJudge(t, withShare(a, 1, false))
	r := rand.New(rand.NewPCG(8, 8))
	n := 0
	for _, inc := range randomIncidents(a, 8, propertyN) {
		if r.IntN(2) == 0 {
			inc.SideA = "Syrian insurgents"
		} else {
			inc.SideB = "Syrian insurgents"
		}
		jd := j.Judge(inc)
		if jd.P.High != 0 || jd.Verdict != truce.NotViolation {
			t.Fatalf("%q vs %q: %s %+v\n%s", inc.SideA, inc.SideB, jd.Verdict, jd.P, traceString(jd))
		}
		if hasStep(jd, RuleParty, Fail, "") {
			n++
		}
	}
	if n < propertyN/20 {
		t.Errorf("only %d incidents reached the party rule", n)
	}
}

// simEvents generates a simulated year over the Astana zones, placed by geo.
func simEvents(tb testing.TB, a *truce.Agreement, limit int64, fn func(*sim.Event)) {
	tb.Helper()
	ix, err := geo.NewIndex(a.Zones, geo.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	cfg := sim.DefaultConfig(7, a.Zones)
	cfg.Limit = limit
	err = sim.Generate(cfg, func(e *sim.Event) error {
		e.Zones = ix.Place(e.Location, e.Zones[:0])
		fn(e)
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
}

// TestSimulatedTruth compares verdicts with the simulator's ground truth.
// The simulator counts "Syrian insurgents" as a party, draws its zones as
// exact borders and knows nothing of acts forbidden whoever the target, so
// the agreement is judged that way here; then, for events located and dated
// exactly, the judge must find exactly the true violations.
func TestSimulatedTruth(t *testing.T) {
	a := astana(t)
	// The simulator's world: violations only inside the drawn zones, by
	// named parties, with no hidden groups.
	a.AggregateActors, a.Presence, a.RegardlessOfTarget, a.BufferCounts = nil, nil, nil, false
	for i := range a.Zones {
		a.Zones[i].BorderErrorKm = 0
	}
	j := newJudge(t, a)
	var exact, violations, wrong int
	simEvents(t, a, 0, func(e *sim.Event) {
		jd := j.Judge(&e.Incident)
		if jd.Verdict == truce.Violation && !e.Truth.Violation {
			t.Errorf("event %d: violation, but the truth is none (%+v)\n%s", e.ID, e.Truth, traceString(jd))
		}
		if e.Truth.Excluded && jd.P.High != 0 {
			t.Errorf("event %d: excluded group, judged %s", e.ID, jd.Verdict)
		}
		if e.Location.Precision != truce.PrecExact || e.DatePrecision != truce.DateExact {
			return
		}
		exact++
		if e.Truth.Violation {
			violations++
			if jd.Verdict != truce.Violation {
				wrong++
				if wrong <= 5 {
					t.Errorf("event %d: a true violation judged %s\n%s", e.ID, jd.Verdict, traceString(jd))
				}
			}
		}
	})
	t.Logf("%d exactly located and dated events, %d true violations, %d missed", exact, violations, wrong)
	if violations == 0 {
		t.Error("the simulation has no violations")
	}
}

// BenchmarkJudge judges simulated incidents placed in the Astana zones; for
// the million: go test -bench Judge -benchtime 1000000x ./judge
func BenchmarkJudge(b *testing.B) {
	a := astana(b)
	j := newJudge(b, a)
	const pool = 1 << 16
	incs := make([]truce.Incident, 0, pool)
	simEvents(b, a, pool, func(e *sim.Event) {
		inc := e.Incident
		inc.Zones = append([]truce.Membership(nil), e.Zones...)
		incs = append(incs, inc)
	})
	b.ReportAllocs()
	b.ResetTimer()
	verdicts := map[truce.Verdict]int{}
	for i := 0; b.Loop(); i++ {
		verdicts[j.Judge(&incs[i%len(incs)]).Verdict]++
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "incidents/s")
	_ = verdicts
}
