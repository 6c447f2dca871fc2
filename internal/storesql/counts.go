package storesql

import (
	"context"
	"encoding/json"

	"github.com/truce-monitor/truce"
)

// PutCounts stores the counts whose source, reporter and day are not
// stored yet, in one transaction, and returns those it stored.
func (s *Store) PutCounts(ctx context.Context, cs []*truce.ReportedCount) ([]*truce.ReportedCount, error) {
	for _, c := range cs {
		if err := c.Validate(); err != nil {
			return nil, err
		}
	}
	var out []*truce.ReportedCount
	err := s.d.Write(ctx, func(tx Conn) error {
		out = out[:0]
		for _, c := range cs {
			var prov string // "" when no breakdown is given
			if len(c.Provinces) > 0 {
				b, err := json.Marshal(c.Provinces) // sorted keys: one breakdown, one text
				if err != nil {
					return s.errorf("encode provinces", err)
				}
				prov = string(b)
			}
			// DO NOTHING: a count already stored from the same source is
			// the same report read again, whatever its words this time.
			err := tx.QueryRow(ctx, `INSERT INTO reported_counts (reporter, reporter_words, day, count, what, provinces, source, line, lang, day_rule, text)
				VALUES (?, ?, ?, ?, ?, `+s.d.JSONParam()+`, ?, ?, ?, ?, ?) ON CONFLICT (source, reporter, day) DO NOTHING RETURNING id`,
				c.Reporter, c.ReporterWords, s.d.Date(c.Day), c.Count, c.What, s.d.Optional(prov), c.Source, c.Line, c.Lang, c.DayRule, c.Text).Scan(&c.ID)
			switch {
			case err == nil:
				out = append(out, c)
			case s.d.NoRows(err):
				c.ID = 0
			default:
				return s.errorf("store count", err)
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
func (s *Store) ReportedCounts(ctx context.Context, f truce.CountFilter) ([]*truce.ReportedCount, error) {
	q := `SELECT id, reporter, reporter_words, day, count, what, ` + s.d.JSON("provinces") + `, source, line, lang, day_rule, text FROM reported_counts WHERE 1=1`
	var args []any
	if f.Reporter != "" {
		q += ` AND reporter = ?`
		args = append(args, f.Reporter)
	}
	if !f.From.IsZero() {
		q += ` AND day >= ?`
		args = append(args, s.d.Date(f.From))
	}
	if !f.To.IsZero() {
		q += ` AND day <= ?`
		args = append(args, s.d.Date(f.To))
	}
	if f.Source != "" {
		q += ` AND source = ?`
		args = append(args, f.Source)
	}
	rows, err := s.d.Reader(ctx).Query(ctx, q+` ORDER BY day, reporter, id`, args...)
	out, err := collect(rows, err, func(row Row) (*truce.ReportedCount, error) {
		var c truce.ReportedCount
		var prov string
		if err := row.Scan(&c.ID, &c.Reporter, &c.ReporterWords, Time(&c.Day), &c.Count, &c.What, Text(&prov), &c.Source, &c.Line, &c.Lang, &c.DayRule, &c.Text); err != nil {
			return nil, err
		}
		if prov != "" {
			if err := json.Unmarshal([]byte(prov), &c.Provinces); err != nil {
				return nil, truce.Errorf(truce.EINTERNAL, "decode provinces of count %d: %v", c.ID, err)
			}
		}
		return &c, nil
	})
	return out, s.errorf("read counts", err)
}

var _ truce.CountService = (*Store)(nil)
