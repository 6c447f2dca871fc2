package truce

import (
	"strings"
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
	// Truces are ceasefires declared inside the agreement's life in some
	// of its zones (a local truce, a unilateral ceasefire, a 72-hour
	// pause), in date order: a claim's "since the truce" and the days a
	// claim with none speaks of start from the latest in its zones.
	Truces     []LocalTruce
	Parties    []Actor
	Guarantors []Actor
	Excluded   []Actor // acting against these groups is no violation
	Prohibited []ProhibitedAct
	Zones      []Zone
	Sources    []string // where the agreement's facts come from
	Notes      string
	Raw        []byte // the agreement file as loaded, kept for reproducibility

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
	Tiers           TierRules      // probability bands of the verdicts; zero: DefaultTierRules

	// RegardlessOfTarget are acts that are violations whoever the target:
	// the excluded-group exception does not apply to them (chemical
	// weapons, attacks on civilians, where the text or a clause it cites
	// says so).
	RegardlessOfTarget []TargetlessAct
	// Presence says which armed groups were present on the non-state side
	// of each zone over time, with share ranges and sources: the prior that
	// grades incidents naming only an aggregate actor.
	Presence []Presence
	// PresenceFile names the presence file the agreement file refers to
	// ("" when inline or none); its contents are in PresenceRaw, so a
	// stored agreement is reproducible from Raw and PresenceRaw.
	PresenceFile string
	PresenceRaw  []byte
}

// TargetlessAct is a kind of act the agreement forbids whoever it is aimed
// at. A rule matches when every condition it sets holds.
type TargetlessAct struct {
	ID                string
	EventTypes        []string // empty: any
	SubEventTypes     []string // empty: any
	MinCivilianDeaths int      // 0: no condition
	Zones             []string // empty: every zone
	Clause            string
	Sources           []string
}

// Matches reports whether the act covers inc in zone.
func (t TargetlessAct) Matches(inc *Incident, zone string) bool {
	if len(t.EventTypes) > 0 && !containsString(t.EventTypes, inc.EventType) {
		return false
	}
	if len(t.SubEventTypes) > 0 && !containsString(t.SubEventTypes, inc.SubEventType) {
		return false
	}
	if len(t.Zones) > 0 && !containsString(t.Zones, zone) {
		return false
	}
	return inc.Fatalities.Civilians >= t.MinCivilianDeaths
}

// Presence measures.
const (
	MeasureFighters = "fighters" // headcounts
	MeasureShare    = "share"    // fractions of the non-state side's strength or activity
)

// Presence is who was present on the non-state side of some zones over a
// period (inclusive).
type Presence struct {
	Zones    []string
	From, To time.Time
	Measure  string // MeasureFighters or MeasureShare
	Basis    string
	Groups   []PresentGroup
	Notes    string
	Line     int // where the entry starts in its file, for traces
}

// PresentGroup is one group's strength in a Presence entry, as a low–high
// range of fighters or of shares.
type PresentGroup struct {
	Name     string // as the presence file names it
	ActorID  string // the agreement actor the name resolves to
	Excluded bool   // the actor is one of the agreement's excluded groups
	Low      float64
	High     float64
	Source   string
}

// ExcludedShare is the share of excluded groups on the non-state side: with
// fighters, E/(E+N) at its low end E_low/(E_low+N_high), its high end
// E_high/(E_high+N_low) and its middle from the midpoints; with shares, the
// sums of the excluded groups' shares. ok is false when the entry has no
// group at all.
func (p Presence) ExcludedShare() (share Range, ok bool) {
	var e, n Range
	for _, g := range p.Groups {
		r := Range{g.Low, (g.Low + g.High) / 2, g.High}
		if g.Excluded {
			e = e.Plus(r)
		} else {
			n = n.Plus(r)
		}
	}
	if len(p.Groups) == 0 {
		return Range{}, false
	}
	if p.Measure == MeasureShare {
		return e.Clamp01(), true
	}
	frac := func(x, y float64) float64 {
		if x+y == 0 {
			return 0
		}
		return x / (x + y)
	}
	return Range{frac(e.Low, n.High), frac(e.Mid, n.Mid), frac(e.High, n.Low)}.Clamp01(), true
}

// PresenceAt returns the presence entry for zone on day, or false.
func (a *Agreement) PresenceAt(zone string, day time.Time) (Presence, bool) {
	for _, p := range a.Presence {
		if !containsString(p.Zones, zone) || day.Before(p.From) || day.After(p.To) {
			continue
		}
		return p, true
	}
	return Presence{}, false
}

