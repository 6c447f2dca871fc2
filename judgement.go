package truce

import "time"

// Verdict is what the agreement says about an incident.
type Verdict string

// Verdicts.
const (
	Violation    Verdict = "violation"     // a prohibited act, in a zone in force, by or against a party
	NotViolation Verdict = "not_violation" // outside every zone or period, a permitted act, or against an excluded group
	Undetermined Verdict = "undetermined"  // the evidence cannot decide (imprecise location, unknown or aggregated actor…)
)

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
	Severity         string // one of the Severity tiers
	AllegedParty     string // the actor ID the evidence points to, "" when it points to none
	Trace            []Step // the rules applied, in order: the readable reason
	JudgedAt         time.Time
}

// Step is one rule applied while judging, with what it found, e.g.
// {Rule: "zone", Outcome: "pass", Detail: "exact point (precision 1) inside zone Eastern Ghouta"}.
type Step struct {
	Rule    string // zone, in-force, prohibited-act, excluded-group, party, severity, …
	Outcome string // pass, fail, unknown
	Clause  string // the agreement clause or rule ID that decided it, if any
	Detail  string
}
