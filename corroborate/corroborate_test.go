package corroborate

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/truce-monitor/truce"
)

// kmLon is about one km of longitude at 35° N.
const kmLon = 1 / (111.32 * 0.819152)

type rb struct{ truce.Report }

func mk(source, key, date string) *rb {
	d, err := truce.ParseDate(date)
	if err != nil {
		panic(err)
	}
	return &rb{truce.Report{Source: source, SourceKey: key, Hash: source + key, Incident: truce.Incident{
		DateStart: d, DateEnd: d, DatePrecision: truce.DateExact,
		Location:  truce.Location{HasPoint: true, Lon: 36.7, Lat: 35, Precision: truce.PrecExact},
		EventType: truce.Battles, SideA: "Government of Syria", SideB: "Syrian insurgents", Sources: "SOHR",
	}}}
}

func (b *rb) east(km float64) *rb           { b.Incident.Location.Lon += km * kmLon; return b }
func (b *rb) prec(p truce.LocPrecision) *rb { b.Incident.Location.Precision = p; return b }
func (b *rb) typ(t string) *rb              { b.Incident.EventType = t; return b }
func (b *rb) sides(a, c string) *rb         { b.Incident.SideA, b.Incident.SideB = a, c; return b }
func (b *rb) src(s string) *rb              { b.Incident.Sources = s; return b }
func (b *rb) end(date string) *rb {
	b.Incident.DateEnd, _ = truce.ParseDate(date)
	return b
}
func (b *rb) place(p, adm1 string) *rb {
	b.Incident.Location.Place, b.Incident.Location.Admin1 = p, adm1
	return b
}
func (b *rb) r() *truce.Report { r := b.Report; return &r }

func reps(bs ...*rb) []*truce.Report {
	out := make([]*truce.Report, len(bs))
	for i, b := range bs {
		out[i] = b.r()
	}
	return out
}

// shape writes the groups as "ucdp:1+acled:2 | monitor:3", ids in group order.
func shape(rs []*truce.Report, gs []Group) string {
	var parts []string
	for _, g := range gs {
		var ids []string
		for _, i := range g.Reports {
			ids = append(ids, rs[i].Source+":"+rs[i].SourceKey)
		}
		parts = append(parts, strings.Join(ids, "+"))
	}
	return strings.Join(parts, " | ")
}

// norm sorts the ids of each group and the groups of a shape.
func norm(shape string) string {
	groups := strings.Split(shape, " | ")
	for i, g := range groups {
		ids := strings.Split(g, "+")
		slices.Sort(ids)
		groups[i] = strings.Join(ids, "+")
	}
	slices.Sort(groups)
	return strings.Join(groups, " | ")
}

