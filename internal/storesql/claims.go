package storesql

import (
	"context"
	"encoding/json"
	"time"

	"github.com/truce-monitor/truce"
)

// PutClaim stores c as a new claim, with its check, and returns its ID.
func (s *Store) PutClaim(ctx context.Context, c *truce.Claim) (int64, error) {
	if err := c.Validate(); err != nil {
		return 0, err
	}
	scope, err := json.Marshal(c.Scope)
	if err != nil {
		return 0, s.errorf("encode claim scope", err)
	}
	notes := c.Notes
	if notes == nil {
		notes = []string{}
	}
	notesJSON, err := json.Marshal(notes)
	if err != nil {
		return 0, s.errorf("encode claim notes", err)
	}
	var verdict, check string
	var checkedAt any = s.d.Time(time.Time{})
	if c.Check != nil {
		b, err := json.Marshal(c.Check)
		if err != nil {
			return 0, s.errorf("encode claim check", err)
		}
		verdict, check, checkedAt = string(c.Check.Verdict), string(b), s.d.Time(c.Check.CheckedAt)
	}
	j := s.d.JSONParam()
	var id int64
	err = s.d.Write(ctx, func(tx Conn) error {
		return tx.QueryRow(ctx, `INSERT INTO claims (speaker, text, source, date, scope, assertion, accused, notes, verdict, check_json, checked_at)
		VALUES (?, ?, ?, ?, `+j+`, ?, ?, `+j+`, ?, `+j+`, ?) RETURNING id`,
			c.Speaker, c.Text, c.Source, s.d.Date(c.Date), string(scope), c.Assertion, c.Accused, string(notesJSON),
			verdict, s.d.Optional(check), checkedAt).Scan(&id)
	})
	return id, s.errorf("store claim", err)
}

func (s *Store) claimSelect() string {
	return `SELECT id, speaker, text, source, date, ` + s.d.JSON("scope") + `, assertion, accused, ` + s.d.JSON("notes") + `, ` + s.d.JSON("check_json") + ` FROM claims`
}

// Claims lists every claim, newest claim date first (ties: the latest
// stored first).
func (s *Store) Claims(ctx context.Context) ([]*truce.Claim, error) {
	rows, err := s.d.Reader(ctx).Query(ctx, s.claimSelect()+` ORDER BY date DESC, id DESC`)
	out, err := collect(rows, err, scanClaim)
	return out, s.errorf("read claims", err)
}

// FindClaim returns one claim, or ENOTFOUND.
func (s *Store) FindClaim(ctx context.Context, id int64) (*truce.Claim, error) {
	c, err := scanClaim(s.d.Reader(ctx).QueryRow(ctx, s.claimSelect()+` WHERE id = ?`, id))
	if s.d.NoRows(err) {
		return nil, truce.Errorf(truce.ENOTFOUND, "no claim %d", id)
	}
	return c, s.errorf("read claim", err)
}

func scanClaim(row Row) (*truce.Claim, error) {
	var c truce.Claim
	var scope, notes, check string
	if err := row.Scan(&c.ID, &c.Speaker, &c.Text, &c.Source, Time(&c.Date), &scope, &c.Assertion, &c.Accused, &notes, Text(&check)); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(scope), &c.Scope); err != nil {
		return nil, truce.Errorf(truce.EINTERNAL, "decode scope of claim %d: %v", c.ID, err)
	}
	if err := json.Unmarshal([]byte(notes), &c.Notes); err != nil {
		return nil, truce.Errorf(truce.EINTERNAL, "decode notes of claim %d: %v", c.ID, err)
	}
	if len(c.Notes) == 0 {
		c.Notes = nil
	}
	if check != "" {
		c.Check = new(truce.ClaimCheck)
		if err := json.Unmarshal([]byte(check), c.Check); err != nil {
			return nil, truce.Errorf(truce.EINTERNAL, "decode check of claim %d: %v", c.ID, err)
		}
	}
	return &c, nil
}

var _ truce.ClaimService = (*Store)(nil)
