package bulletin

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"io"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/truce-monitor/truce"
)

func day(s string) time.Time {
	t, err := truce.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return t
}

func series(from string, counts ...[2]int) []DayCount {
	out := make([]DayCount, len(counts))
	for i, c := range counts {
		out[i] = DayCount{Day: day(from).AddDate(0, 0, i), Violations: c[0], Uncertain: c[1]}
	}
	return out
}

// wellFormed fails unless s parses as XML to its end.
func wellFormed(t *testing.T, s string) {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(s))
	for {
		_, err := d.Token()
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v\n%s", err, s)
		}
	}
}

type rect struct {
	x, y, w, h float64
	fill       string
}

var rectRE = regexp.MustCompile(`<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)" fill="(#[0-9a-f]+)"/>`)

func rects(t *testing.T, svg string) []rect {
	t.Helper()
	var out []rect
	for _, m := range rectRE.FindAllStringSubmatch(svg, -1) {
		f := func(s string) float64 {
			v, err := strconv.ParseFloat(s, 64)
			if err != nil {
				t.Fatal(err)
			}
			return v
		}
		out = append(out, rect{f(m[1]), f(m[2]), f(m[3]), f(m[4]), m[5]})
	}
	return out
}

func TestChartSVGBars(t *testing.T) {
	days := series("2017-06-01", [2]int{2, 1}, [2]int{0, 0}, [2]int{0, 3}, [2]int{1, 0})
	svg := ChartSVG("idlib", "Idlib & co <test>", days)
	wellFormed(t, svg)
	for _, want := range []string{
		`<title id="z-idlib-title">Idlib &amp; co &lt;test&gt;</title>`, `aria-labelledby="z-idlib-title z-idlib-desc"`,
		`role="img"`, ">2017-06-01</text>", ">2017-06-04</text>", ">3</text>", // max label
		"<title>2017-06-01: 2 violations, 1 probable or possible</title>", "<title>2017-06-04: 1 violation, 0 probable or possible</title>",
	} {
		if !strings.Contains(svg, want) {
			t.Errorf("SVG lacks %q:\n%s", want, svg)
		}
	}
	if strings.Contains(svg, "http") {
		t.Error("SVG holds a URL; inline SVG in HTML needs no xmlns")
	}
	rs := rects(t, svg)
	// Day 1: a violation bar and an undetermined one stacked on it; day 2
	// none; day 3 undetermined only; day 4 a violation only.
	if len(rs) != 4 {
		t.Fatalf("%d rects, want 4:\n%s", len(rs), svg)
	}
	if rs[0].fill != colourViolation || rs[1].fill != colourUncertain || rs[2].fill != colourUncertain || rs[3].fill != colourViolation {
		t.Errorf("colours: %+v", rs)
	}
	// Stacked: the undetermined bar sits exactly on the violation bar.
	if got := rs[1].y + rs[1].h; got != rs[0].y {
		t.Errorf("undetermined bar ends at %.1f, violation bar starts at %.1f", got, rs[0].y)
	}
	// Max scaling: the tallest day (3) fills the plot; 1 incident is a third of it.
	full := plotB - plotT
	if got := rs[0].h + rs[1].h; got != full {
		t.Errorf("tallest stack %.1f high, want %.1f", got, full)
	}
	if got := rs[2].h; got != full {
		t.Errorf("day 3's bar %.1f high, want %.1f", got, full)
	}
	if got, want := rs[3].h, full/3; got < want-0.05 || got > want+0.05 {
		t.Errorf("one incident %.1f high, want %.1f", got, want)
	}
	for _, r := range rs {
		if r.y < plotT-0.05 || r.y+r.h > plotB+0.05 || r.x < plotL || r.x+r.w > plotR+0.05 {
			t.Errorf("bar %+v leaves the plot", r)
		}
	}
	if rs[3].x <= rs[2].x || rs[2].x <= rs[0].x {
		t.Errorf("bars not in day order: %+v", rs)
	}
	if again := ChartSVG("idlib", "Idlib & co <test>", days); again != svg {
		t.Error("ChartSVG is not deterministic")
	}
}

func TestChartSVGZero(t *testing.T) {
	svg := ChartSVG("south", "South", series("2017-06-01", [2]int{}, [2]int{}, [2]int{}))
	wellFormed(t, svg)
	if rs := rects(t, svg); len(rs) != 0 {
		t.Errorf("zero data drew bars: %+v", rs)
	}
	if !strings.Contains(svg, "no violations or probable or possible ones") || strings.Contains(svg, "NaN") || strings.Contains(svg, "Inf") {
		t.Errorf("zero-data chart:\n%s", svg)
	}
	empty := ChartSVG("x y", "Nothing", nil)
	wellFormed(t, empty)
	if !strings.Contains(empty, `id="z-x_y-title"`) {
		t.Errorf("ids must be sanitised:\n%s", empty)
	}
}

