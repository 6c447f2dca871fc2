package truce

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"time"
)

// Verdict is what the agreement says about an incident: a tier of the
// probability that it was a violation (see Tiers), from certain to certainly
// not.
type Verdict string

// Verdicts, from worst to best. Violation and NotViolation cover both what
// the hard rules decide (a prohibited act by a party in a zone in force; an
// act outside every zone or against an excluded group) and probabilities
// close enough to 1 or 0; the three middle tiers grade what rests on an
// assumption (who was present, where an imprecise location lies).
// Undetermined is the last resort: the evidence spans almost the whole range
// from 0 to 1.
const (
	Violation         Verdict = "violation"
	ProbableViolation Verdict = "probable_violation"
	PossibleViolation Verdict = "possible_violation"
	ProbablyNot       Verdict = "probably_not"
	NotViolation      Verdict = "not_violation"
	Undetermined      Verdict = "undetermined"
)

// Verdicts lists the verdicts from worst to best, Undetermined last.
var Verdicts = []Verdict{Violation, ProbableViolation, PossibleViolation, ProbablyNot, NotViolation, Undetermined}

// ParseVerdict returns the verdict named s (its value, or a short form:
// probable, possible), or false.
func ParseVerdict(s string) (Verdict, bool) {
	switch s {
	case "probable":
		return ProbableViolation, true
	case "possible":
		return PossibleViolation, true
	case "not", "none":
		return NotViolation, true
	}
	for _, v := range Verdicts {
		if string(v) == s {
			return v, true
		}
	}
	return "", false
}

// Severity tiers, lowest first. An agreement's severity rules assign them.
const (
	SeverityNone    = ""        // not a violation
	SeverityMinor   = "minor"   // e.g. small-arms fire without deaths
	SeveritySerious = "serious" // e.g. deaths, or heavy weapons
	SeverityGrave   = "grave"   // e.g. air strikes, or civilian deaths above a threshold
)

// Judgement is one incident judged against one version of an agreement. It
// is derived data: re-judging after an amendment writes new judgements and
// keeps the old ones.
type Judgement struct {
	IncidentID       int64
	AgreementID      string
	AgreementVersion int
	ZoneID           string // the zone that decided it; "" when no zone applies
	Verdict          Verdict
	// P is the probability that the incident was a violation: its best
	// estimate and the range the uncertain inputs (who was present, where
	// an imprecise location lies, an unknown actor) allow. The hard rules
	// give 0 or 1 exactly. Verdict is P's tier.
	P Range
	// Excluded is set when a side names an excluded group, so the fighting
	// lies outside the dyads the agreement covers: trends leave it out.
	Excluded     bool
	Severity     string // one of the Severity tiers
	AllegedParty string // the actor ID the evidence points to, "" when it points to none
	Trace        []Step // the rules applied, in order: the readable reason
	JudgedAt     time.Time
	// Parts is each zone's own share of P when the location may lie in
	// more than one zone with a chance of a violation there (nil
	// otherwise): zones do not overlap, so the parts add up to P. The
	// rollup counts each part in its zone, so that a zone's expected
	// violations are the violations expected there, wherever the incident
	// is listed.
	Parts []ZonePart
}

// ZonePart is one zone's part of a judgement's probability of violation:
// the chance that the incident lay in the zone and was a violation there.
type ZonePart struct {
	ZoneID    string
	Placement Placement
	P         Range
}

// Step is one rule applied while judging, with what it found, e.g.
// {Rule: "zone", Outcome: "pass", Detail: "exact point (precision 1) inside zone Eastern Ghouta"}.
type Step struct {
	Rule    string // zone, in-force, prohibited-act, excluded-group, party, severity, …
	Outcome string // pass, fail, unknown
	Clause  string // the agreement clause or rule ID that decided it, if any
	Detail  string
	// P is the probability that the step's condition holds, when the step
	// is one factor of the probability of violation (nil for steps that
	// only explain, such as severity).
	P *Range `json:",omitempty"`
}

