package truce

import (
	"strings"
	"time"
)

// LocPrecision says how exactly a location is known, on UCDP GED's where_prec
// scale; other sources are mapped onto it by their importers. Zero means the
// source gave no precision, which placement treats like PrecFuzzy.
type LocPrecision int

// UCDP GED where_prec codes (GED codebook §5.4.2).
const (
	PrecExact   LocPrecision = 1 // the exact location
	PrecNear    LocPrecision = 2 // "near", "in the area of", within 25 km of a known point
	PrecAdmin2  LocPrecision = 3 // only the second-order administrative unit (district) is known
	PrecAdmin1  LocPrecision = 4 // only the first-order administrative unit (governorate) is known
	PrecFuzzy   LocPrecision = 5 // a linear feature, a fuzzy area, or between points over 25 km apart
	PrecCountry LocPrecision = 6 // only the country is known
	PrecSeaAir  LocPrecision = 7 // international waters or airspace
)

// DatePrecision says how exactly an event's date is known, on UCDP GED's
// date_prec scale. DateStart and DateEnd of an Incident always bound the window.
type DatePrecision int

// UCDP GED date_prec codes.
const (
	DateExact     DatePrecision = 1 // the exact day
	DateDays      DatePrecision = 2 // within 2–6 days
	DateWeek      DatePrecision = 3 // within a week
	DateMonth     DatePrecision = 4 // within a month (8–30 days)
	DateLongerAgo DatePrecision = 5 // more than a month
)

// Event types, ACLED's taxonomy (codebook 2023): the one Truce uses for every
// source. Importers map other taxonomies onto it (UCDP type_of_violence, …).
const (
	Battles                  = "Battles"
	ExplosionsRemoteViolence = "Explosions/Remote violence"
	ViolenceAgainstCivilians = "Violence against civilians"
	Protests                 = "Protests"
	Riots                    = "Riots"
	StrategicDevelopments    = "Strategic developments"
)

// ACLED sub-event types, grouped by event type.
var SubEventTypes = map[string][]string{
	Battles: {"Armed clash", "Government regains territory", "Non-state actor overtakes territory"},
	ExplosionsRemoteViolence: {"Chemical weapon", "Air/drone strike", "Suicide bomb",
		"Shelling/artillery/missile attack", "Remote explosive/landmine/IED", "Grenade"},
	ViolenceAgainstCivilians: {"Sexual violence", "Attack", "Abduction/forced disappearance"},
	Protests:                 {"Peaceful protest", "Protest with intervention", "Excessive force against protesters"},
	Riots:                    {"Violent demonstration", "Mob violence"},
	StrategicDevelopments: {"Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
		"Headquarters or base established", "Looting/property destruction", "Non-violent transfer of territory", "Other"},
}

// EventTypeOf returns the event type a sub-event type belongs to, or "".
func EventTypeOf(subEventType string) string {
	for t, subs := range SubEventTypes {
		for _, s := range subs {
			if s == subEventType {
				return t
			}
		}
	}
	return ""
}

// Location is where an event happened, as precisely as the source knows it.
type Location struct {
	HasPoint  bool    // false when the source gave no coordinates
	Lon, Lat  float64 // WGS 84 degrees
	Precision LocPrecision
	Country   string
	Admin1    string // governorate / province, as the source names it
	Admin2    string // district, as the source names it
	Place     string // the named place (UCDP where_coordinates, ACLED location)
}

// Fatalities are a source's death estimates. UCDP gives low/best/high; a
// source with one figure sets all three to it.
type Fatalities struct {
	Low, Best, High int
	Civilians       int
	// Unknown is deaths whose status the source could not tell (GED's
	// deaths_unknown): GED counts them apart from civilians and
	// combatants, and a monitor that counts civilians may count them too.
	Unknown int
}

