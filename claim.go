package truce

import (
	"context"
	"slices"
	"strings"
	"time"
)

// Assertions a claim can make about a ceasefire. Package judge reads them
// from a statement's words and checks them against the evidence.
const (
	AssertHolding      = "holding"                // the ceasefire is holding, observed, respected
	AssertNotHolding   = "not-holding"            // the ceasefire is not holding, has collapsed, is not respected
	AssertDecline      = "decline"                // violence declined since the agreement
	AssertIncrease     = "increase"               // violence rose or escalated since the agreement
	AssertNotSerious   = "violations-not-serious" // there were violations, none of them serious
	AssertNoViolations = "no-violations"          // no violations at all
	AssertAccusation   = "accusation"             // a named actor (or AccusedUnknown) violated the ceasefire
	AssertCount        = "count"                  // N violations, or N killed, in the claim's frame and scope
)

// AccusedUnknown is the accused of an accusation whose words name no
// attacker ("warplanes bombed Khan Sheikhoun overnight, residents said"):
// it is checked against violations by anyone in its scope and days. No
// agreement may name an actor so.
const AccusedUnknown = "unknown"

// Assertions lists the assertion kinds in the order help texts show them.
var Assertions = []string{AssertHolding, AssertDecline, AssertIncrease, AssertNotSerious, AssertNoViolations, AssertAccusation, AssertCount, AssertNotHolding}

// ClaimVerdict is what the evidence says about a claim.
type ClaimVerdict string

// Claim verdicts. Insufficient is not a polite "false": it says the data
// cannot decide (no coverage, too few events, a probability too near even
// to call; the check gives the probability).
const (
	ClaimSupported    ClaimVerdict = "supported"
	ClaimContradicted ClaimVerdict = "contradicted"
	ClaimMixed        ClaimVerdict = "mixed"
	ClaimInsufficient ClaimVerdict = "insufficient-evidence"
)

// ClaimScope is where a claim says something holds: every zone of the
// agreement, or the named ones, narrowed, when the claim names a smaller
// area (a governorate, a district, a town), to that area.
type ClaimScope struct {
	All   bool     `json:"all"`
	Zones []string `json:"zones,omitempty"` // zone IDs; empty when All
	// Areas narrow the zones to the places the claim names: gazetteer
	// place names ("Douma", "Hama" the governorate, "Jabal al-Zawiya") or
	// admin unit P-codes ("SY0302"). Zones are then the zones the areas
	// lie in, and may be empty: an area no zone covers.
	Areas []string `json:"areas,omitempty"`
	// Kinds narrow the violence weighed to these sub-event types, when the
	// claim speaks of one kind alone ("air strikes have stopped": Air/drone
	// strike); empty, every kind.
	Kinds []string `json:"kinds,omitempty"`
}

// Claim is a statement about a ceasefire made by someone on a day, read into
// a checkable form, with the check made when it was stored. Claims are kept
// as records: checking the same words again stores a new claim, so what the
// evidence said at the time stays answerable.
type Claim struct {
	ID        int64
	Speaker   string
	Text      string // the words, as quoted
	Source    string // where the words were published: a URL or a reference
	Date      time.Time
	Scope     ClaimScope
	Assertion string   // one of the Assert constants
	Accused   string   // for AssertAccusation: the agreement's actor ID, or AccusedUnknown
	Notes     []string // how the words were read: defaults taken, parts left unchecked
	Check     *ClaimCheck
}

// ClaimCheck is a claim's verdict with the evidence behind it.
type ClaimCheck struct {
	Verdict ClaimVerdict `json:"verdict"`
	Reason  string       `json:"reason"`
	// Probability is how likely the claim is true, where the check can say
	// (holding, no-violations, not-serious): over several zones, the
	// product of theirs for a claim about all of them.
	Probability float64 `json:"probability,omitempty"`
	// ProbabilityNote says in words what Probability is of ("probability
	// the claim is true in the loose sense, no breach: 100 %"), or why the
	// check gives none; empty when the kind of claim has none to give.
	ProbabilityNote string         `json:"probability_note,omitempty"`
	PerZone         []ZoneEvidence `json:"per_zone"`
	// WindowFrom and WindowTo bound the days whose incidents were weighed
	// (for a trend, the before window's first day to the claim's date).
	WindowFrom time.Time `json:"window_from"`
	WindowTo   time.Time `json:"window_to"`
	// Frame says how the days weighed were chosen: the words that gave
	// them ("in the past 24 hours", "since the Sochi memorandum") or the
	// default taken; BaseFrom and BaseTo bound the days a change was
	// measured against, when the same for every zone.
	Frame            string    `json:"frame,omitempty"`
	BaseFrom         time.Time `json:"base_from,omitzero"`
	BaseTo           time.Time `json:"base_to,omitzero"`
	AgreementID      string    `json:"agreement_id"`
	AgreementVersion int       `json:"agreement_version"`
	CheckedAt        time.Time `json:"checked_at"`
}

