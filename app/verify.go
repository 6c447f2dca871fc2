package app

import (
	"cmp"
	"context"
	"crypto/ed25519"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/assess"
	"github.com/truce-monitor/truce/ledger"
)

// Derived is what VerifyDerived recomputed and found.
type Derived struct {
	AgreementID string
	Version     int // the judged version checked; 0 when none is judged
	Incidents   int // standing incidents whose memberships were recomputed
	Judged      int // judgements compared with a recomputation
	ZoneDays    int // zone-days whose rollup was compared
	// Drifted counts judgements of imprecisely located incidents whose
	// probability moved a little since they were judged, because later
	// incidents changed where fighting is known to have been (the
	// activity model): not edits; `truce adjudicate` brings them up to
	// date.
	Drifted int
	// Unjudged counts standing incidents with no judgement of the version
	// (imported since the last `truce adjudicate`).
	Unjudged int
	// Note says why a part was not checked, when one was not.
	Note     string
	Problems []ledger.Problem
}

// Tolerances of VerifyDerived. A judgement of an exactly located incident
// does not depend on other incidents, so it must match to rounding; one
// of an imprecise location weighs its candidate places by the activity
// model, which every later import moves: it may drift by up to driftP
// before it counts as changed.
const (
	exactP = 1e-6
	driftP = 0.25
)

