package postgres

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/truce-monitor/truce"
)

// PutAgreement stores a as a new version of its ID and refreshes the zone table.
func (db *DB) PutAgreement(ctx context.Context, a *truce.Agreement) (int, error) {
	if a == nil || a.ID == "" {
		return 0, truce.Errorf(truce.EINVALID, "agreement has no id")
	}
	parsed, err := json.Marshal(a)
	if err != nil {
		return 0, fmt.Errorf("postgres: encode agreement %s: %w", a.ID, err)
	}
	raw := a.Raw
	if raw == nil {
		raw = []byte{}
	}
	// Every zone's geometry as WKB, prepared before the transaction.
	var (
		ids, names []string
		geoms      [][]byte
		buffers    []float64
		from, to   []*time.Time
	)
	for _, z := range a.Zones {
		g, err := encodeGeometry(z.Geometry)
		if err != nil {
			return 0, fmt.Errorf("postgres: encode zone %s: %w", z.ID, err)
		}
		ids, names, geoms, buffers = append(ids, z.ID), append(names, z.Name), append(geoms, g), append(buffers, z.BufferKm)
		from, to = append(from, datePtr(z.EffectiveFrom)), append(to, datePtr(z.EffectiveTo))
	}

	var version int
	err = db.beginFunc(ctx, func(tx pgx.Tx) error {
		// Two loads of one agreement take turns, so versions never collide.
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1, hashtext('agreement:' || current_schema() || ':' || $2))`, lockClass, a.ID); err != nil {
			return err
		}
		// Loading the same file again is not an amendment: keep its version,
		// so verdicts tied to a version stay valid.
		var latest int
		var latestRaw []byte
		err := tx.QueryRow(ctx, `SELECT version, raw FROM agreement_versions WHERE agreement_id = $1 ORDER BY version DESC LIMIT 1`, a.ID).Scan(&latest, &latestRaw)
		switch {
		case err == nil && bytes.Equal(latestRaw, raw) && len(raw) > 0:
			version = latest
			return nil
		case err != nil && !errors.Is(err, pgx.ErrNoRows):
			return err
		}
		version = latest + 1
		if _, err := tx.Exec(ctx, `INSERT INTO agreement_versions (agreement_id, version, title, raw, parsed, loaded_at) VALUES ($1, $2, $3, $4, $5, $6)`,
			a.ID, version, a.Title, raw, string(parsed), db.Now().UTC()); err != nil {
			return fmt.Errorf("store agreement %s: %w", a.ID, err)
		}
		if _, err := tx.Exec(ctx, `DELETE FROM zones WHERE agreement_id = $1`, a.ID); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO zones (agreement_id, zone_id, name, geom, buffer_km, effective_from, effective_to)
			SELECT $1, z.id, z.name, ST_Multi(ST_GeomFromWKB(z.geom, 4326)), z.buffer_km, z.effective_from, z.effective_to
			FROM unnest($2::text[], $3::text[], $4::bytea[], $5::float8[], $6::date[], $7::date[])
				AS z (id, name, geom, buffer_km, effective_from, effective_to)`,
			a.ID, ids, names, geoms, buffers, from, to); err != nil {
			if isUniqueViolation(err) {
				return truce.Errorf(truce.EINVALID, "agreement %s: two zones share an id", a.ID)
			}
			return fmt.Errorf("store zones of %s: %w", a.ID, err)
		}
		_, err = tx.Exec(ctx, `INSERT INTO meta (key, value) VALUES ('active_agreement', $1) ON CONFLICT (key) DO NOTHING`, a.ID)
		return err
	})
	if err != nil {
		return 0, wrap("put agreement", err)
	}
	return version, nil
}