// Judger judges one placed incident against one agreement version. Package
// judge implements it; it must be deterministic and safe for concurrent use.
type Judger interface {
	Judge(inc *Incident) Judgement
}

// JudgementService stores judgements and the zone-day rollup built from them.
type JudgementService interface {
	// JudgeAll judges every standing incident, with its memberships in
	// agreementID's zones, and stores the judgements under version,
	// replacing any stored for that version (so it is idempotent) and
	// keeping other versions' (so amendments keep history). It rebuilds the
	// version's zone-day rollup in the same transaction.
	JudgeAll(ctx context.Context, agreementID string, version int, j Judger) (JudgeStats, error)
	// JudgeIncidents judges the given incidents (standing or not: withdrawn
	// ones lose their judgement) and replaces their judgements under
	// version, updating the version's rollup for the zone-days they leave
	// and enter, in one transaction. It is how a single submission is
	// judged without re-judging everything; it returns the new judgements.
	JudgeIncidents(ctx context.Context, agreementID string, version int, ids []int64, j Judger) ([]Judgement, error)
	// RollupChanges returns the changes to the rollup made after seq, in
	// order, and the latest sequence number (0 when there are none): how a
	// cache of the rollup learns what another process rebuilt.
	RollupChanges(ctx context.Context, since int64) ([]RollupChange, int64, error)
	// JudgedVersion returns the latest version of agreementID with stored
	// judgements, or 0 when none.
	JudgedVersion(ctx context.Context, agreementID string) (int, error)
	// Judgements returns the judgements of the listed incidents under one
	// version of agreementID, without their traces (for lists: one query
	// for a page of incidents); incidents never judged are missing.
	Judgements(ctx context.Context, agreementID string, version int, ids []int64) (map[int64]Judgement, error)
	// JudgementHistory returns an incident's judgements under every version
	// of agreementID, newest version first; ENOTFOUND when there are none.
	JudgementHistory(ctx context.Context, incidentID int64, agreementID string) ([]Judgement, error)
	// ZoneDays returns the rollup rows of one agreement version matching f,
	// ordered by zone, day, placement, event type, verdict, severity.
	ZoneDays(ctx context.Context, f ZoneDayFilter) ([]ZoneDay, error)
	// FindIncident returns one incident with its memberships in agreementID's
	// zones, or ENOTFOUND.
	FindIncident(ctx context.Context, id int64, agreementID string) (*Incident, error)
}

// JudgeStats counts the verdicts of a JudgeAll run.
type JudgeStats struct {
	Judged    int
	ByVerdict map[Verdict]int
}

// ZoneDay is one row of the rollup every status, trend, chart and bulletin
// reads instead of scanning incidents: the incidents of one zone and day
// (by DateStart) with one placement, event and sub-event type, verdict,
// severity, exclusion and probability of violation (to the nearest
// hundredth, so that a row's incidents can be taken as equally likely
// violations).
type ZoneDay struct {
	AgreementID      string
	AgreementVersion int
	ZoneID           string
	Day              time.Time
	Placement        Placement // how the incident lies in the zone
	EventType        string
	SubEventType     string
	Verdict          Verdict
	Severity         string
	Excluded         bool // the incidents name an excluded group (Judgement.Excluded)
	Incidents        int
	// Parts counts incidents listed in another zone whose location may
	// lie in this one (Judgement.Parts). A row holds either incidents
	// listed here or such parts, never both: a parts row has Incidents,
	// Deaths and CivilianDeaths 0 (the incident and its deaths are counted
	// where it is listed), and P sums the parts' chances of a violation
	// here.
	Parts int
	// Continued counts incidents that began on an earlier day and go on
	// through this one (a dataset's weekly or monthly count): each is
	// counted, with its chance of a violation, on its first day, but its
	// deaths are shared out over its days (truce.Rollup.Add). A row holds
	// only such incidents when Continued is not 0: Incidents, Parts and P
	// are 0, Deaths and CivilianDeaths are this day's share, and PKey (0
	// on other rows) is the chance, in hundredths, that each of them is a
	// violation.
	Continued      int
	PKey           int
	Deaths         int // sum of best estimates
	CivilianDeaths int
	// P sums the incidents' probabilities of violation in this zone: the
	// expected number of violations among them, with the sums of the low
	// and high ends of their ranges. For an incident that may lie in
	// several zones, only this zone's part counts.
	P Range
}