func TestChartSVGLargeCounts(t *testing.T) {
	// One huge day must not push the others off the plot or below a pixel's
	// resolution into negative heights.
	days := series("2018-02-01", [2]int{1000, 0}, [2]int{1, 0}, [2]int{0, 1})
	svg := ChartSVG("g", "G", days)
	wellFormed(t, svg)
	rs := rects(t, svg)
	if len(rs) != 3 || rs[0].h != plotB-plotT || rs[1].h < 0 || rs[2].h < 0 {
		t.Fatalf("rects %+v", rs)
	}
	if !strings.Contains(svg, ">1000</text>") {
		t.Errorf("max label missing:\n%s", svg)
	}
}

func TestSparkline(t *testing.T) {
	for _, tc := range []struct {
		days []DayCount
		want string
	}{
		{series("2017-06-01", [2]int{0, 0}, [2]int{1, 0}, [2]int{2, 2}, [2]int{0, 8}), "·▁▄█"},
		{series("2017-06-01", [2]int{0, 0}, [2]int{0, 0}), "··"},
		{series("2017-06-01", [2]int{1, 0}, [2]int{13, 0}), "▁█"},
		{nil, ""},
	} {
		if got := Sparkline(tc.days); got != tc.want {
			t.Errorf("Sparkline(%v) = %q, want %q", tc.days, got, tc.want)
		}
	}
}

func TestRank(t *testing.T) {
	incs := []Incident{
		{ID: 1, SourceKey: "undet-grave-big", Verdict: truce.Undetermined, P: undetermined, Severity: truce.SeverityGrave, Deaths: 99},
		{ID: 2, SourceKey: "viol-minor", Verdict: truce.Violation, P: truce.Exactly(1), Severity: truce.SeverityMinor},
		{ID: 3, SourceKey: "viol-grave-1", Verdict: truce.Violation, P: truce.Exactly(1), Severity: truce.SeverityGrave, Deaths: 1},
		{ID: 4, SourceKey: "viol-grave-5", Verdict: truce.Violation, P: truce.Exactly(1), Severity: truce.SeverityGrave, Deaths: 5},
		{ID: 5, SourceKey: "undet-serious", Verdict: truce.Undetermined, P: undetermined, Severity: truce.SeveritySerious, Deaths: 200},
		{ID: 6, SourceKey: "viol-serious", Verdict: truce.Violation, P: truce.Exactly(1), Severity: truce.SeveritySerious, Deaths: 50},
		{ID: 8, SourceKey: "undet-grave-small-late", Verdict: truce.Undetermined, P: undetermined, Severity: truce.SeverityGrave, Deaths: 3, Date: day("2017-06-02")},
		{ID: 7, SourceKey: "undet-grave-small-early", Verdict: truce.Undetermined, P: undetermined, Severity: truce.SeverityGrave, Deaths: 3, Date: day("2017-06-01")},
	}
	Rank(incs)
	var got []string
	for _, i := range incs {
		got = append(got, i.SourceKey)
	}
	want := "viol-grave-5 viol-grave-1 viol-serious viol-minor undet-grave-big undet-grave-small-early undet-grave-small-late undet-serious"
	if strings.Join(got, " ") != want {
		t.Fatalf("ranked\n%s\nwant\n%s", strings.Join(got, " "), want)
	}
}

var undetermined = truce.Range{Low: 0, Mid: 0.5, High: 1}

// fakeStore serves fixed rollup rows, incidents and judgements.
type fakeStore struct {
	rows      []truce.ZoneDay
	incidents []*truce.Incident
	judged    map[int64][]truce.Judgement
	stats     truce.StoreStats
}

func (s *fakeStore) ZoneDays(_ context.Context, f truce.ZoneDayFilter) ([]truce.ZoneDay, error) {
	var out []truce.ZoneDay
	for _, r := range s.rows {
		if (f.Version == 0 || r.AgreementVersion == f.Version) && (f.ZoneID == "" || r.ZoneID == f.ZoneID) &&
			!r.Day.Before(f.From) && !r.Day.After(f.To) {
			out = append(out, r)
		}
	}
	return out, nil
}

func (s *fakeStore) Incidents(_ context.Context, f truce.IncidentFilter, fn func(*truce.Incident) error) error {
	for _, inc := range s.incidents {
		in := false
		for _, m := range inc.Zones {
			in = in || m.ZoneID == f.Zone
		}
		if in && !inc.DateStart.Before(f.From) && !inc.DateStart.After(f.To) {
			if err := fn(inc); err != nil {
				return err
			}
		}
	}
	return nil
}

