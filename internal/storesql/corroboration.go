package storesql

import (
	"context"
	"encoding/json"
	"strconv"
	"time"

	"github.com/truce-monitor/truce"
)

// MinSourcesWhere is the IncidentFilter.MinSources condition over incidents
// aliased i; its one placeholder is the minimum.
const MinSourcesWhere = `i.id IN (SELECT c.incident_id FROM corroboration c JOIN corroboration_groups g ON g.id = c.group_id
	WHERE g.independent_sources >= ?)`

// CorroborationReports streams the standing incidents as reports to cluster.
func (s *Store) CorroborationReports(ctx context.Context, fn func(*truce.Report) error) error {
	origins := map[int64]string{}
	rows, err := s.d.Reader(ctx).Query(ctx, `SELECT i.id, r.origin FROM incidents i JOIN reports r ON r.id = i.report_id WHERE `+s.d.Standing("i"))
	if err != nil {
		return s.errorf("corroboration origins", err)
	}
	for rows.Next() {
		var id int64
		var origin string
		if err := rows.Scan(&id, &origin); err != nil {
			rows.Close()
			return s.errorf("corroboration origins", err)
		}
		origins[id] = origin
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return s.errorf("corroboration origins", err)
	}
	return s.d.Incidents(ctx, truce.IncidentFilter{}, func(inc *truce.Incident) error {
		return fn(&truce.Report{ID: inc.ReportID, Source: inc.Source, SourceKey: inc.SourceKey,
			Hash: strconv.FormatInt(inc.ReportID, 10), Origin: origins[inc.ID], Incident: *inc})
	})
}