// ExpectedDeaths is the row's deaths weighted by the chance that they died
// in violations: a parts row has none (they are counted where their
// incidents are listed).
func (zd ZoneDay) ExpectedDeaths() float64 {
	switch {
	case zd.Continued > 0:
		return float64(zd.Deaths) * float64(zd.PKey) / 100
	case zd.Incidents > 0:
		return float64(zd.Deaths) * zd.P.Mid / float64(zd.Incidents)
	}
	return 0
}

// ZoneDayFilter selects rollup rows; zero fields do not filter, except that
// AgreementID is required and Version 0 means the latest judged version.
type ZoneDayFilter struct {
	AgreementID string
	Version     int
	ZoneID      string
	From, To    time.Time
}

// RollupChange is one change to the zone-day rollup: the rows of one zone
// and day rebuilt, or, when ZoneID is "", every row of the version (or, when
// AgreementID is "" too, of every agreement: history was pruned).
type RollupChange struct {
	Seq              int64
	AgreementID      string
	AgreementVersion int
	ZoneID           string
	Day              time.Time
}

// JudgedChunk is a chunk of incidents with their judgements and each
// trace encoded as JSON and split for storage (SplitTrace): what a store
// writes.
type JudgedChunk struct {
	Incidents  []*Incident
	Judgements []Judgement
	Words      [][]byte // each trace's words, numbers marked
	Args       []string // each trace's numbers
}

// judgeChunk judges incs with j on up to cores goroutines, keeping their
// order, and encodes and splits each trace: the per-incident work of a
// JudgeAll, done off the store's goroutine.
func judgeChunk(j Judger, incs []*Incident, cores int) (JudgedChunk, error) {
	c := JudgedChunk{Incidents: incs, Judgements: make([]Judgement, len(incs)), Words: make([][]byte, len(incs)), Args: make([]string, len(incs))}
	errs := make([]error, len(incs))
	workers := min(cores, max(1, len(incs)/64))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(incs); i += workers {
				c.Judgements[i] = j.Judge(incs[i])
				c.Words[i], c.Args[i], errs[i] = EncodeTrace(c.Judgements[i].Trace)
			}
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			return JudgedChunk{}, fmt.Errorf("encode trace of incident %d: %w", incs[i].ID, err)
		}
	}
	return c, nil
}

// JudgeStream judges every incident read returns, chunk by chunk, and hands
// each judged chunk to write, in order. read gets the id of the last
// incident of the previous chunk (0 first) and returns the next chunk, empty
// at the end. Judging a chunk runs on all cores but one while the caller's
// goroutine reads the next chunk and writes the previous one, so a store's
// single-threaded work overlaps the judging instead of waiting for it.
func JudgeStream(j Judger, read func(last int64) ([]*Incident, error), write func(JudgedChunk) error) error {
	type judged struct {
		c   JudgedChunk
		err error
	}
	next, err := read(0)
	if err != nil {
		return err
	}
	var prev *JudgedChunk
	for len(next) > 0 {
		cur := next
		done := make(chan judged, 1)
		go func() {
			c, err := judgeChunk(j, cur, max(1, runtime.GOMAXPROCS(0)-1))
			done <- judged{c, err}
		}()
		next, err = read(cur[len(cur)-1].ID)
		if err == nil && prev != nil {
			err = write(*prev)
		}
		r := <-done // the goroutine must end before returning, error or not
		if err != nil {
			return err
		}
		if r.err != nil {
			return r.err
		}
		prev = &r.c
	}
	if prev != nil {
		return write(*prev)
	}
	return nil
}
