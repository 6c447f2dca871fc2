package truce

import (
	"context"
	"time"
)

// Corroboration is a layer over stored incidents: each incident stays what
// its source reported (one incident per source event), and a corroboration
// run groups the incidents of different sources that describe one event
// (package corroborate decides which, and says why). Groups are derived
// data: a run replaces the groups of the previous one. Analysts' overrides
// (split, merge) are kept apart and honoured by every later run.

// CorroborationRun describes the run whose groups are stored.
type CorroborationRun struct {
	Options   string // the windows used, as the caller encodes them (JSON in the CLI)
	Incidents int    // incidents clustered
	Groups    int    // groups of two or more incidents stored
	RanAt     time.Time
}

// CorroborationGroup is one event reported by two or more incidents.
type CorroborationGroup struct {
	ID                 int64    // the smallest incident ID among its members
	IndependentSources int      // sources counted by origin agency (see package corroborate)
	Sources            []string // the distinct origins ("SOHR", "Syrian state media", "ucdp:123")
	Datasets           []string // the distinct incident sources (ucdp, acled, monitor, news…)
	Conflicts          []string // conflicting attributions, in words
	Confidence         string   // low, medium or high
	Members            []CorroborationMember
}

// CorroborationMember is one incident of a group and why it joined.
type CorroborationMember struct {
	IncidentID int64
	Source     string
	SourceKey  string
	Reason     string // distance, days apart, type and sides, or the analyst's decision
}

// Override kinds.
const (
	OverrideMerge = "merge" // the two incidents are one event (must-link)
	OverrideSplit = "split" // they are not (cannot-link)
)

// CorroborationOverride is an analyst's decision about a pair of incidents,
// named by SOURCE:KEY so that it survives re-imports. The latest decision
// about a pair replaces earlier ones.
type CorroborationOverride struct {
	Kind string // OverrideMerge or OverrideSplit
	A, B string // SOURCE:KEY of the two incidents
	At   time.Time
}

// CorroborationService stores corroboration groups and analysts' overrides.
type CorroborationService interface {
	// CorroborationReports calls fn, in date order, for each standing
	// incident as a report to cluster: Source, SourceKey, Hash, the Origin
	// of its current report (the monitor's token for submissions) and the
	// Incident.
	CorroborationReports(ctx context.Context, fn func(*Report) error) error
	// ReplaceCorroboration replaces every stored group with groups, in one
	// transaction, and records run. Members are named by IncidentID.
	ReplaceCorroboration(ctx context.Context, run CorroborationRun, groups []CorroborationGroup) error
	// LastCorroboration returns the run whose groups are stored, or
	// ENOTFOUND when none ran.
	LastCorroboration(ctx context.Context) (*CorroborationRun, error)
	// CorroborationOf returns the group the incident belongs to, members in
	// group order, or ENOTFOUND when it is in none.
	CorroborationOf(ctx context.Context, incidentID int64) (*CorroborationGroup, error)
	// PutCorroborationOverrides stores decisions, replacing earlier ones
	// about the same pairs (in either order).
	PutCorroborationOverrides(ctx context.Context, os []CorroborationOverride) error
	// CorroborationOverrides lists the stored decisions.
	CorroborationOverrides(ctx context.Context) ([]CorroborationOverride, error)
}
