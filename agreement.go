package truce

import (
	"time"

	"github.com/paulmach/orb"
)

// Agreement is a ceasefire or de-escalation agreement as data: who signed it,
// who guarantees it, when it is in force, what it prohibits, where, and which
// groups it leaves out. It is read from an agreement file (package agreement).
type Agreement struct {
	ID             string
	Title          string
	Signed         time.Time
	Effective      time.Time
	Expires        time.Time // zero: open-ended
	DurationMonths int       // initial term, 0 when open-ended
	Renewals       []Renewal
	Parties        []Actor
	Guarantors     []Actor
	Excluded       []Actor // acting against these groups is no violation
	Prohibited     []ProhibitedAct
	Zones          []Zone
	Sources        []string // where the agreement's facts come from
	Notes          string
	Raw            []byte // the agreement file as loaded, kept for reproducibility

	// Adjudication rules (rules.go). Their zero values mean the documented
	// defaults, so agreements stored before they existed judge the same way.

	// BufferCounts makes an incident in a zone's security buffer count as in
	// the zone; false (the default): such incidents are undetermined, since
	// the buffer is where the guarantors' forces stand, not the zone itself.
	BufferCounts bool
	// AggregateActors are names, each a party's name or alias, that sources
	// use for coalitions which may include excluded groups (UCDP's "Syrian
	// insurgents"): an incident involving one is undetermined, because
	// whether the exclusion clause applies cannot be told from the name.
	AggregateActors []string
	Severity        []SeverityRule // in order; the first match gives a violation's tier
	SeverityDefault string         // the tier when no rule matches; "": DefaultSeverity
	Status          StatusRules    // zone-status thresholds; zero parts: DefaultStatusRules
	Permitted       []PermittedAct // acts allowed even where a prohibited act would match
}

// Renewal extends an agreement's term.
type Renewal struct {
	Date  time.Time // when it was decided
	Until time.Time // the new end; zero: indefinitely
	Note  string
}

// Actor is a party, guarantor or excluded group, with the other names it goes by.
type Actor struct {
	ID      string
	Name    string
	Aliases []string
}

// ProhibitedAct is a clause forbidding a kind of event: an ACLED event type,
// optionally narrowed to one sub-event type.
type ProhibitedAct struct {
	ID           string
	EventType    string
	SubEventType string // "" for the whole event type
	Clause       string // the clause's words or reference
}

// Zone is an area the agreement covers. Its geometry is a multipolygon with
// holes, given inline or resolved from admin units at load time.
type Zone struct {
	ID               string
	Name             string
	Geometry         orb.MultiPolygon // lon/lat, WGS 84
	Admin            []string         // admin unit codes the geometry was built from, if any
	BufferKm         float64          // width of the security buffer around the zone; 0 for none
	Checkpoints      []Site
	ObservationPosts []Site
	EffectiveFrom    time.Time // zero: from the agreement's effective date
	EffectiveTo      time.Time // zero: while the agreement is in force
	Approximate      bool      // the geometry is an approximation (say of what in Notes)
	Notes            string
}

// Site is a named point: a checkpoint or an observation post.
type Site struct {
	Name     string
	Lon, Lat float64
	Since    time.Time // zero: unknown
}

// AdminUnit is an administrative area: a governorate (level 1) or a
// district (level 2). Units place incidents located only to a district or
// governorate, and let agreement files define zones as sets of units.
type AdminUnit struct {
	Level    int    // 1 (ADM1, governorate) or 2 (ADM2, district)
	Code     string // the P-code, e.g. "SY0302"
	Name     string // the English name, e.g. "Duma"
	Parent   string // for a district, its governorate's code when known
	Geometry orb.MultiPolygon
}
