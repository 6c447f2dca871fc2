package truce

import (
	"context"
	"time"
)

// AgreementService stores agreements. Loading an agreement with an ID already
// stored makes a new version of it; older versions are kept.
type AgreementService interface {
	// PutAgreement stores a, returning its version (1 for a new ID). The first
	// agreement stored becomes the active one.
	PutAgreement(ctx context.Context, a *Agreement) (version int, err error)
	// FindAgreement returns the latest version of the agreement, or ENOTFOUND.
	FindAgreement(ctx context.Context, id string) (*Agreement, error)
	// Agreements lists the latest version of every stored agreement.
	Agreements(ctx context.Context) ([]AgreementInfo, error)
	// ActiveAgreement returns the agreement incidents are judged against, or
	// ENOTFOUND when none is loaded.
	ActiveAgreement(ctx context.Context) (*Agreement, error)
	// SetActiveAgreement makes id the active agreement (ENOTFOUND if unknown).
	SetActiveAgreement(ctx context.Context, id string) error
}

// AgreementInfo summarises a stored agreement.
type AgreementInfo struct {
	ID       string
	Title    string
	Version  int
	Active   bool
	Zones    int
	LoadedAt time.Time
}

// IncidentService stores reports and the incidents built from them.
type IncidentService interface {
	// PutReports stores a batch of reports and their incidents in one
	// transaction, with the incidents' memberships in agreementID's zones.
	// A report whose (Source, SourceKey, Hash) is stored already is a
	// duplicate and changes nothing; one with a known (Source, SourceKey) but
	// a new hash is a revision: it is stored beside the old report and its
	// incident is updated. A report that Withdraws marks its incident
	// withdrawn (kept, but left out of queries); a later revision of the
	// event makes it stand again. A withdrawal of an unknown event is stored
	// as a report only. It sets the ID of each report it stores, and 0 on
	// duplicates.
	PutReports(ctx context.Context, agreementID string, reports []*Report) (BatchResult, error)
	// Incidents calls fn for each incident matching f, in date order.
	Incidents(ctx context.Context, f IncidentFilter, fn func(*Incident) error) error
	// ZoneCounts counts standing incidents per zone and placement for an
	// agreement.
	ZoneCounts(ctx context.Context, agreementID string) ([]ZoneCount, error)
	// PlaceAll recomputes every incident's memberships in agreementID's zones
	// with p, replacing the memberships stored for that agreement.
	PlaceAll(ctx context.Context, agreementID string, p Placer) (placed int, err error)
	// ExactPoints calls fn with the point, first day and kind (DyadKind of
	// its sides) of every standing incident located exactly (precision 1):
	// where fighting was, which weighs imprecise locations.
	ExactPoints(ctx context.Context, fn func(lon, lat float64, day time.Time, kind string) error) error
	// PlacementStale reports whether some of agreementID's memberships were
	// stored before memberships carried shares, so must be placed again.
	PlacementStale(ctx context.Context, agreementID string) (bool, error)
	// Stats counts what the store holds.
	Stats(ctx context.Context) (StoreStats, error)
	// ReportsHighWater returns the largest report ID stored (0 when none).
	// Inside Atomic it also makes the transaction take turns with every
	// other writer of reports, so that the reports the transaction stores
	// afterwards are exactly those above it: how an import's log entry
	// names the reports it stored.
	ReportsHighWater(ctx context.Context) (int64, error)
	// ReportRange calls fn, in ID order, for each report with
	// after < ID <= upTo: its provenance, Raw, Hash, Withdraws and
	// IncidentDigest, without Incident. Inside Atomic it reads the
	// transaction's own writes.
	ReportRange(ctx context.Context, after, upTo int64, fn func(*Report) error) error
}

// BatchResult counts what PutReports did with a batch.
type BatchResult struct {
	Stored     int // new incidents
	Revised    int // incidents updated by a revised report
	Duplicates int // reports already stored
	Withdrawn  int // incidents marked withdrawn by a withdrawal report
}