func TestCluster(t *testing.T) {
	civ := func(b *rb) *rb {
		return b.typ(truce.ExplosionsRemoteViolence).sides("Government of Syria", "Civilians")
	}
	cases := []struct {
		name string
		in   []*rb
		opts func(*Options)
		want string
	}{
		{"same place same day", []*rb{mk("ucdp", "1", "2017-06-01"), mk("acled", "A", "2017-06-01").east(2)}, nil, "ucdp:1+acled:A"},
		{"4.9 km merges", []*rb{mk("ucdp", "1", "2017-06-01"), mk("acled", "A", "2017-06-01").east(4.9)}, nil, "ucdp:1+acled:A"},
		{"5.2 km does not", []*rb{mk("ucdp", "1", "2017-06-01"), mk("acled", "A", "2017-06-01").east(5.2)}, nil, "ucdp:1 | acled:A"},
		{"MaxKm 10", []*rb{mk("ucdp", "1", "2017-06-01"), mk("acled", "A", "2017-06-01").east(8)}, func(o *Options) { o.MaxKm = 10 }, "ucdp:1+acled:A"},
		{"next day merges", []*rb{mk("ucdp", "1", "2017-06-01"), mk("acled", "A", "2017-06-02")}, nil, "ucdp:1+acled:A"},
		{"two days apart does not", []*rb{mk("ucdp", "1", "2017-06-01"), mk("acled", "A", "2017-06-03")}, nil, "ucdp:1 | acled:A"},
		{"MaxDays 0: next day does not", []*rb{mk("ucdp", "1", "2017-06-01"), mk("acled", "A", "2017-06-02")}, func(o *Options) { o.MaxDays = 0 }, "ucdp:1 | acled:A"},
		{"date window covers", []*rb{mk("ucdp", "1", "2017-06-01").end("2017-06-07"), mk("acled", "A", "2017-06-08")}, nil, "ucdp:1+acled:A"},
		{"near adds 25 km", []*rb{mk("ucdp", "1", "2017-06-01").prec(truce.PrecNear), mk("acled", "A", "2017-06-01").east(29)}, nil, "ucdp:1+acled:A"},
		{"near: 31 km too far", []*rb{mk("ucdp", "1", "2017-06-01").prec(truce.PrecNear), mk("acled", "A", "2017-06-01").east(31)}, nil, "ucdp:1 | acled:A"},
		{"both near: 54 km", []*rb{mk("ucdp", "1", "2017-06-01").prec(truce.PrecNear), mk("acled", "A", "2017-06-01").prec(truce.PrecNear).east(54)}, nil, "ucdp:1+acled:A"},
		{"admin precision never merges on the point", []*rb{mk("ucdp", "1", "2017-06-01").prec(truce.PrecAdmin1), mk("acled", "A", "2017-06-01")},
			func(o *Options) { o.AttachImprecise = false }, "ucdp:1 | acled:A"},
		{"admin precision attaches to the only candidate", []*rb{mk("ucdp", "1", "2017-06-01").prec(truce.PrecAdmin1), mk("acled", "A", "2017-06-01")}, nil, "ucdp:1+acled:A"},
		{"admin precision merges on the same place name", []*rb{mk("ucdp", "1", "2017-06-01").prec(truce.PrecAdmin2).place("Kafr Nabl", "Idlib"),
			mk("acled", "A", "2017-06-01").east(40).place("kafr-Nabl", "Idlib")}, nil, "ucdp:1+acled:A"},
		{"a governorate name is no place", []*rb{mk("ucdp", "1", "2017-06-01").prec(truce.PrecAdmin1).place("Idlib", "Idlib"),
			mk("acled", "A", "2017-06-01").prec(truce.PrecAdmin1).place("Idlib", "Idlib")}, nil, "ucdp:1 | acled:A"},
		{"different type", []*rb{mk("ucdp", "1", "2017-06-01"), mk("acled", "A", "2017-06-01").typ(truce.ExplosionsRemoteViolence)}, nil, "ucdp:1 | acled:A"},
		{"different type, SameType any", []*rb{mk("ucdp", "1", "2017-06-01"), mk("acled", "A", "2017-06-01").typ(truce.ExplosionsRemoteViolence)},
			func(o *Options) { o.SameType = SameAny }, "ucdp:1+acled:A"},
		{"sides swapped and spelt differently", []*rb{mk("ucdp", "1", "2017-06-01"), mk("acled", "A", "2017-06-01").sides("syrian  Insurgents", "the Government of Syria")}, nil, "ucdp:1+acled:A"},
		{"one side unknown", []*rb{mk("ucdp", "1", "2017-06-01"), mk("acled", "A", "2017-06-01").sides("Syrian insurgents", "")}, nil, "ucdp:1+acled:A"},
		{"sides differ", []*rb{mk("ucdp", "1", "2017-06-01"), mk("acled", "A", "2017-06-01").sides("Government of Syria", "IS")}, nil, "ucdp:1 | acled:A"},
		{"sides differ, not compared", []*rb{mk("ucdp", "1", "2017-06-01"), mk("acled", "A", "2017-06-01").sides("Government of Syria", "IS")},
			func(o *Options) { o.ActorsMustAgree = false }, "ucdp:1+acled:A"},
		{"attribution disputed merges", []*rb{civ(mk("ucdp", "1", "2017-06-01")), civ(mk("acled", "A", "2017-06-01")).sides("Syrian insurgents", "Civilians")}, nil, "ucdp:1+acled:A"},
		{"one dataset never merges with itself", []*rb{mk("ucdp", "1", "2017-06-01"), mk("ucdp", "2", "2017-06-01")}, nil, "ucdp:1 | ucdp:2"},
		{"monitors do", []*rb{mk("monitor", "1", "2017-06-01"), mk("monitor", "2", "2017-06-01")}, nil, "monitor:1+monitor:2"},
		{"no chaining: 3 km + 4 km is not 7 km", []*rb{mk("ucdp", "1", "2017-06-01"), mk("acled", "A", "2017-06-01").east(3), mk("monitor", "m", "2017-06-01").east(7)}, nil,
			"ucdp:1+acled:A | monitor:m"},
		{"no chaining: the closer pair wins", []*rb{mk("ucdp", "1", "2017-06-01"), mk("acled", "A", "2017-06-01").east(4), mk("monitor", "m", "2017-06-01").east(7)}, nil,
			"ucdp:1 | acled:A+monitor:m"},
		{"closest partner chosen", []*rb{mk("ucdp", "1", "2017-06-01"), mk("ucdp", "2", "2017-06-01").east(4), mk("acled", "A", "2017-06-01").east(3.5)}, nil,
			"ucdp:1 | ucdp:2+acled:A"},
		{"analyst merge", []*rb{mk("ucdp", "1", "2017-06-01"), mk("acled", "A", "2017-06-09").east(80)},
			func(o *Options) { o.Override.Keep = [][2]string{{"acled:A", "ucdp:1"}} }, "ucdp:1+acled:A"},
		{"analyst split", []*rb{mk("ucdp", "1", "2017-06-01"), mk("acled", "A", "2017-06-01")},
			func(o *Options) { o.Override.Split = [][2]string{{"ucdp:1", "acled:A"}} }, "ucdp:1 | acled:A"},
		{"split blocks the third report too", []*rb{mk("ucdp", "1", "2017-06-01"), mk("acled", "A", "2017-06-01").east(1), mk("monitor", "m", "2017-06-01").east(2)},
			func(o *Options) { o.Override.Split = [][2]string{{"ucdp:1", "monitor:m"}} }, "acled:A+monitor:m | ucdp:1"}, // tie: canonical order
		{"split beats keep", []*rb{mk("ucdp", "1", "2017-06-01"), mk("acled", "A", "2017-06-01"), mk("monitor", "m", "2017-06-01")},
			func(o *Options) {
				o.Override.Keep = [][2]string{{"ucdp:1", "acled:A"}, {"acled:A", "monitor:m"}}
				o.Override.Split = [][2]string{{"ucdp:1", "monitor:m"}}
			}, "acled:A+monitor:m | ucdp:1"}, // keeps apply in canonical order: acled:A–monitor:m first
		{"unknown override ids are ignored", []*rb{mk("ucdp", "1", "2017-06-01")},
			func(o *Options) { o.Override.Keep = [][2]string{{"ucdp:1", "acled:nope"}} }, "ucdp:1"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			opts := DefaultOptions()
			if tc.opts != nil {
				tc.opts(&opts)
			}
			rs := reps(tc.in...)
			gs := Cluster(rs, opts)
			if got := shape(rs, gs); norm(got) != norm(tc.want) {
				t.Errorf("got %s, want %s", got, tc.want)
				for _, g := range gs {
					t.Logf("%v", g.Reasons)
				}
			}
			for _, g := range gs {
				if len(g.Reasons) != len(g.Reports) {
					t.Errorf("%d reasons for %d reports", len(g.Reasons), len(g.Reports))
				}
			}
		})
	}
}