// ZoneEvidence is one zone's part of a claim check. Which numbers are set
// depends on the assertion: the status and window counts for holding,
// no-violations, not-serious and accusation claims; the before/after rates
// for decline and increase claims.
type ZoneEvidence struct {
	ZoneID  string       `json:"zone"`
	Verdict ClaimVerdict `json:"verdict"`
	Reason  string       `json:"reason"`

	// Probability is how likely the claim is true in the zone, from the
	// verdicts' probabilities (0 when the check did not weigh one).
	Probability float64 `json:"probability,omitempty"`
	// Status on the claim's date: the most likely, with its probability,
	// and the outer range.
	Status            ZoneStatus `json:"status,omitempty"`
	StatusProbability float64    `json:"status_probability,omitempty"`
	StatusBest        ZoneStatus `json:"status_best,omitempty"`
	StatusWorst       ZoneStatus `json:"status_worst,omitempty"`
	// Violations counts the window's certain violations; Expected is the
	// expected number of violations of any certainty, with its 90 %
	// interval (ExpectedLow–ExpectedHigh).
	Violations   WindowCounts `json:"violations,omitzero"`
	Expected     float64      `json:"expected_violations,omitempty"`
	ExpectedLow  int          `json:"expected_violations_low,omitempty"`
	ExpectedHigh int          `json:"expected_violations_high,omitempty"`
	Events       int          `json:"events,omitempty"`
	Deaths       int          `json:"deaths,omitempty"`
	Reports      int          `json:"reports_in_coverage_period,omitempty"`
	// Attributed counts the window's violations whose alleged party is the
	// accused (accusations only).
	Attributed int `json:"attributed,omitempty"`

	// Trend: incidents placed inside the zone per window.
	Break         time.Time `json:"break,omitzero"`
	DaysBefore    int       `json:"days_before,omitempty"`
	DaysAfter     int       `json:"days_after,omitempty"`
	TotalBefore   float64   `json:"total_before,omitempty"`
	TotalAfter    float64   `json:"total_after,omitempty"`
	RateRatio     float64   `json:"rate_ratio,omitempty"`
	IntervalLower float64   `json:"interval_lower,omitempty"`
	IntervalUpper float64   `json:"interval_upper,omitempty"`
	Trend         string    `json:"trend,omitempty"` // the stats verdict: "significant decline", …
	// The same counting only the violence the agreement covers, when
	// operations against excluded groups make a difference.
	CoveredRateRatio float64 `json:"covered_rate_ratio,omitempty"`
	CoveredTrend     string  `json:"covered_trend,omitempty"`

	// Incidents are the incidents behind the verdict as SOURCE:KEY, usable
	// with `truce why`, the weightiest first, at most MaxClaimIncidents.
	Incidents []string `json:"incidents,omitempty"`
}

// MaxClaimIncidents bounds the incidents a zone's evidence lists: enough to
// follow up, few enough to read.
const MaxClaimIncidents = 10

// ClaimService stores claims with their checks.
type ClaimService interface {
	// PutClaim stores c with its check as a new claim and returns its ID.
	PutClaim(ctx context.Context, c *Claim) (int64, error)
	// Claims lists stored claims, newest claim date first (ties: the
	// latest stored first).
	Claims(ctx context.Context) ([]*Claim, error)
	// FindClaim returns one claim, or ENOTFOUND.
	FindClaim(ctx context.Context, id int64) (*Claim, error)
}

// Validate refuses a claim no reader could check, naming the field. Every
// store calls it before storing, so they refuse the same claims in the same
// words.
func (c *Claim) Validate() error {
	switch {
	case c == nil:
		return Errorf(EINVALID, "claim is missing")
	case strings.TrimSpace(c.Speaker) == "":
		return Errorf(EINVALID, "claim field speaker is empty")
	case strings.TrimSpace(c.Text) == "":
		return Errorf(EINVALID, "claim field text is empty")
	case c.Date.IsZero():
		return Errorf(EINVALID, "claim field date is missing")
	case !slices.Contains(Assertions, c.Assertion):
		return Errorf(EINVALID, "claim field assertion %q: want one of %s", c.Assertion, strings.Join(Assertions, ", "))
	case c.Assertion == AssertAccusation && c.Accused == "":
		return Errorf(EINVALID, "claim field accused is empty, and the claim is an accusation")
	case !c.Scope.All && len(c.Scope.Zones) == 0 && len(c.Scope.Areas) == 0:
		return Errorf(EINVALID, "claim field scope names no zone or area and is not all zones")
	}
	return nil
}