// ReplaceCorroboration replaces the stored groups in one transaction. A
// group without an ID takes its smallest member's incident ID.
func (s *Store) ReplaceCorroboration(ctx context.Context, run truce.CorroborationRun, groups []truce.CorroborationGroup) error {
	ranAt := run.RanAt
	if ranAt.IsZero() {
		ranAt = s.d.Now()
	}
	var gRows, mRows [][]any
	for _, g := range groups {
		if len(g.Members) == 0 {
			continue
		}
		id := g.ID
		if id == 0 {
			id = g.Members[0].IncidentID
			for _, m := range g.Members {
				id = min(id, m.IncidentID)
			}
		}
		gRows = append(gRows, []any{id, g.IndependentSources, s.d.List(g.Sources), s.d.List(g.Datasets), s.d.List(g.Conflicts), g.Confidence})
		for k, m := range g.Members {
			mRows = append(mRows, []any{m.IncidentID, id, k, m.Reason})
		}
	}
	return s.d.Write(ctx, func(tx Conn) error {
		if err := s.d.Clear(ctx, tx, "corroboration", "corroboration_groups", "corroboration_runs"); err != nil {
			return s.errorf("clear corroboration", err)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO corroboration_runs (options, incidents, groups_n, ran_at) VALUES (?, ?, ?, ?)`,
			run.Options, run.Incidents, len(groups), s.d.Time(ranAt)); err != nil {
			return s.errorf("store corroboration run", err)
		}
		if err := s.d.Copy(ctx, tx, "corroboration_groups", []string{"id", "independent_sources", "sources", "datasets", "conflicts", "confidence"}, gRows); err != nil {
			return s.errorf("store corroboration groups", err)
		}
		if err := s.d.Copy(ctx, tx, "corroboration", []string{"incident_id", "group_id", "position", "reason"}, mRows); err != nil {
			return s.errorf("store corroboration members", err)
		}
		return nil
	})
}

// LastCorroboration returns the stored run.
func (s *Store) LastCorroboration(ctx context.Context) (*truce.CorroborationRun, error) {
	var run truce.CorroborationRun
	err := s.d.Reader(ctx).QueryRow(ctx, `SELECT options, incidents, groups_n, ran_at FROM corroboration_runs ORDER BY id DESC LIMIT 1`).
		Scan(&run.Options, &run.Incidents, &run.Groups, Time(&run.RanAt))
	if s.d.NoRows(err) {
		return nil, truce.Errorf(truce.ENOTFOUND, "no corroboration has run: run 'truce corroborate'")
	}
	if err != nil {
		return nil, s.errorf("corroboration run", err)
	}
	return &run, nil
}

// CorroborationOf returns the incident's group.
func (s *Store) CorroborationOf(ctx context.Context, incidentID int64) (*truce.CorroborationGroup, error) {
	var g truce.CorroborationGroup
	var sources, datasets, conflicts string
	err := s.d.Reader(ctx).QueryRow(ctx, `SELECT g.id, g.independent_sources, `+s.d.JSON("g.sources")+`, `+s.d.JSON("g.datasets")+`, `+s.d.JSON("g.conflicts")+`, g.confidence
		FROM corroboration c JOIN corroboration_groups g ON g.id = c.group_id WHERE c.incident_id = ?`, incidentID).
		Scan(&g.ID, &g.IndependentSources, Text(&sources), Text(&datasets), Text(&conflicts), &g.Confidence)
	if s.d.NoRows(err) {
		return nil, truce.Errorf(truce.ENOTFOUND, "incident %d is in no corroboration group", incidentID)
	}
	if err != nil {
		return nil, s.errorf("corroboration group", err)
	}
	for _, f := range []struct {
		s   string
		dst *[]string
	}{{sources, &g.Sources}, {datasets, &g.Datasets}, {conflicts, &g.Conflicts}} {
		if err := json.Unmarshal([]byte(f.s), f.dst); err != nil {
			return nil, truce.Errorf(truce.EINTERNAL, "corroboration group %d: %v", g.ID, err)
		}
	}
	rows, err := s.d.Reader(ctx).Query(ctx, `SELECT c.incident_id, i.source, i.source_key, c.reason
		FROM corroboration c JOIN incidents i ON i.id = c.incident_id WHERE c.group_id = ? ORDER BY c.position`, g.ID)
	g.Members, err = collect(rows, err, func(row Row) (m truce.CorroborationMember, err error) {
		return m, row.Scan(&m.IncidentID, &m.Source, &m.SourceKey, &m.Reason)
	})
	if err != nil {
		return nil, s.errorf("corroboration members", err)
	}
	return &g, nil
}

// PutCorroborationOverrides stores analysts' decisions.
func (s *Store) PutCorroborationOverrides(ctx context.Context, os []truce.CorroborationOverride) error {
	for _, o := range os {
		if o.Kind != truce.OverrideMerge && o.Kind != truce.OverrideSplit {
			return truce.Errorf(truce.EINVALID, "override kind %q: want merge or split", o.Kind)
		}
		if o.A == o.B {
			return truce.Errorf(truce.EINVALID, "override of %s with itself", o.A)
		}
	}
	return s.d.Write(ctx, func(tx Conn) error {
		for _, o := range os {
			a, b := min(o.A, o.B), max(o.A, o.B)
			at := o.At
			if at.IsZero() {
				at = s.d.Now()
			}
			// Whole seconds, as the embedded store keeps every time but the log's.
			if _, err := tx.Exec(ctx, `INSERT INTO corroboration_overrides (a, b, kind, at) VALUES (?, ?, ?, ?)
			ON CONFLICT (a, b) DO UPDATE SET kind = excluded.kind, at = excluded.at`, a, b, o.Kind, s.d.Time(at.Truncate(time.Second))); err != nil {
				return s.errorf("store override", err)
			}
		}
		return nil
	})
}

// CorroborationOverrides lists analysts' decisions, oldest first.
func (s *Store) CorroborationOverrides(ctx context.Context) ([]truce.CorroborationOverride, error) {
	rows, err := s.d.Reader(ctx).Query(ctx, `SELECT a, b, kind, at FROM corroboration_overrides ORDER BY at, a, b`)
	out, err := collect(rows, err, func(row Row) (o truce.CorroborationOverride, err error) {
		return o, row.Scan(&o.A, &o.B, &o.Kind, Time(&o.At))
	})
	return out, s.errorf("overrides", err)
}
