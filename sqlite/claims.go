package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/truce-monitor/truce"
)

// PutClaim stores c as a new claim, with its check, and returns its ID.
func (db *DB) PutClaim(ctx context.Context, c *truce.Claim) (int64, error) {
	if err := c.Validate(); err != nil {
		return 0, err
	}
	scope, err := json.Marshal(c.Scope)
	if err != nil {
		return 0, fmt.Errorf("sqlite: encode claim scope: %w", err)
	}
	notes, err := json.Marshal(nonNil(c.Notes))
	if err != nil {
		return 0, fmt.Errorf("sqlite: encode claim notes: %w", err)
	}
	var verdict, check, checkedAt string
	if c.Check != nil {
		b, err := json.Marshal(c.Check)
		if err != nil {
			return 0, fmt.Errorf("sqlite: encode claim check: %w", err)
		}
		verdict, check = string(c.Check.Verdict), string(b)
		if !c.Check.CheckedAt.IsZero() {
			checkedAt = c.Check.CheckedAt.UTC().Format(time.RFC3339)
		}
	}
	res, err := db.execW(ctx, `INSERT INTO claims (speaker, text, source, date, scope, assertion, accused, notes, verdict, check_json, checked_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		c.Speaker, c.Text, c.Source, formatDate(c.Date), string(scope), c.Assertion, c.Accused, string(notes), verdict, check, checkedAt)
	if err != nil {
		return 0, fmt.Errorf("sqlite: store claim: %w", err)
	}
	return res.LastInsertId()
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

const claimSelect = `SELECT id, speaker, text, source, date, scope, assertion, accused, notes, check_json FROM claims`

// Claims lists every claim, newest claim date first.
func (db *DB) Claims(ctx context.Context) ([]*truce.Claim, error) {
	rows, err := db.query(ctx, claimSelect+` ORDER BY date DESC, id DESC`)
	if err != nil {
		return nil, fmt.Errorf("sqlite: read claims: %w", err)
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
	return out, rows.Err()
}

// FindClaim returns one claim, or ENOTFOUND.
func (db *DB) FindClaim(ctx context.Context, id int64) (*truce.Claim, error) {
	c, err := scanClaim(db.queryRow(ctx, claimSelect+` WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, truce.Errorf(truce.ENOTFOUND, "no claim %d", id)
	}
	return c, err
}

func scanClaim(row interface{ Scan(...any) error }) (*truce.Claim, error) {
	var c truce.Claim
	var date, scope, notes, check string
	if err := row.Scan(&c.ID, &c.Speaker, &c.Text, &c.Source, &date, &scope, &c.Assertion, &c.Accused, &notes, &check); err != nil {
		return nil, err
	}
	c.Date = parseDate(date)
	if err := json.Unmarshal([]byte(scope), &c.Scope); err != nil {
		return nil, fmt.Errorf("sqlite: decode scope of claim %d: %w", c.ID, err)
	}
	if err := json.Unmarshal([]byte(notes), &c.Notes); err != nil {
		return nil, fmt.Errorf("sqlite: decode notes of claim %d: %w", c.ID, err)
	}
	if len(c.Notes) == 0 {
		c.Notes = nil
	}
	if check != "" {
		c.Check = new(truce.ClaimCheck)
		if err := json.Unmarshal([]byte(check), c.Check); err != nil {
			return nil, fmt.Errorf("sqlite: decode check of claim %d: %w", c.ID, err)
		}
	}
	return &c, nil
}

var _ truce.ClaimService = (*DB)(nil)