func TestReasons(t *testing.T) {
	rs := reps(mk("ucdp", "1", "2017-06-01"), mk("acled", "A", "2017-06-01").east(2).sides("Syrian insurgents", "Government of Syria"),
		mk("monitor", "m", "2017-06-02").east(30), mk("news", "n", "2017-06-02").east(60))
	opts := DefaultOptions()
	opts.Override.Keep = [][2]string{{"monitor:m", "news:n"}}
	opts.Override.Split = [][2]string{{"ucdp:1", "news:n"}}
	gs := Cluster(rs, opts)
	want := [][]string{
		{"earliest report of the incident", "2.0 km (within 5 km) and same day as acled:A, same type Battles, sides agree; kept apart from news:n by an analyst split"},
		{"earliest report of the incident", "analyst merge with monitor:m; kept apart from ucdp:1 by an analyst split"},
	}
	if len(gs) != 2 {
		t.Fatalf("got %s", shape(rs, gs))
	}
	for i, g := range gs {
		if !slices.Equal(g.Reasons, want[i]) {
			t.Errorf("group %d reasons:\n got %q\nwant %q", i, g.Reasons, want[i])
		}
	}
	alone := Cluster(reps(mk("ucdp", "1", "2017-06-01")), DefaultOptions())
	if w := "no other report within 5 km (plus 25 km for each near location) and 1 day(s) with the same event type and agreeing sides"; alone[0].Reasons[0] != w {
		t.Errorf("alone: %q", alone[0].Reasons[0])
	}
}

