package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/truce-monitor/truce"
)

// PutCounts stores the counts whose source, reporter and day are not
// stored yet, in one transaction, and returns those it stored.
func (db *DB) PutCounts(ctx context.Context, cs []*truce.ReportedCount) ([]*truce.ReportedCount, error) {
	for _, c := range cs {
		if err := c.Validate(); err != nil {
			return nil, err
		}
	}
	tx, err := db.beginW(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	var out []*truce.ReportedCount
	for _, c := range cs {
		prov, err := provincesJSON(c.Provinces)
		if err != nil {
			return nil, err
		}
		// DO NOTHING: a count already stored from the same source is the
		// same report read again, whatever its words this time.
		err = tx.QueryRowContext(ctx, `INSERT INTO reported_counts (reporter, reporter_words, day, count, what, provinces, source, line, lang, day_rule, text)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (source, reporter, day) DO NOTHING RETURNING id`,
			c.Reporter, c.ReporterWords, formatDate(c.Day), c.Count, c.What, prov, c.Source, c.Line, c.Lang, c.DayRule, c.Text).Scan(&c.ID)
		switch {
		case err == nil:
			out = append(out, c)
		case errors.Is(err, sql.ErrNoRows):
			c.ID = 0
		default:
			return nil, fmt.Errorf("sqlite: store count: %w", err)
		}
	}
	return out, tx.Commit()
}

func provincesJSON(p map[string]int) (string, error) {
	if len(p) == 0 {
		return "", nil
	}
	b, err := json.Marshal(p) // sorted keys: the same breakdown is the same bytes
	if err != nil {
		return "", fmt.Errorf("encode provinces: %w", err)
	}
	return string(b), nil
}

// ReportedCounts lists the counts f selects by day, reporter, then ID.
func (db *DB) ReportedCounts(ctx context.Context, f truce.CountFilter) ([]*truce.ReportedCount, error) {
	q := `SELECT id, reporter, reporter_words, day, count, what, provinces, source, line, lang, day_rule, text FROM reported_counts WHERE 1=1`
	var args []any
	if f.Reporter != "" {
		q += ` AND reporter = ?`
		args = append(args, f.Reporter)
	}
	if !f.From.IsZero() {
		q += ` AND day >= ?`
		args = append(args, formatDate(f.From))
	}
	if !f.To.IsZero() {
		q += ` AND day <= ?`
		args = append(args, formatDate(f.To))
	}
	if f.Source != "" {
		q += ` AND source = ?`
		args = append(args, f.Source)
	}
	rows, err := db.queryA(ctx, q+` ORDER BY day, reporter, id`, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: read counts: %w", err)
	}
	defer rows.Close()
	var out []*truce.ReportedCount
	for rows.Next() {
		var c truce.ReportedCount
		var day, prov string
		if err := rows.Scan(&c.ID, &c.Reporter, &c.ReporterWords, &day, &c.Count, &c.What, &prov, &c.Source, &c.Line, &c.Lang, &c.DayRule, &c.Text); err != nil {
			return nil, fmt.Errorf("sqlite: read counts: %w", err)
		}
		c.Day = parseDate(day)
		if prov != "" {
			if err := json.Unmarshal([]byte(prov), &c.Provinces); err != nil {
				return nil, fmt.Errorf("sqlite: decode provinces of count %d: %w", c.ID, err)
			}
		}
		out = append(out, &c)
	}
	return out, rows.Err()
}

var _ truce.CountService = (*DB)(nil)
