package sqlite

import (
	"context"
	"fmt"
	"time"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/internal/storesql"
)

// ClaimDeliveries leases up to n due deliveries by moving their next
// attempt to now+lease. The write transaction holds SQLite's write lock, so
// no other process reads them as due before the lease is written.
func (db *DB) ClaimDeliveries(ctx context.Context, now time.Time, n int, lease time.Duration) ([]truce.Delivery, error) {
	if n <= 0 {
		return nil, nil
	}
	wt, err := db.beginW(ctx)
	if err != nil {
		return nil, err
	}
	defer wt.Rollback()
	tx := wt.Tx
	rows, err := tx.QueryContext(ctx, `UPDATE deliveries SET next_attempt = ?
		WHERE id IN (SELECT id FROM deliveries WHERE state = ? AND next_attempt <= ? ORDER BY next_attempt, id LIMIT ?)
		RETURNING id`, micros(now.Add(lease)), truce.DeliveryPending, micros(now), n)
	if err != nil {
		return nil, fmt.Errorf("sqlite: claim deliveries: %w", err)
	}
	var ids []any
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, fmt.Errorf("sqlite: claim deliveries: %w", err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: claim deliveries: %w", err)
	}
	if len(ids) == 0 {
		return nil, wt.Commit()
	}
	rows, err = tx.QueryContext(ctx, `SELECT d.id, d.alert_id, d.webhook_id, d.state, d.attempts, d.next_attempt, d.last_status, d.last_error, d.updated_at,
		w.url, w.secret, a.kind, a.body
		FROM deliveries d JOIN webhooks w ON w.id = d.webhook_id JOIN alerts a ON a.id = d.alert_id
		WHERE d.id IN (`+placeholders(len(ids))+`) ORDER BY d.id`, ids...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: read claimed deliveries: %w", err)
	}
	defer rows.Close()
	var out []truce.Delivery
	for rows.Next() {
		var url, secret, kind string
		var body []byte
		d, err := storesql.ScanDelivery(rows, &url, &secret, &kind, &body)
		if err != nil {
			return nil, fmt.Errorf("sqlite: read claimed deliveries: %w", err)
		}
		d.URL, d.Secret, d.Kind, d.Body = url, secret, kind, body
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	return out, wt.Commit()
}

var _ truce.AlertService = (*DB)(nil)