func TestSourcesAndConfidence(t *testing.T) {
	cases := []struct {
		name    string
		sources []string
		indep   int
		names   string
		conf    string
	}{
		{"one agency repeated", []string{"SOHR;SOHR", "SOHR", "AFP citing SOHR"}, 1, "SOHR", Low},
		// GED's "SOHR", and "the Observatory" and "the monitor" in one AFP
		// story, are one origin.
		{"one agency by its other names", []string{"SOHR", "the Observatory; AFP", "the monitor", "Rami Abdel Rahman; Reuters"}, 1, "AFP, Reuters, SOHR", Low},
		{"one dataset's spellings", []string{"Air Wars", "Airwars;Syria Live Map", "syria.liveuamap.com"}, 2, "Airwars, Liveuamap", Medium},
		{"state media outlets", []string{"SANA", "Syrian Arab News Agency, Ikhbariya", "SOHR"}, 2, "SOHR, Syrian state media", Medium},
		{"three independent", []string{"SOHR", "SNHR", "Reuters"}, 3, "Reuters, SNHR, SOHR", High},
		{"overlap", []string{"SOHR;Airwars", "SOHR", "Airwars"}, 2, "Airwars, SOHR", Medium},
		{"no sources: the report itself", []string{"", ""}, 2, "monitor:0, monitor:1", Medium},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var bs []*rb
			for i, s := range tc.sources {
				bs = append(bs, mk("monitor", string(rune('0'+i)), "2017-06-01").src(s))
			}
			rs := reps(bs...)
			gs := Cluster(rs, DefaultOptions())
			if len(gs) != 1 {
				t.Fatalf("got %s", shape(rs, gs))
			}
			g := gs[0]
			if g.IndependentSources != tc.indep || strings.Join(g.Sources, ", ") != tc.names || g.Confidence != tc.conf {
				t.Errorf("got %d %q %s, want %d %q %s", g.IndependentSources, g.Sources, g.Confidence, tc.indep, tc.names, tc.conf)
			}
		})
	}
}

func TestConflicts(t *testing.T) {
	b := func(src, key, a string, sources string) *rb {
		return mk(src, key, "2017-06-01").typ(truce.ExplosionsRemoteViolence).sides(a, "Civilians").src(sources)
	}
	rs := reps(b("ucdp", "1", "Government of Syria", "SOHR"), b("acled", "A", "Syrian insurgents", "SANA"),
		b("monitor", "m", "Government of Syria", "").sides("Civilians", "Government of Syria"))
	gs := Cluster(rs, DefaultOptions())
	if len(gs) != 1 {
		t.Fatalf("got %s", shape(rs, gs))
	}
	g := gs[0]
	want := "attribution disputed: Syrian insurgents against Civilians (acled:A) vs Government of Syria against Civilians (monitor:m, ucdp:1)"
	if len(g.Conflicts) != 1 || g.Conflicts[0] != want {
		t.Errorf("conflicts %q", g.Conflicts)
	}
	if g.IndependentSources != 3 || g.Confidence != Medium {
		t.Errorf("independent %d, confidence %s; want 3, medium (a conflict lowers it)", g.IndependentSources, g.Confidence)
	}
	// Swapped columns of an undirected dyad are no dispute.
	rs = reps(mk("ucdp", "1", "2017-06-01").typ(truce.ExplosionsRemoteViolence),
		mk("acled", "A", "2017-06-01").typ(truce.ExplosionsRemoteViolence).sides("Syrian insurgents", "Government of Syria"))
	if gs := Cluster(rs, DefaultOptions()); len(gs) != 1 || gs[0].Conflicts != nil {
		t.Errorf("swapped sides: %s %q", shape(rs, gs), gs[0].Conflicts)
	}
}