// Incident is one event as Truce knows it: when, where, what, who, how many
// died, and from which sources. In the spine one report makes one incident;
// corroboration will later merge the reports of one event into one incident.
type Incident struct {
	ID            int64
	Source        string // the dataset or channel: "ucdp", "acled", "geojson", "csv", "sim", "monitor"
	SourceKey     string // the dataset's stable id: UCDP id, ACLED event_id_cnty, …
	DateStart     time.Time
	DateEnd       time.Time
	DatePrecision DatePrecision
	Location      Location
	EventType     string // ACLED event type (constants above)
	SubEventType  string // ACLED sub-event type, "" when the source cannot tell
	TypeReason    string // how the type was decided when the source did not give it in ACLED's terms
	ViolenceType  int    // UCDP type_of_violence: 1 state-based, 2 non-state, 3 one-sided; 0 unknown
	SideA, SideB  string // the two sides; like ACLED's actor1/actor2 and UCDP's sides, they imply no direction
	AssocA        string // actors associated with side A (ACLED assoc_actor_1)
	AssocB        string
	Fatalities    Fatalities
	Sources       string // who reported it, e.g. "SOHR; Reuters"
	NumSources    int    // the source's own count of sources, 0 when unknown
	SourceText    string // headline or notes: the words the source used
	ReportID      int64  // the report this incident was last built from
	// Withdrawn is when the source withdrew the event (ACLED deletes events
	// between exports); zero while it stands. Withdrawn incidents are kept,
	// with their reports, but left out of queries and counts by default.
	Withdrawn time.Time

	// Zones holds the incident's memberships in the zones of the active
	// agreement, filled in by placement. An incident in no zone has none.
	Zones []Membership
}

// Report is what one source said, as it said it, with provenance. Reports are
// never edited: a revised source row becomes a new report that supersedes the
// old one, so "what did we know then" stays answerable.
type Report struct {
	ID         int64
	Source     string // as Incident.Source
	SourceKey  string // as Incident.SourceKey; with Source it identifies the reported event
	Release    string // the dataset release or export, when known ("ged191")
	Origin     string // the file path or submitter it came from
	Line       int    // the line (or feature index) in Origin where it starts
	Raw        string // the record as the source gave it: a CSV line, a GeoJSON feature
	Hash       string // hex SHA-256 of Raw: the same hash twice is the same report
	ReceivedAt time.Time
	// Withdraws marks a report saying the source withdrew the event
	// (Source, SourceKey), as ACLED's deletion lists do. Its Incident is
	// empty.
	Withdraws bool
	// IncidentDigest is the digest of Incident as the importer parsed it
	// (ledger.IncidentDigest), set by the use case that stores the report
	// and covered by its log entry: `truce log verify` checks the stored
	// incident against it, since Raw alone cannot be parsed again without
	// the file's header. Empty for withdrawals and reports stored before
	// it was kept.
	IncidentDigest string
	Incident       Incident // the event as parsed from Raw
}

// Placement is how an incident relates to a zone.
type Placement string

// Placements. "outside" is the absence of a membership, never stored.
const (
	Inside    Placement = "inside"    // the location, with its precision, lies wholly inside the zone
	InBuffer  Placement = "buffer"    // outside the zone, within its security buffer
	Uncertain Placement = "uncertain" // the location's precision area overlaps the zone but is not inside it
	Outside   Placement = "outside"
)

// Membership places one incident in one zone, with the reason in words.
type Membership struct {
	ZoneID    string
	Placement Placement
	Reason    string
	// Share is the probability that the incident happened in the zone,
	// given its location's precision: 1 for a point well inside, the part
	// of the area of uncertainty that lies in the zone for an imprecise
	// location, and for a point near an approximate border the chance
	// that the real border runs beyond it.
	Share float64
}

// Placer places locations in zones. Implementations must be safe for
// concurrent use and append to dst to spare allocations on hot paths.
type Placer interface {
	Place(loc Location, dst []Membership) []Membership
}

// DateLayout is how Truce writes calendar dates.
const DateLayout = "2006-01-02"

// ParseDate parses a YYYY-MM-DD calendar date as UTC midnight.
func ParseDate(s string) (time.Time, error) {
	return time.Parse(DateLayout, s)
}

// Sources that belong to one importer or to the API: a file that names its
// own source (a GeoJSON "source" property) may not take one of these, or it
// could revise another source's records, which are keyed by source and id.
var ReservedSources = []string{"ucdp", "sim", "acled", "csv", "geojson", "monitor", "news"}

// IsReservedSource reports whether name (any case, spaces trimmed) is a
// ReservedSource.
func IsReservedSource(name string) bool {
	name = strings.ToLower(strings.TrimSpace(name))
	for _, r := range ReservedSources {
		if name == r {
			return true
		}
	}
	return false
}
