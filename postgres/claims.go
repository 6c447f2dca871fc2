package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/truce-monitor/truce"
)

// PutClaim stores c as a new claim, with its check, and returns its ID.
func (db *DB) PutClaim(ctx context.Context, c *truce.Claim) (int64, error) {
	if err := c.Validate(); err != nil {
		return 0, err
	}
	scope, err := json.Marshal(c.Scope)
	if err != nil {
		return 0, fmt.Errorf("postgres: encode claim scope: %w", err)
	}
	notes := c.Notes
	if notes == nil {
		notes = []string{}
	}
	notesJSON, err := json.Marshal(notes)
	if err != nil {
		return 0, fmt.Errorf("postgres: encode claim notes: %w", err)
	}
	var (
		verdict   string
		check     *string // NULL when unchecked
		checkedAt *time.Time
	)
	if c.Check != nil {
		b, err := json.Marshal(c.Check)
		if err != nil {
			return 0, fmt.Errorf("postgres: encode claim check: %w", err)
		}
		s := string(b)
		verdict, check = string(c.Check.Verdict), &s
		if !c.Check.CheckedAt.IsZero() {
			at := c.Check.CheckedAt.UTC()
			checkedAt = &at
		}
	}
	var id int64
	err = db.queryRowW(ctx, `INSERT INTO claims (speaker, text, source, date, scope, assertion, accused, notes, verdict, check_json, checked_at)
		VALUES ($1, $2, $3, $4::date, $5::jsonb, $6, $7, $8::jsonb, $9, $10::jsonb, $11) RETURNING id`,
		c.Speaker, c.Text, c.Source, c.Date.Format(truce.DateLayout), string(scope), c.Assertion, c.Accused, string(notesJSON),
		verdict, check, checkedAt).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("postgres: store claim: %w", err)
	}
	return id, nil
}

const claimSelect = `SELECT id, speaker, text, source, date, scope::text, assertion, accused, notes::text, check_json::text FROM claims`

// Claims lists every claim, newest claim date first (ties: the latest
// stored first).
func (db *DB) Claims(ctx context.Context) ([]*truce.Claim, error) {
	rows, err := db.pool.Query(ctx, claimSelect+` ORDER BY date DESC, id DESC`)
	if err != nil {
		return nil, fmt.Errorf("postgres: read claims: %w", err)
	}
	defer rows.Close()
	var out []*truce.Claim
	for rows.Next() {
		c, err := scanClaim(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("postgres: read claims: %w", err)
	}
	return out, nil
}

// FindClaim returns one claim, or ENOTFOUND.
func (db *DB) FindClaim(ctx context.Context, id int64) (*truce.Claim, error) {
	c, err := scanClaim(db.pool.QueryRow(ctx, claimSelect+` WHERE id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, truce.Errorf(truce.ENOTFOUND, "no claim %d", id)
	}
	return c, err
}

func scanClaim(row pgx.Row) (*truce.Claim, error) {
	var c truce.Claim
	var scope, notes string
	var check *string
	if err := row.Scan(&c.ID, &c.Speaker, &c.Text, &c.Source, &c.Date, &scope, &c.Assertion, &c.Accused, &notes, &check); err != nil {
		if errors.Is(err, pgx.ErrNoRows) {
			return nil, err
		}
		return nil, fmt.Errorf("postgres: read claim: %w", err)
	}
	if err := json.Unmarshal([]byte(scope), &c.Scope); err != nil {
		return nil, fmt.Errorf("postgres: decode scope of claim %d: %w", c.ID, err)
	}
	if err := json.Unmarshal([]byte(notes), &c.Notes); err != nil {
		return nil, fmt.Errorf("postgres: decode notes of claim %d: %w", c.ID, err)
	}
	if len(c.Notes) == 0 {
		c.Notes = nil
	}
	if check != nil {
		c.Check = new(truce.ClaimCheck)
		if err := json.Unmarshal([]byte(*check), c.Check); err != nil {
			return nil, fmt.Errorf("postgres: decode check of claim %d: %w", c.ID, err)
		}
	}
	return &c, nil
}

var _ truce.ClaimService = (*DB)(nil)
