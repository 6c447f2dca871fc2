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

// PutCounts stores the counts whose source, reporter and day are not
// stored yet, in one transaction, and returns those it stored.
func (db *DB) PutCounts(ctx context.Context, cs []*truce.ReportedCount) ([]*truce.ReportedCount, error) {
	for _, c := range cs {
		if err := c.Validate(); err != nil {
			return nil, err
		}
	}
	var out []*truce.ReportedCount
	err := db.beginFunc(ctx, func(tx pgx.Tx) error {
		out = out[:0]
		for _, c := range cs {
			var prov *string // NULL when no breakdown is given
			if len(c.Provinces) > 0 {
				b, err := json.Marshal(c.Provinces)
				if err != nil {
					return fmt.Errorf("postgres: encode provinces: %w", err)
				}
				s := string(b)
				prov = &s
			}
			// DO NOTHING: a count already stored from the same source is
			// the same report read again, whatever its words this time.
			err := tx.QueryRow(ctx, `INSERT INTO reported_counts (reporter, reporter_words, day, count, what, provinces, source, line, lang, day_rule, text)
				VALUES ($1, $2, $3::date, $4, $5, $6::jsonb, $7, $8, $9, $10, $11) ON CONFLICT (source, reporter, day) DO NOTHING RETURNING id`,
				c.Reporter, c.ReporterWords, c.Day.Format(truce.DateLayout), c.Count, c.What, prov, c.Source, c.Line, c.Lang, c.DayRule, c.Text).Scan(&c.ID)
			switch {
			case err == nil:
				out = append(out, c)
			case errors.Is(err, pgx.ErrNoRows):
				c.ID = 0
			default:
				return fmt.Errorf("postgres: store count: %w", err)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ReportedCounts lists the counts f selects by day, reporter, then ID.
func (db *DB) ReportedCounts(ctx context.Context, f truce.CountFilter) ([]*truce.ReportedCount, error) {
	q := `SELECT id, reporter, reporter_words, day::text, count, what, coalesce(provinces::text, ''), source, line, lang, day_rule, text FROM reported_counts WHERE true`
	var args []any
	arg := func(cond string, v any) {
		args = append(args, v)
		q += fmt.Sprintf(cond, len(args))
	}
	if f.Reporter != "" {
		arg(` AND reporter = $%d`, f.Reporter)
	}
	if !f.From.IsZero() {
		arg(` AND day >= $%d::date`, f.From.Format(truce.DateLayout))
	}
	if !f.To.IsZero() {
		arg(` AND day <= $%d::date`, f.To.Format(truce.DateLayout))
	}
	if f.Source != "" {
		arg(` AND source = $%d`, f.Source)
	}
	rows, err := db.pool.Query(ctx, q+` ORDER BY day, reporter, id`, args...)
	if err != nil {
		return nil, fmt.Errorf("postgres: read counts: %w", err)
	}
	defer rows.Close()
	var out []*truce.ReportedCount
	for rows.Next() {
		var c truce.ReportedCount
		var day, prov string
		if err := rows.Scan(&c.ID, &c.Reporter, &c.ReporterWords, &day, &c.Count, &c.What, &prov, &c.Source, &c.Line, &c.Lang, &c.DayRule, &c.Text); err != nil {
			return nil, fmt.Errorf("postgres: read counts: %w", err)
		}
		c.Day, _ = time.Parse(truce.DateLayout, day)
		if prov != "" {
			if err := json.Unmarshal([]byte(prov), &c.Provinces); err != nil {
				return nil, fmt.Errorf("postgres: decode provinces of count %d: %w", c.ID, err)
			}
		}
		out = append(out, &c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("postgres: read counts: %w", err)
	}
	return out, nil
}

var _ truce.CountService = (*DB)(nil)