func TestSkipsWithdrawalsAndNil(t *testing.T) {
	w := mk("acled", "A", "2017-06-01").r()
	w.Withdraws = true
	rs := []*truce.Report{nil, w, mk("ucdp", "1", "2017-06-01").r()}
	gs := Cluster(rs, DefaultOptions())
	if len(gs) != 1 || !slices.Equal(gs[0].Reports, []int{2}) {
		t.Errorf("got %+v", gs)
	}
	if gs := Cluster(nil, DefaultOptions()); len(gs) != 0 {
		t.Errorf("nil input: %+v", gs)
	}
}

// TestOrderIndependence shuffles a simulated stream and expects the same
// groups, reasons aside from the indices they quote.
func TestOrderIndependence(t *testing.T) {
	rs, _ := stream(t, 3, 20, 20)
	rs = rs[:min(len(rs), 1500)]
	opts := DefaultOptions()
	opts.Override.Keep = [][2]string{{rs[0].Source + ":" + rs[0].SourceKey, rs[7].Source + ":" + rs[7].SourceKey}}
	opts.Override.Split = [][2]string{{rs[1].Source + ":" + rs[1].SourceKey, rs[2].Source + ":" + rs[2].SourceKey}}
	want := canonical(rs, Cluster(rs, opts))
	rng := rand.New(rand.NewPCG(1, 2))
	for range 3 {
		sh := slices.Clone(rs)
		rng.Shuffle(len(sh), func(i, j int) { sh[i], sh[j] = sh[j], sh[i] })
		if got := canonical(sh, Cluster(sh, opts)); !slices.Equal(got, want) {
			t.Fatalf("shuffled input gives other groups")
		}
	}
}

func canonical(rs []*truce.Report, gs []Group) []string {
	var out []string
	for _, g := range gs {
		var ids []string
		for _, i := range g.Reports {
			ids = append(ids, rs[i].Source+":"+rs[i].SourceKey+"@"+rs[i].Hash)
		}
		out = append(out, strings.Join(ids, "+")+" "+g.Confidence+" "+strings.Join(g.Conflicts, ";"))
	}
	return out
}

func TestAttachImpreciseAndAgencies(t *testing.T) {
	adm := func(b *rb) *rb { return b.prec(truce.PrecAdmin2) }
	// One precise group within 30 km: the district-level report joins it;
	// TASS and RIA Novosti are one origin.
	rs := reps(mk("ucdp", "1", "2017-06-10"), adm(mk("news", "n", "2017-06-10").east(12).src("TASS; RIA Novosti")),
		mk("news", "m", "2017-06-10").src("RIA Novosti"))
	gs := Cluster(rs, DefaultOptions())
	if got := shape(rs, gs); norm(got) != norm("ucdp:1+news:m+news:n") {
		t.Fatalf("attach: %s", got)
	}
	if gs[0].IndependentSources != 2 || !strings.Contains(strings.Join(gs[0].Reasons, "|"), "the only compatible incident within 30 km") {
		t.Fatalf("attach: %+v", gs[0])
	}
	// Two candidates: it stays alone.
	rs = reps(mk("ucdp", "1", "2017-06-10"), mk("ucdp", "2", "2017-06-10").east(20), adm(mk("news", "n", "2017-06-10").east(10)))
	if got := shape(rs, Cluster(rs, DefaultOptions())); norm(got) != norm("ucdp:1 | ucdp:2 | news:n") {
		t.Fatalf("ambiguous attach: %s", got)
	}
	opts := DefaultOptions()
	opts.AttachImprecise = false
	rs = reps(mk("ucdp", "1", "2017-06-10"), adm(mk("news", "n", "2017-06-10").east(12)))
	if got := shape(rs, Cluster(rs, opts)); norm(got) != norm("ucdp:1 | news:n") {
		t.Fatalf("without AttachImprecise: %s", got)
	}
}