// VerifyDerived recomputes what the store derives from its logged inputs
// for the active agreement, and compares: every standing incident's
// memberships in the zones (placement and share), its judgement under the
// version last judged (verdict, zone, severity, alleged party, exclusion
// and probability), and the zone-day rollup's incidents, deaths and
// expected violations per zone and day. It recomputes with the judge
// every use case shares (Service.Judge), so a stored row that differs was
// edited, or (within the drift tolerance) judged before the activity model
// last changed.
func (s *Service) VerifyDerived(ctx context.Context) (*Derived, error) {
	out := &Derived{}
	problem := func(format string, args ...any) {
		out.Problems = append(out.Problems, ledger.Problem{Index: -1, Message: fmt.Sprintf(format, args...)})
	}
	a, info, err := assess.ActiveVersion(ctx, s.Store, "")
	if truce.ErrorCode(err) == truce.ENOTFOUND {
		out.Note = "no agreement is loaded: no memberships or verdicts to recompute"
		return out, nil
	} else if err != nil {
		return nil, err
	}
	out.AgreementID = a.ID
	version, err := s.Store.JudgedVersion(ctx, a.ID)
	if err != nil {
		return nil, err
	}
	j, ix, err := s.Judge(ctx, a, info)
	if err != nil {
		return nil, err
	}
	judge := version == info
	switch {
	case version == 0:
		out.Note = fmt.Sprintf("no incident is judged against %s: verdicts and zone days not recomputed", a.ID)
	case version != info:
		out.Note = fmt.Sprintf("%s is judged under version %d, not its latest %d: verdicts and zone days not recomputed (run `truce adjudicate`)", a.ID, version, info)
	}
	if judge {
		out.Version = version
	}

	type dayKey struct {
		zone string
		day  string
	}
	type daySums struct {
		incidents, deaths, civilians int
		p, tol                       float64
	}
	want := map[dayKey]*daySums{}
	sums := func(k dayKey) *daySums {
		d := want[k]
		if d == nil {
			d = &daySums{tol: exactP}
			want[k] = d
		}
		return d
	}
	const chunk = 500
	var batch []*truce.Incident
	flush := func() error {
		if len(batch) == 0 || !judge {
			batch = batch[:0]
			return nil
		}
		ids := make([]int64, len(batch))
		for i, inc := range batch {
			ids[i] = inc.ID
		}
		stored, err := s.Store.Judgements(ctx, a.ID, version, ids)
		if err != nil {
			return err
		}
		for _, inc := range batch {
			got, ok := stored[inc.ID]
			if !ok {
				out.Unjudged++
				continue
			}
			out.Judged++
			w := j.Judge(inc)
			imprecise := inc.Location.Precision != truce.PrecExact && inc.Location.Precision != 0 || !inc.Location.HasPoint
			dp := math.Abs(w.P.Mid - got.P.Mid)
			same := w.Verdict == got.Verdict && w.ZoneID == got.ZoneID && w.Severity == got.Severity &&
				w.AllegedParty == got.AllegedParty && w.Excluded == got.Excluded && dp <= exactP
			tol := exactP
			switch {
			case same:
			case imprecise && dp <= driftP && w.Severity == got.Severity && w.AllegedParty == got.AllegedParty && w.Excluded == got.Excluded:
				out.Drifted++
				tol = driftP
			default:
				problem("incident %d (%s:%s): its verdict is stored as %s (p %.2f, zone %q, severity %q), but the agreement gives %s (p %.2f, zone %q, severity %q): it was edited in the database",
					inc.ID, inc.Source, inc.SourceKey, got.Verdict, got.P.Mid, got.ZoneID, got.Severity, w.Verdict, w.P.Mid, w.ZoneID, w.Severity)
			}
			// The rollup counts the incident where its stored judgement
			// lists it, with that zone's part, and its other parts where
			// they may lie.
			day := inc.DateStart.UTC().Format(truce.DateLayout)
			if got.ZoneID == "" {
				continue
			}
			// An imprecise incident's parts move with the activity model
			// even when its probability in all does not: they may drift.
			partTol := tol
			if imprecise && len(w.Parts) > 0 {
				partTol = driftP
			}
			own := w.P.Mid
			for _, zp := range w.Parts {
				if zp.ZoneID == w.ZoneID {
					own = zp.P.Mid
					continue
				}
				d := sums(dayKey{zp.ZoneID, day})
				d.p += zp.P.Mid
				d.tol += partTol
			}
			d := sums(dayKey{got.ZoneID, day})
			d.incidents++
			d.p += own
			d.tol += partTol
			// Its deaths are shared out over its days, as the rollup does.
			truce.ShareDeaths(inc, func(_ int, day string, deaths, civilians int) {
				d := sums(dayKey{got.ZoneID, day})
				d.deaths += deaths
				d.civilians += civilians
			})
		}
		batch = batch[:0]
		return nil
	}
	err = s.Store.Incidents(ctx, truce.IncidentFilter{AgreementID: a.ID}, func(inc *truce.Incident) error {
		out.Incidents++
		placed := ix.Place(inc.Location, nil)
		if !sameMemberships(placed, inc.Zones) {
			problem("incident %d (%s:%s) is stored in zones %s, but its location places it in %s: its memberships were edited in the database",
				inc.ID, inc.Source, inc.SourceKey, describeZones(inc.Zones), describeZones(placed))
		}
		batch = append(batch, inc)
		if len(batch) == chunk {
			return flush()
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	if err != nil {
		return nil, err
	}
	if !judge {
		return out, nil
	}
	rows, err := s.Store.ZoneDays(ctx, truce.ZoneDayFilter{AgreementID: a.ID, Version: version})
	if err != nil && truce.ErrorCode(err) != truce.ENOTFOUND {
		return nil, err
	}
	got := map[dayKey]*daySums{}
	for _, r := range rows {
		k := dayKey{r.ZoneID, r.Day.UTC().Format(truce.DateLayout)}
		d := got[k]
		if d == nil {
			d = &daySums{}
			got[k] = d
		}
		d.incidents += r.Incidents
		d.deaths += r.Deaths
		d.civilians += r.CivilianDeaths
		d.p += r.P.Mid
	}
	keys := make([]dayKey, 0, len(want)+len(got))
	for k := range want {
		keys = append(keys, k)
	}
	for k := range got {
		if want[k] == nil {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, func(a, b dayKey) int {
		return cmp.Or(strings.Compare(a.zone, b.zone), strings.Compare(a.day, b.day))
	})
	for _, k := range keys {
		w, g := want[k], got[k]
		if w == nil {
			w = &daySums{tol: exactP}
		}
		if g == nil {
			g = &daySums{}
		}
		out.ZoneDays++
		if w.incidents != g.incidents || w.deaths != g.deaths || w.civilians != g.civilians || math.Abs(w.p-g.p) > w.tol {
			problem("zone %s on %s: the rollup holds %d incidents, %d deaths and %.2f expected violations, but its judgements add up to %d, %d and %.2f: the zone days were edited in the database",
				k.zone, k.day, g.incidents, g.deaths, g.p, w.incidents, w.deaths, w.p)
		}
	}
	return out, nil
}

// sameMemberships reports whether two placements agree, in any order.
func sameMemberships(a, b []truce.Membership) bool {
	if len(a) != len(b) {
		return false
	}
	for _, x := range a {
		found := false
		for _, y := range b {
			if x.ZoneID == y.ZoneID && x.Placement == y.Placement && math.Abs(x.Share-y.Share) <= exactP {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

func describeZones(ms []truce.Membership) string {
	if len(ms) == 0 {
		return "none"
	}
	s := ""
	for i, m := range ms {
		if i > 0 {
			s += ", "
		}
		s += fmt.Sprintf("%s (%s %.2f)", m.ZoneID, m.Placement, m.Share)
	}
	return s
}

// Audit is what Verify found: the log itself, the tables it proves, and
// the tables derived from them.
type Audit struct {
	Log     *ledger.Result
	Records *ledger.RecordsResult
	Derived *Derived
}

// Problems lists every problem found, the log's first.
func (a *Audit) Problems() []ledger.Problem {
	ps := slices.Clone(a.Log.Problems)
	ps = append(ps, a.Records.Problems...)
	return append(ps, a.Derived.Problems...)
}

// OK reports whether nothing was found.
func (a *Audit) OK() bool { return len(a.Problems()) == 0 }

// FirstBad returns the first log entry a problem implicates, or -1.
func (a *Audit) FirstBad() int64 {
	first := int64(-1)
	for _, p := range a.Problems() {
		if p.Index >= 0 && (first < 0 || p.Index < first) {
			first = p.Index
		}
	}
	return first
}

// Verify checks the whole store against its log: the log against its
// signed heads and the checkpoints held elsewhere (ledger.Verify), the
// tables every change of which is logged (tokens, webhooks, evidence,
// reports, incidents, claims, agreements), and the tables derived from
// them, recomputed (memberships, verdicts, zone days).
func (s *Service) Verify(ctx context.Context, pub ed25519.PublicKey, held ...ledger.Checkpoint) (*Audit, error) {
	res, state, recs, err := ledger.Audit(ctx, s.Store, pub, held...)
	if err != nil {
		return nil, err
	}
	res.Problems = append(res.Problems, state...)
	derived, err := s.VerifyDerived(ctx)
	if err != nil {
		return nil, err
	}
	return &Audit{Log: res, Records: recs, Derived: derived}, nil
}