// FindAgreement returns the latest version of agreement id.
func (db *DB) FindAgreement(ctx context.Context, id string) (*truce.Agreement, error) {
	var version int
	err := db.pool.QueryRow(ctx, `SELECT version FROM agreement_versions WHERE agreement_id = $1 ORDER BY version DESC LIMIT 1`, id).Scan(&version)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, truce.Errorf(truce.ENOTFOUND, "no agreement %q is loaded", id)
	} else if err != nil {
		return nil, fmt.Errorf("postgres: find agreement %s: %w", id, err)
	}
	key := agreementKey{id, version}
	db.agreementsMu.Lock()
	a, ok := db.agreements[key]
	db.agreementsMu.Unlock()
	if !ok {
		var parsed []byte
		if err := db.pool.QueryRow(ctx, `SELECT parsed FROM agreement_versions WHERE agreement_id = $1 AND version = $2`, id, version).Scan(&parsed); err != nil {
			return nil, fmt.Errorf("postgres: find agreement %s: %w", id, err)
		}
		a = &truce.Agreement{}
		if err := json.Unmarshal(parsed, a); err != nil {
			return nil, fmt.Errorf("postgres: decode agreement %s: %w", id, err)
		}
		db.agreementsMu.Lock()
		db.agreements[key] = a
		db.agreementsMu.Unlock()
	}
	// Callers get their own Agreement and Zones slice; the geometries are
	// shared and read-only.
	c := *a
	c.Zones = slices.Clone(a.Zones)
	return &c, nil
}

// Agreements lists the latest version of each agreement.
func (db *DB) Agreements(ctx context.Context) ([]truce.AgreementInfo, error) {
	rows, err := db.pool.Query(ctx, `SELECT DISTINCT ON (v.agreement_id) v.agreement_id, v.title, v.version, v.loaded_at,
		(SELECT count(*) FROM zones z WHERE z.agreement_id = v.agreement_id),
		v.agreement_id = (SELECT value FROM meta WHERE key = 'active_agreement') IS TRUE
		FROM agreement_versions v
		ORDER BY v.agreement_id, v.version DESC`)
	if err != nil {
		return nil, fmt.Errorf("postgres: list agreements: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (truce.AgreementInfo, error) {
		var ai truce.AgreementInfo
		err := row.Scan(&ai.ID, &ai.Title, &ai.Version, &ai.LoadedAt, &ai.Zones, &ai.Active)
		ai.LoadedAt = ai.LoadedAt.UTC()
		return ai, err
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: list agreements: %w", err)
	}
	if len(out) == 0 {
		return nil, nil
	}
	return out, nil
}

// ActiveAgreement returns the active agreement, or ENOTFOUND.
func (db *DB) ActiveAgreement(ctx context.Context) (*truce.Agreement, error) {
	var id string
	err := db.pool.QueryRow(ctx, `SELECT value FROM meta WHERE key = 'active_agreement'`).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, truce.Errorf(truce.ENOTFOUND, "no agreement is loaded: run `truce agreement load FILE` first")
	} else if err != nil {
		return nil, fmt.Errorf("postgres: active agreement: %w", err)
	}
	return db.FindAgreement(ctx, id)
}

// SetActiveAgreement makes id the active agreement.
func (db *DB) SetActiveAgreement(ctx context.Context, id string) error {
	tag, err := db.execW(ctx, `INSERT INTO meta (key, value)
		SELECT 'active_agreement', $1 WHERE EXISTS (SELECT 1 FROM agreement_versions WHERE agreement_id = $1)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, id)
	if err != nil {
		return fmt.Errorf("postgres: set active agreement: %w", err)
	}
	if tag.RowsAffected() == 0 {
		return truce.Errorf(truce.ENOTFOUND, "no agreement %q is loaded", id)
	}
	return nil
}

// datePtr returns t as a nullable date parameter.
func datePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// wrap prefixes err with the package and what failed, leaving user-facing
// errors (*truce.Error) as they are.
func wrap(what string, err error) error {
	var te *truce.Error
	if err == nil || errors.As(err, &te) {
		return err
	}
	return fmt.Errorf("postgres: %s: %w", what, err)
}