func (s *fakeStore) JudgementHistory(_ context.Context, id int64, _ string) ([]truce.Judgement, error) {
	if h, ok := s.judged[id]; ok {
		return h, nil
	}
	return nil, truce.Errorf(truce.ENOTFOUND, "incident %d has not been judged", id)
}

func (s *fakeStore) Stats(context.Context) (truce.StoreStats, error) { return s.stats, nil }

func testAgreement() *truce.Agreement {
	return &truce.Agreement{ID: "test", Title: "Test agreement", Effective: day("2017-05-01"),
		AggregateActors: []string{"Syrian insurgents"},
		Zones:           []truce.Zone{{ID: "north", Name: "North"}, {ID: "west", Name: "West"}, {ID: "quiet", Name: "Quiet", Approximate: true}}}
}

func testStore() *fakeStore {
	s := &fakeStore{judged: map[int64][]truce.Judgement{},
		stats: truce.StoreStats{Incidents: 4, BySource: map[string]int{"ucdp": 4}, FirstDate: day("2017-05-01"), LastDate: day("2017-06-15")}}
	add := func(id int64, zone, date string, p truce.Range, sev string, deaths int, why string, otherZone bool) {
		v := truce.TierRules{}.Tier(p)
		inc := &truce.Incident{ID: id, Source: "ucdp", SourceKey: strconv.FormatInt(id, 10), DateStart: day(date), DateEnd: day(date),
			EventType: truce.ExplosionsRemoteViolence, SubEventType: "Air/drone strike", SideA: "Government of Syria", SideB: "Syrian insurgents",
			Fatalities: truce.Fatalities{Best: deaths}, Sources: "SOHR;SOHR", Location: truce.Location{Place: "Place " + strconv.FormatInt(id, 10)},
			Zones: []truce.Membership{{ZoneID: zone, Placement: truce.Inside, Share: 1}}}
		decided := zone
		if otherZone {
			// Placed in zone too, but counted where its verdict was decided.
			inc.Zones = append(inc.Zones, truce.Membership{ZoneID: "west", Placement: truce.Uncertain, Share: 0.5})
			decided = "west"
		}
		s.incidents = append(s.incidents, inc)
		trace := []truce.Step{{Rule: "zone", Outcome: "pass", Detail: "inside"}}
		if why != "" {
			trace = append(trace, truce.Step{Rule: "party", Outcome: "unknown", Detail: why, P: &p})
		}
		s.judged[id] = []truce.Judgement{{IncidentID: id, AgreementVersion: 1, ZoneID: decided, Verdict: v, P: p, Severity: sev, Trace: trace}}
		s.rows = append(s.rows, truce.ZoneDay{AgreementID: "test", AgreementVersion: 1, ZoneID: decided, Day: day(date),
			Placement: truce.Inside, EventType: inc.EventType, SubEventType: inc.SubEventType, Verdict: v, Severity: sev, Incidents: 1, Deaths: deaths, P: p})
	}
	certain, none := truce.Exactly(1), truce.Exactly(0)
	add(1, "north", "2017-06-15", undetermined, truce.SeverityGrave, 7, "aggregated actor", false)
	add(2, "north", "2017-06-15", certain, truce.SeverityGrave, 2, "", false)
	add(3, "north", "2017-06-02", certain, truce.SeveritySerious, 1, "", false)
	add(4, "west", "2017-06-12", certain, truce.SeverityGrave, 4, "", false)
	add(5, "west", "2017-06-13", none, "", 9, "", false)
	add(6, "north", "2017-06-14", truce.Range{Low: 0.2, Mid: 0.5, High: 0.8}, truce.SeveritySerious, 3, "imprecise", true)
	return s
}

