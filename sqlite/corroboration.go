package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/truce-monitor/truce"
)

var _ truce.CorroborationService = (*DB)(nil)

// minSourcesWhere is the IncidentFilter.MinSources condition; its one
// placeholder is the minimum.
const minSourcesWhere = `i.id IN (SELECT c.incident_id FROM corroboration c JOIN corroboration_groups g ON g.id = c.group_id
	WHERE g.independent_sources >= ?)`

// CorroborationReports streams the standing incidents as reports to cluster.
func (db *DB) CorroborationReports(ctx context.Context, fn func(*truce.Report) error) error {
	origins := map[int64]string{}
	rows, err := db.query(ctx, `SELECT i.id, r.origin FROM incidents i JOIN reports r ON r.id = i.report_id WHERE i.withdrawn_at = ''`)
	if err != nil {
		return fmt.Errorf("sqlite: corroboration origins: %w", err)
	}
	for rows.Next() {
		var id int64
		var origin string
		if err := rows.Scan(&id, &origin); err != nil {
			rows.Close()
			return fmt.Errorf("sqlite: corroboration origins: %w", err)
		}
		origins[id] = origin
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("sqlite: corroboration origins: %w", err)
	}
	return db.Incidents(ctx, truce.IncidentFilter{}, func(inc *truce.Incident) error {
		return fn(&truce.Report{ID: inc.ReportID, Source: inc.Source, SourceKey: inc.SourceKey,
			Hash: strconv.FormatInt(inc.ReportID, 10), Origin: origins[inc.ID], Incident: *inc})
	})
}