// PresenceClause is the clause a trace step cites for the presence entry of
// zone that starts on from: "presence:ZONE:FROM". Traces cite the entry
// rather than copy its figures and sources, which stay in the agreement.
func PresenceClause(zone string, from time.Time) string {
	return "presence:" + zone + ":" + from.Format(DateLayout)
}

// ParsePresenceClause reads a clause PresenceClause wrote; ok is false for
// any other clause.
func ParsePresenceClause(clause string) (zone string, from time.Time, ok bool) {
	rest, ok := strings.CutPrefix(clause, "presence:")
	if !ok {
		return "", time.Time{}, false
	}
	zone, date, ok := strings.Cut(rest, ":")
	if !ok {
		return "", time.Time{}, false
	}
	from, err := time.Parse(DateLayout, date)
	if err != nil {
		return "", time.Time{}, false
	}
	return zone, from, true
}

// PresenceEntry returns the presence entry of zone that starts on from, as
// a trace clause cites it, or false when this version has none.
func (a *Agreement) PresenceEntry(zone string, from time.Time) (Presence, bool) {
	p, ok := a.PresenceAt(zone, from)
	if !ok || !p.From.Equal(from) {
		return Presence{}, false
	}
	return p, true
}

// ZoneEnd is how a zone ceased to exist: taken by force, surrendered,
// dissolved, superseded or expired, on Date (the first day it no longer
// existed as agreed).
type ZoneEnd struct {
	Date    time.Time
	How     string
	Note    string
	Sources []string
}

// How a zone ended.
var ZoneEndings = []string{"taken-by-force", "surrendered", "dissolved", "superseded", "expired"}

// LocalTruce is a ceasefire declared in some of an agreement's zones
// during its life.
type LocalTruce struct {
	Date   time.Time // the day it took effect
	Until  time.Time // the day it ended, when known; zero: not known
	Zones  []string  // the zones it covers, by ID
	Name   string    // what it is called ("the 72-hour ceasefire of June 2019")
	Source string    // where its date comes from
	// Speakers are words that, in the name of who makes a claim, mark a
	// party to this truce and to nothing else of the agreement ("Jordan",
	// "Jordanian" for the south-west ceasefire of Russia, the United
	// States and Jordan): such a speaker's claim that names no zone, made
	// while the truce is in force, is about its zones.
	Speakers []string
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
	SubEventType string   // "" for the whole event type
	Clause       string   // the clause's words or reference
	Zones        []string // the zones it applies in; empty: every zone
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
	// BorderErrorKm is how far the drawn border may lie from the real one
	// (one standard deviation): it gives locations near the border a
	// probability of being in the zone. 0: the border is exact.
	BorderErrorKm float64
	// Ended is set when the zone ceased to exist before the agreement did.
	Ended *ZoneEnd
	Notes string
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
	NameAr   string // the Arabic name, e.g. "دوما", when the file gives one
	Parent   string // for a district, its governorate's code when known
	Geometry orb.MultiPolygon
}

// End is the last day the agreement is in force, zero when open-ended:
// expires, replaced by each renewal's until in turn (a renewal without one
// makes it open-ended). A gap between an expiry and a later renewal counts
// as in force: the sources rarely say whether a lapse happened, and the
// renewal shows the parties still held to it.
func (a *Agreement) End() time.Time {
	end := a.Expires
	if end.IsZero() {
		return end
	}
	for _, r := range a.Renewals {
		end = r.Until
		if end.IsZero() {
			break
		}
	}
	return end
}

// ZonePeriod is when z's ceasefire applies, as calendar days from and to
// inclusive (to zero when open-ended): its own period within the
// agreement's, renewals included, ending the day before the zone ended if
// it did.
func (a *Agreement) ZonePeriod(z Zone) (from, to time.Time) {
	from = a.Effective
	if z.EffectiveFrom.After(from) {
		from = z.EffectiveFrom
	}
	to = a.End()
	if !z.EffectiveTo.IsZero() && (to.IsZero() || z.EffectiveTo.Before(to)) {
		to = z.EffectiveTo
	}
	if z.Ended != nil && !z.Ended.Date.IsZero() {
		last := CalendarDay(z.Ended.Date).AddDate(0, 0, -1)
		if to.IsZero() || last.Before(to) {
			to = last
		}
	}
	return CalendarDay(from), to
}

// CalendarDay is t's calendar day in UTC, at midnight: the day an
// incident, a claim or a zone's period falls on.
func CalendarDay(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// HasZone reports whether the agreement has a zone with this id.
func (a *Agreement) HasZone(id string) bool {
	for _, z := range a.Zones {
		if z.ID == id {
			return true
		}
	}
	return false
}
