package sqlite

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/paulmach/orb/geojson"
	"github.com/truce-monitor/truce"
)

// PutAgreement stores a as a new version of its ID and refreshes the zone table.
func (db *DB) PutAgreement(ctx context.Context, a *truce.Agreement) (int, error) {
	if a == nil || a.ID == "" {
		return 0, truce.Errorf(truce.EINVALID, "agreement has no id")
	}
	parsed, err := json.Marshal(a)
	if err != nil {
		return 0, fmt.Errorf("sqlite: encode agreement %s: %w", a.ID, err)
	}
	wt, err := db.beginW(ctx)
	if err != nil {
		return 0, err
	}
	defer wt.Rollback()
	tx := wt.Tx

	raw := a.Raw
	if raw == nil {
		raw = []byte{}
	}
	// Loading the same file again is not an amendment: keep its version, so
	// verdicts tied to a version stay valid.
	var latest int
	var latestRaw []byte
	err = tx.QueryRowContext(ctx, `SELECT version, raw FROM agreement_versions WHERE agreement_id = ? ORDER BY version DESC LIMIT 1`, a.ID).Scan(&latest, &latestRaw)
	switch {
	case err == nil && bytes.Equal(latestRaw, raw) && len(raw) > 0:
		return latest, nil
	case err != nil && !errors.Is(err, sql.ErrNoRows):
		return 0, err
	}
	version := latest + 1
	if _, err := tx.ExecContext(ctx, `INSERT INTO agreement_versions (agreement_id, version, title, raw, parsed, loaded_at) VALUES (?, ?, ?, ?, ?, ?)`,
		a.ID, version, a.Title, raw, string(parsed), db.Now().UTC().Format(time.RFC3339)); err != nil {
		return 0, fmt.Errorf("sqlite: store agreement %s: %w", a.ID, err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM zones WHERE agreement_id = ?`, a.ID); err != nil {
		return 0, err
	}
	for _, z := range a.Zones {
		g, err := json.Marshal(geojson.NewGeometry(z.Geometry))
		if err != nil {
			return 0, fmt.Errorf("sqlite: encode zone %s: %w", z.ID, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO zones (agreement_id, zone_id, name, geometry, buffer_km, effective_from, effective_to) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			a.ID, z.ID, z.Name, string(g), z.BufferKm, formatDate(z.EffectiveFrom), formatDate(z.EffectiveTo)); err != nil {
			return 0, fmt.Errorf("sqlite: store zone %s: %w", z.ID, err)
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES ('active_agreement', ?) ON CONFLICT (key) DO NOTHING`, a.ID); err != nil {
		return 0, err
	}
	return version, wt.Commit()
}

// FindAgreement returns the latest version of agreement id. Versions are
// immutable, so a decoded one is cached; callers get their own copy of the
// Agreement and its Zones slice, sharing the (read-only) geometries.
func (db *DB) FindAgreement(ctx context.Context, id string) (*truce.Agreement, error) {
	var version int
	err := db.queryRow(ctx, `SELECT version FROM agreement_versions WHERE agreement_id = ? ORDER BY version DESC LIMIT 1`, id).Scan(&version)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, truce.Errorf(truce.ENOTFOUND, "no agreement %q is loaded", id)
	} else if err != nil {
		return nil, err
	}
	key := agreementKey{id, version}
	db.agreementsMu.Lock()
	a, ok := db.agreements[key]
	db.agreementsMu.Unlock()
	if !ok {
		var parsed string
		err := db.queryRow(ctx, `SELECT parsed FROM agreement_versions WHERE agreement_id = ? AND version = ?`, id, version).Scan(&parsed)
		if err != nil {
			return nil, err
		}
		a = &truce.Agreement{}
		if err := json.Unmarshal([]byte(parsed), a); err != nil {
			return nil, fmt.Errorf("sqlite: decode agreement %s: %w", id, err)
		}
		db.agreementsMu.Lock()
		db.agreements[key] = a
		db.agreementsMu.Unlock()
	}
	c := *a
	c.Zones = slices.Clone(a.Zones)
	return &c, nil
}

// Agreements lists the latest version of each agreement.
func (db *DB) Agreements(ctx context.Context) ([]truce.AgreementInfo, error) {
	active, err := db.activeID(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := db.query(ctx, `SELECT v.agreement_id, v.title, v.version, v.loaded_at,
		(SELECT COUNT(*) FROM zones z WHERE z.agreement_id = v.agreement_id)
		FROM agreement_versions v
		WHERE v.version = (SELECT MAX(version) FROM agreement_versions w WHERE w.agreement_id = v.agreement_id)
		ORDER BY v.agreement_id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []truce.AgreementInfo
	for rows.Next() {
		var ai truce.AgreementInfo
		var loaded string
		if err := rows.Scan(&ai.ID, &ai.Title, &ai.Version, &loaded, &ai.Zones); err != nil {
			return nil, err
		}
		ai.LoadedAt, _ = time.Parse(time.RFC3339, loaded)
		ai.Active = ai.ID == active
		out = append(out, ai)
	}
	return out, rows.Err()
}

func (db *DB) activeID(ctx context.Context) (string, error) {
	var id string
	err := db.queryRow(ctx, `SELECT value FROM meta WHERE key = 'active_agreement'`).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return id, err
}

// ActiveAgreement returns the active agreement, or ENOTFOUND.
func (db *DB) ActiveAgreement(ctx context.Context) (*truce.Agreement, error) {
	id, err := db.activeID(ctx)
	if err != nil {
		return nil, err
	}
	if id == "" {
		return nil, truce.Errorf(truce.ENOTFOUND, "no agreement is loaded: run `truce agreement load FILE` first")
	}
	return db.FindAgreement(ctx, id)
}

// SetActiveAgreement makes id the active agreement.
func (db *DB) SetActiveAgreement(ctx context.Context, id string) error {
	// The check is part of the write, so that it sees an agreement stored
	// earlier in the same transaction (Atomic).
	res, err := db.execW(ctx, `INSERT INTO meta (key, value)
		SELECT 'active_agreement', ?1 WHERE EXISTS (SELECT 1 FROM agreement_versions WHERE agreement_id = ?1)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, id)
	if err != nil {
		return fmt.Errorf("sqlite: set active agreement: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return truce.Errorf(truce.ENOTFOUND, "no agreement %q is loaded", id)
	}
	return nil
}