func TestBuild(t *testing.T) {
	b, err := Build(context.Background(), testStore(), testAgreement(), 1, day("2017-06-15"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Zones) != 3 || b.Version != 1 || b.WindowDays != 7 || len(b.Zones[0].Series) != 30 {
		t.Fatalf("bulletin %+v", b)
	}
	north, west, quiet := b.Zones[0], b.Zones[1], b.Zones[2]
	// North: a certain grave violation breaches it; the undetermined grave
	// one could make it no worse than breached.
	if north.StatusText() != "breached (100 %)" || north.Definite.Violations != 1 || north.Expected.Mean != 1.5 || north.Events.Events != 2 || north.Events.Deaths != 9 {
		t.Errorf("north: %s, %+v, %+v, %+v", north.StatusText(), north.Definite, north.Expected, north.Events)
	}
	// Both incidents are on the day; the violation first.
	if north.IncidentsScope != ScopeDay || len(north.Incidents) != 2 || north.Incidents[0].ID != 2 || north.Incidents[1].Why != "aggregated actor" {
		t.Errorf("north incidents (%s): %+v", north.IncidentsScope, north.Incidents)
	}
	if got := north.Series[len(north.Series)-1]; got.Violations != 1 || got.Uncertain != 1 || got.Expected != 1.5 {
		t.Errorf("north's last day: %+v", got)
	}
	// The previous window held the serious violation of 2017-06-02.
	if north.PrevExpected.Mean != 1 || !hasLine(north.Changes, "expected violations up from 1.0 to 1.5") || !hasLine(north.Changes, "events (any verdict) up from 1 to 2") {
		t.Errorf("north previous window %+v, changes %q", north.PrevExpected, north.Changes)
	}
	// West: nothing on the day, so the window's incidents, including the one
	// placed in north as well but decided in west; never the non-violation.
	if west.IncidentsScope != ScopeWindow || len(west.Incidents) != 2 || west.Incidents[0].ID != 4 || west.Incidents[1].ID != 6 {
		t.Errorf("west incidents (%s): %+v", west.IncidentsScope, west.Incidents)
	}
	if west.StatusText() != "breached (100 %)" || !hasLine(west.Changes, "expected violations up from 0.0 to 1.5") || len(west.Transitions) != 1 {
		t.Errorf("west: %s, changes %q, transitions %+v", west.StatusText(), west.Changes, west.Transitions)
	}
	// Quiet: nothing reported for a month is no-coverage, never holding.
	if quiet.StatusText() != string(truce.NoCoverage) || len(quiet.Incidents) != 0 {
		t.Errorf("quiet: %s %+v", quiet.StatusText(), quiet.Incidents)
	}
	for _, want := range []string{"UCDP GED records only", `"Syrian insurgents"`, "approximate"} {
		if !hasLine(b.Limits, want) {
			t.Errorf("limits lack %q: %q", want, b.Limits)
		}
	}
	if got := b.GeneratedFrom(); got != "UCDP GED (ucdp), 4 incidents; reports from 2017-05-01 up to 2017-06-15." {
		t.Errorf("GeneratedFrom = %q", got)
	}

	t.Run("Render", func(t *testing.T) {
		var md, page bytes.Buffer
		if err := WriteMarkdown(&md, b); err != nil {
			t.Fatal(err)
		}
		if err := WriteHTML(&page, b); err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"| north | breached (100 %) | 1.5 (1–2) | 1 | 2 | 9 | 0 | 1.0 | 3 |", "`truce why ucdp:2`", "| SOHR |", "Place 6 (uncertain)", "| 0.20–0.80 (best 0.50) |"} {
			if !strings.Contains(md.String(), want) {
				t.Errorf("Markdown lacks %q:\n%s", want, md.String())
			}
		}
		h := page.String()
		if strings.Contains(h, "http://") || strings.Contains(h, "https://") || strings.Contains(h, "<script") {
			t.Error("HTML is not self-contained")
		}
		svgs := regexp.MustCompile(`(?s)<svg .*?</svg>`).FindAllString(h, -1)
		if len(svgs) != 3 {
			t.Fatalf("%d charts, want 3", len(svgs))
		}
		for _, s := range svgs {
			wellFormed(t, s)
		}
	})
	t.Run("ErrVersionNotJudged", func(t *testing.T) {
		_, err := Build(context.Background(), testStore(), testAgreement(), 2, day("2017-06-15"), Options{})
		if truce.ErrorCode(err) != truce.ENOTFOUND || !strings.Contains(err.Error(), "truce adjudicate") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("ErrUnknownZone", func(t *testing.T) {
		if _, err := Build(context.Background(), testStore(), testAgreement(), 1, day("2017-06-15"), Options{Zone: "east"}); truce.ErrorCode(err) != truce.ENOTFOUND {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("PastTheData", func(t *testing.T) {
		b, err := Build(context.Background(), testStore(), testAgreement(), 0, day("2017-09-01"), Options{Zone: "north"})
		if err != nil {
			t.Fatal(err)
		}
		if b.Zones[0].StatusText() != string(truce.NoCoverage) || !hasLine(b.Limits, "beyond the data") {
			t.Errorf("status %s, limits %q", b.Zones[0].StatusText(), b.Limits)
		}
	})
}

func hasLine(lines []string, sub string) bool {
	for _, l := range lines {
		if strings.Contains(l, sub) {
			return true
		}
	}
	return false
}
