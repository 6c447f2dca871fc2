package postgres

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/truce-monitor/truce"
)

var _ truce.CorroborationService = (*DB)(nil)

// minSourcesWhere is the IncidentFilter.MinSources condition, completed by
// the minimum's placeholder and a closing parenthesis.
const minSourcesWhere = `i.id IN (SELECT c.incident_id FROM corroboration c JOIN corroboration_groups g ON g.id = c.group_id
	WHERE g.independent_sources >= `

// CorroborationReports streams the standing incidents as reports to cluster.
func (db *DB) CorroborationReports(ctx context.Context, fn func(*truce.Report) error) error {
	origins := map[int64]string{}
	rows, err := db.pool.Query(ctx, `SELECT i.id, r.origin FROM incidents i JOIN reports r ON r.id = i.report_id WHERE i.withdrawn_at IS NULL`)
	if err != nil {
		return fmt.Errorf("postgres: corroboration origins: %w", err)
	}
	for rows.Next() {
		var id int64
		var origin string
		if err := rows.Scan(&id, &origin); err != nil {
			rows.Close()
			return fmt.Errorf("postgres: corroboration origins: %w", err)
		}
		origins[id] = origin
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("postgres: corroboration origins: %w", err)
	}
	return db.Incidents(ctx, truce.IncidentFilter{}, func(inc *truce.Incident) error {
		return fn(&truce.Report{ID: inc.ReportID, Source: inc.Source, SourceKey: inc.SourceKey,
			Hash: strconv.FormatInt(inc.ReportID, 10), Origin: origins[inc.ID], Incident: *inc})
	})
}

func nonNilList(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// ReplaceCorroboration replaces the stored groups in one transaction.
func (db *DB) ReplaceCorroboration(ctx context.Context, run truce.CorroborationRun, groups []truce.CorroborationGroup) error {
	tx, err := db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, `TRUNCATE corroboration, corroboration_groups, corroboration_runs`); err != nil {
		return fmt.Errorf("postgres: clear corroboration: %w", err)
	}
	ranAt := run.RanAt
	if ranAt.IsZero() {
		ranAt = db.Now()
	}
	if _, err := tx.Exec(ctx, `INSERT INTO corroboration_runs (options, incidents, groups_n, ran_at) VALUES ($1, $2, $3, $4)`,
		run.Options, run.Incidents, len(groups), ranAt.UTC()); err != nil {
		return fmt.Errorf("postgres: store corroboration run: %w", err)
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
		gRows = append(gRows, []any{id, g.IndependentSources, nonNilList(g.Sources), nonNilList(g.Datasets), nonNilList(g.Conflicts), g.Confidence})
		for k, m := range g.Members {
			mRows = append(mRows, []any{m.IncidentID, id, k, m.Reason})
		}
	}
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{"corroboration_groups"},
		[]string{"id", "independent_sources", "sources", "datasets", "conflicts", "confidence"}, pgx.CopyFromRows(gRows)); err != nil {
		return fmt.Errorf("postgres: store corroboration groups: %w", err)
	}
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{"corroboration"},
		[]string{"incident_id", "group_id", "position", "reason"}, pgx.CopyFromRows(mRows)); err != nil {
		return fmt.Errorf("postgres: store corroboration members: %w", err)
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("postgres: commit corroboration: %w", err)
	}
	return nil
}

// LastCorroboration returns the stored run.
func (db *DB) LastCorroboration(ctx context.Context) (*truce.CorroborationRun, error) {
	var run truce.CorroborationRun
	err := db.pool.QueryRow(ctx, `SELECT options, incidents, groups_n, ran_at FROM corroboration_runs ORDER BY id DESC LIMIT 1`).
		Scan(&run.Options, &run.Incidents, &run.Groups, &run.RanAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, truce.Errorf(truce.ENOTFOUND, "no corroboration has run: run 'truce corroborate'")
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: corroboration run: %w", err)
	}
	run.RanAt = run.RanAt.UTC()
	return &run, nil
}

// CorroborationOf returns the incident's group.
func (db *DB) CorroborationOf(ctx context.Context, incidentID int64) (*truce.CorroborationGroup, error) {
	var g truce.CorroborationGroup
	err := db.pool.QueryRow(ctx, `SELECT g.id, g.independent_sources, g.sources, g.datasets, g.conflicts, g.confidence
		FROM corroboration c JOIN corroboration_groups g ON g.id = c.group_id WHERE c.incident_id = $1`, incidentID).
		Scan(&g.ID, &g.IndependentSources, &g.Sources, &g.Datasets, &g.Conflicts, &g.Confidence)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, truce.Errorf(truce.ENOTFOUND, "incident %d is in no corroboration group", incidentID)
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: corroboration group: %w", err)
	}
	rows, err := db.pool.Query(ctx, `SELECT c.incident_id, i.source, i.source_key, c.reason
		FROM corroboration c JOIN incidents i ON i.id = c.incident_id WHERE c.group_id = $1 ORDER BY c.position`, g.ID)
	if err != nil {
		return nil, fmt.Errorf("postgres: corroboration members: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var m truce.CorroborationMember
		if err := rows.Scan(&m.IncidentID, &m.Source, &m.SourceKey, &m.Reason); err != nil {
			return nil, fmt.Errorf("postgres: corroboration members: %w", err)
		}
		g.Members = append(g.Members, m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("postgres: corroboration members: %w", err)
	}
	return &g, nil
}

// PutCorroborationOverrides stores analysts' decisions.
func (db *DB) PutCorroborationOverrides(ctx context.Context, os []truce.CorroborationOverride) error {
	tx, err := db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
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
		if _, err := tx.Exec(ctx, `INSERT INTO corroboration_overrides (a, b, kind, at) VALUES ($1, $2, $3, $4)
			ON CONFLICT (a, b) DO UPDATE SET kind = excluded.kind, at = excluded.at`, a, b, o.Kind, at.UTC().Truncate(time.Second)); err != nil {
			return fmt.Errorf("postgres: store override: %w", err)
		}
	}
	return tx.Commit(ctx)
}

// CorroborationOverrides lists analysts' decisions, oldest first.
func (db *DB) CorroborationOverrides(ctx context.Context) ([]truce.CorroborationOverride, error) {
	rows, err := db.pool.Query(ctx, `SELECT a, b, kind, at FROM corroboration_overrides ORDER BY at, a, b`)
	if err != nil {
		return nil, fmt.Errorf("postgres: overrides: %w", err)
	}
	defer rows.Close()
	var out []truce.CorroborationOverride
	for rows.Next() {
		var o truce.CorroborationOverride
		if err := rows.Scan(&o.A, &o.B, &o.Kind, &o.At); err != nil {
			return nil, fmt.Errorf("postgres: overrides: %w", err)
		}
		o.At = o.At.UTC()
		out = append(out, o)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("postgres: overrides: %w", err)
	}
	return out, nil
}