// StoreStats counts what a store holds.
type StoreStats struct {
	Reports   int
	Incidents int // standing incidents, withdrawn ones not counted
	Withdrawn int
	BySource  map[string]int
	FirstDate time.Time
	LastDate  time.Time
}

// IncidentFilter selects incidents. Zero fields do not filter.
type IncidentFilter struct {
	AgreementID  string      // the agreement whose zones Zone refers to
	Zone         string      // a zone ID: only incidents placed in it
	Placements   []Placement // with Zone: which placements count (default Inside and InBuffer)
	From, To     time.Time   // DateStart within [From, To], whole days
	EventType    string
	SubEventType string
	Source       string
	SourceKey    string // with Source: one dataset id
	Limit        int
	// BBox keeps incidents whose point lies in [minLon, minLat, maxLon,
	// maxLat] (edges included); incidents without a point are left out.
	BBox *[4]float64
	// Order is the order Incidents streams in (default oldest first).
	Order IncidentOrder
	// After is a paging cursor: the ID of the last incident of the previous
	// page. Only incidents after it in the order Incidents uses (Order's
	// keys, the ID breaking ties) are returned. The cursor names a stored incident (withdrawn ones
	// too); an unknown ID returns nothing. A revision that moves an
	// incident's date between pages may make a page skip or repeat it.
	After int64
	// WithWithdrawn includes incidents their source has withdrawn.
	WithWithdrawn bool
	// MinSources keeps incidents whose corroboration group (see
	// CorroborationService) has at least this many independent sources.
	// An incident in no group has one; 0 and 1 do not filter.
	MinSources int
}

// IncidentOrder is an order of IncidentFilter.Order. Each order is a
// total one, its keys followed by the ID, so that the After cursor pages
// through it without skipping or repeating.
type IncidentOrder string

const (
	OrderOldest       IncidentOrder = ""              // (DateStart, ID) ascending
	OrderNewest       IncidentOrder = "newest"        // (DateStart, ID) descending
	OrderMostDeaths   IncidentOrder = "most_deaths"   // (Fatalities.Best, DateStart, ID) descending
	OrderFewestDeaths IncidentOrder = "fewest_deaths" // (Fatalities.Best, DateStart, ID) ascending
)

// Keys returns the stored columns o sorts on (before the ID) and
// whether it sorts them descending; ok is false for an unknown order.
func (o IncidentOrder) Keys() (columns []string, desc, ok bool) {
	switch o {
	case OrderOldest:
		return []string{"date_start"}, false, true
	case OrderNewest:
		return []string{"date_start"}, true, true
	case OrderMostDeaths:
		return []string{"deaths_best", "date_start"}, true, true
	case OrderFewestDeaths:
		return []string{"deaths_best", "date_start"}, false, true
	}
	return nil, false, false
}

// ZoneCount is the number of incidents one zone holds with one placement.
type ZoneCount struct {
	ZoneID     string
	Placement  Placement
	Incidents  int
	Fatalities int // sum of best estimates
}

// BoundaryService stores administrative boundaries.
type BoundaryService interface {
	// PutAdminUnits replaces the stored units of every level present in
	// units, recording source (a file name) as where they came from.
	PutAdminUnits(ctx context.Context, source string, units []AdminUnit) error
	// AdminUnits returns every stored unit, governorates first.
	AdminUnits(ctx context.Context) ([]AdminUnit, error)
}

// Transactor runs a use case's writes in one transaction: Atomic calls fn
// with a context that every write method of the same store joins, and
// commits only if fn returns nil (nested calls join the outer one). A use
// case writes its data and its log entry this way, so neither is ever
// stored without the other. Reads made with that context see the state
// before the transaction.
type Transactor interface {
	Atomic(ctx context.Context, fn func(ctx context.Context) error) error
}