// ReplaceCorroboration replaces the stored groups in one transaction.
func (db *DB) ReplaceCorroboration(ctx context.Context, run truce.CorroborationRun, groups []truce.CorroborationGroup) error {
	wt, err := db.beginW(ctx)
	if err != nil {
		return err
	}
	defer wt.Rollback()
	tx := wt.Tx
	for _, q := range []string{`DELETE FROM corroboration`, `DELETE FROM corroboration_groups`, `DELETE FROM corroboration_runs`} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("sqlite: clear corroboration: %w", err)
		}
	}
	ranAt := run.RanAt
	if ranAt.IsZero() {
		ranAt = db.Now()
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO corroboration_runs (options, incidents, groups_n, ran_at) VALUES (?, ?, ?, ?)`,
		run.Options, run.Incidents, len(groups), ranAt.UTC().Format(time.RFC3339)); err != nil {
		return fmt.Errorf("sqlite: store corroboration run: %w", err)
	}
	gRows := newBulk("corroboration_groups", "id, independent_sources, sources, datasets, conflicts, confidence", 6, len(groups))
	mRows := newBulk("corroboration", "incident_id, group_id, position, reason", 4, 2*len(groups))
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
		gRows.add(id, g.IndependentSources, jsonList(g.Sources), jsonList(g.Datasets), jsonList(g.Conflicts), g.Confidence)
		for k, m := range g.Members {
			mRows.add(m.IncidentID, id, k, m.Reason)
		}
	}
	for _, b := range []*bulk{gRows, mRows} {
		if err := b.write(ctx, tx); err != nil {
			return fmt.Errorf("sqlite: store %s: %w", b.table, err)
		}
	}
	if err := wt.Commit(); err != nil {
		return fmt.Errorf("sqlite: commit corroboration: %w", err)
	}
	return nil
}

func jsonList(s []string) string {
	if s == nil {
		s = []string{}
	}
	b, _ := json.Marshal(s)
	return string(b)
}

// LastCorroboration returns the stored run.
func (db *DB) LastCorroboration(ctx context.Context) (*truce.CorroborationRun, error) {
	var run truce.CorroborationRun
	var at string
	err := db.queryRow(ctx, `SELECT options, incidents, groups_n, ran_at FROM corroboration_runs ORDER BY id DESC LIMIT 1`).
		Scan(&run.Options, &run.Incidents, &run.Groups, &at)
	if err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, truce.Errorf(truce.ENOTFOUND, "no corroboration has run: run 'truce corroborate'")
		}
		return nil, fmt.Errorf("sqlite: corroboration run: %w", err)
	}
	run.RanAt, _ = time.Parse(time.RFC3339, at)
	return &run, nil
}

// CorroborationOf returns the incident's group.
func (db *DB) CorroborationOf(ctx context.Context, incidentID int64) (*truce.CorroborationGroup, error) {
	var g truce.CorroborationGroup
	var sources, datasets, conflicts string
	err := db.queryRow(ctx, `SELECT g.id, g.independent_sources, g.sources, g.datasets, g.conflicts, g.confidence
		FROM corroboration c JOIN corroboration_groups g ON g.id = c.group_id WHERE c.incident_id = ?`, incidentID).
		Scan(&g.ID, &g.IndependentSources, &sources, &datasets, &conflicts, &g.Confidence)
	if err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, truce.Errorf(truce.ENOTFOUND, "incident %d is in no corroboration group", incidentID)
		}
		return nil, fmt.Errorf("sqlite: corroboration group: %w", err)
	}
	for _, f := range []struct {
		s   string
		dst *[]string
	}{{sources, &g.Sources}, {datasets, &g.Datasets}, {conflicts, &g.Conflicts}} {
		if err := json.Unmarshal([]byte(f.s), f.dst); err != nil {
			return nil, fmt.Errorf("sqlite: corroboration group %d: %w", g.ID, err)
		}
	}
	rows, err := db.query(ctx, `SELECT c.incident_id, i.source, i.source_key, c.reason
		FROM corroboration c JOIN incidents i ON i.id = c.incident_id WHERE c.group_id = ? ORDER BY c.position`, g.ID)
	if err != nil {
		return nil, fmt.Errorf("sqlite: corroboration members: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var m truce.CorroborationMember
		if err := rows.Scan(&m.IncidentID, &m.Source, &m.SourceKey, &m.Reason); err != nil {
			return nil, fmt.Errorf("sqlite: corroboration members: %w", err)
		}
		g.Members = append(g.Members, m)
	}
	return &g, rows.Err()
}

// PutCorroborationOverrides stores analysts' decisions.
func (db *DB) PutCorroborationOverrides(ctx context.Context, os []truce.CorroborationOverride) error {
	wt, err := db.beginW(ctx)
	if err != nil {
		return err
	}
	defer wt.Rollback()
	tx := wt.Tx
	for _, o := range os {
		if o.Kind != truce.OverrideMerge && o.Kind != truce.OverrideSplit {
			return truce.Errorf(truce.EINVALID, "override kind %q: want merge or split", o.Kind)
		}
		a, b := min(o.A, o.B), max(o.A, o.B)
		if a == b {
			return truce.Errorf(truce.EINVALID, "override of %s with itself", a)
		}
		at := o.At
		if at.IsZero() {
			at = db.Now()
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO corroboration_overrides (a, b, kind, at) VALUES (?, ?, ?, ?)
			ON CONFLICT (a, b) DO UPDATE SET kind = excluded.kind, at = excluded.at`,
			a, b, o.Kind, at.UTC().Format(time.RFC3339)); err != nil {
			return fmt.Errorf("sqlite: store override: %w", err)
		}
	}
	return wt.Commit()
}

// CorroborationOverrides lists analysts' decisions, oldest first.
func (db *DB) CorroborationOverrides(ctx context.Context) ([]truce.CorroborationOverride, error) {
	rows, err := db.query(ctx, `SELECT a, b, kind, at FROM corroboration_overrides ORDER BY at, a, b`)
	if err != nil {
		return nil, fmt.Errorf("sqlite: overrides: %w", err)
	}
	defer rows.Close()
	var out []truce.CorroborationOverride
	for rows.Next() {
		var o truce.CorroborationOverride
		var at string
		if err := rows.Scan(&o.A, &o.B, &o.Kind, &at); err != nil {
			return nil, fmt.Errorf("sqlite: overrides: %w", err)
		}
		o.At, _ = time.Parse(time.RFC3339, at)
		out = append(out, o)
	}
	return out, rows.Err()
}
