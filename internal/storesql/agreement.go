package storesql

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"
	"sync"

	"github.com/truce-monitor/truce"
)

// PutAgreement stores a as a new version of its ID and refreshes its zones.
// Loading the same file again is not an amendment: it keeps its version,
// so verdicts tied to a version stay valid.
func (s *Store) PutAgreement(ctx context.Context, a *truce.Agreement) (int, error) {
	if a == nil || a.ID == "" {
		return 0, truce.Errorf(truce.EINVALID, "agreement has no id")
	}
	parsed, err := json.Marshal(a)
	if err != nil {
		return 0, s.errorf("encode agreement "+a.ID, err)
	}
	raw := NonNilBytes(a.Raw)
	var version int
	err = s.d.Write(ctx, func(tx Conn) error {
		if err := s.d.LockAgreement(ctx, tx, a.ID); err != nil {
			return err
		}
		var latest int
		var latestRaw []byte
		err := tx.QueryRow(ctx, `SELECT version, raw FROM agreement_versions WHERE agreement_id = ? ORDER BY version DESC LIMIT 1`, a.ID).Scan(&latest, &latestRaw)
		switch {
		case err == nil && bytes.Equal(latestRaw, raw) && len(raw) > 0:
			version = latest
			return nil
		case err != nil && !s.d.NoRows(err):
			return err
		}
		version = latest + 1
		if _, err := tx.Exec(ctx, `INSERT INTO agreement_versions (agreement_id, version, title, raw, parsed, loaded_at) VALUES (?, ?, ?, ?, `+s.d.JSONParam()+`, ?)`,
			a.ID, version, a.Title, raw, string(parsed), s.d.Time(s.d.Now())); err != nil {
			return s.errorf("store agreement "+a.ID, err)
		}
		if _, err := tx.Exec(ctx, `DELETE FROM zones WHERE agreement_id = ?`, a.ID); err != nil {
			return err
		}
		if err := s.d.PutZones(ctx, tx, a); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `INSERT INTO meta (key, value) VALUES ('active_agreement', ?) ON CONFLICT (key) DO NOTHING`, a.ID)
		return err
	})
	if err != nil {
		return 0, s.errorf("put agreement", err)
	}
	return version, nil
}

// agreementCache keeps decoded agreements by (id, version): decoding one
// (its zone geometries) costs more than most API requests, and a stored
// version never changes.
type agreementCache struct {
	mu sync.Mutex
	m  map[agreementKey]*truce.Agreement
}

type agreementKey struct {
	id      string
	version int
}

// FindAgreement returns the latest version of agreement id. Callers get
// their own copy of the Agreement and its Zones slice, sharing the
// (read-only) geometries.
func (s *Store) FindAgreement(ctx context.Context, id string) (*truce.Agreement, error) {
	var version int
	err := s.d.Reader(ctx).QueryRow(ctx, `SELECT version FROM agreement_versions WHERE agreement_id = ? ORDER BY version DESC LIMIT 1`, id).Scan(&version)
	if s.d.NoRows(err) {
		return nil, truce.Errorf(truce.ENOTFOUND, "no agreement %q is loaded", id)
	} else if err != nil {
		return nil, s.errorf("find agreement "+id, err)
	}
	key := agreementKey{id, version}
	s.agreements.mu.Lock()
	a, ok := s.agreements.m[key]
	s.agreements.mu.Unlock()
	if !ok {
		var parsed []byte
		err := s.d.Reader(ctx).QueryRow(ctx, `SELECT parsed FROM agreement_versions WHERE agreement_id = ? AND version = ?`, id, version).Scan(&parsed)
		if err != nil {
			return nil, s.errorf("find agreement "+id, err)
		}
		a = &truce.Agreement{}
		if err := json.Unmarshal(parsed, a); err != nil {
			return nil, s.errorf("decode agreement "+id, err)
		}
		s.agreements.mu.Lock()
		if s.agreements.m == nil {
			s.agreements.m = map[agreementKey]*truce.Agreement{}
		}
		s.agreements.m[key] = a
		s.agreements.mu.Unlock()
	}
	c := *a
	c.Zones = slices.Clone(a.Zones)
	return &c, nil
}

// Agreements lists the latest version of each agreement.
func (s *Store) Agreements(ctx context.Context) ([]truce.AgreementInfo, error) {
	active, err := s.activeID(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := s.d.Reader(ctx).Query(ctx, `SELECT v.agreement_id, v.title, v.version, v.loaded_at,
		(SELECT COUNT(*) FROM zones z WHERE z.agreement_id = v.agreement_id)
		FROM agreement_versions v
		WHERE v.version = (SELECT MAX(version) FROM agreement_versions w WHERE w.agreement_id = v.agreement_id)
		ORDER BY v.agreement_id`)
	out, err := collect(rows, err, func(row Row) (ai truce.AgreementInfo, err error) {
		err = row.Scan(&ai.ID, &ai.Title, &ai.Version, Time(&ai.LoadedAt), &ai.Zones)
		ai.Active = ai.ID == active
		return ai, err
	})
	return out, s.errorf("list agreements", err)
}

func (s *Store) activeID(ctx context.Context) (string, error) {
	var id string
	err := s.d.Reader(ctx).QueryRow(ctx, `SELECT value FROM meta WHERE key = 'active_agreement'`).Scan(&id)
	if s.d.NoRows(err) {
		return "", nil
	}
	return id, s.errorf("active agreement", err)
}

// ActiveAgreement returns the active agreement, or ENOTFOUND.
func (s *Store) ActiveAgreement(ctx context.Context) (*truce.Agreement, error) {
	id, err := s.activeID(ctx)
	if err != nil {
		return nil, err
	}
	if id == "" {
		return nil, truce.Errorf(truce.ENOTFOUND, "no agreement is loaded: run `truce agreement load FILE` first")
	}
	return s.FindAgreement(ctx, id)
}

// SetActiveAgreement makes id the active agreement.
func (s *Store) SetActiveAgreement(ctx context.Context, id string) error {
	return s.errorf("set active agreement", s.d.Write(ctx, func(tx Conn) error {
		// The check is part of the write, so that it sees an agreement
		// stored earlier in the same transaction (Atomic).
		n, err := tx.Exec(ctx, `INSERT INTO meta (key, value)
		SELECT 'active_agreement', ? WHERE EXISTS (SELECT 1 FROM agreement_versions WHERE agreement_id = ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, id, id)
		if err == nil && n == 0 {
			return truce.Errorf(truce.ENOTFOUND, "no agreement %q is loaded", id)
		}
		return err
	}))
}
