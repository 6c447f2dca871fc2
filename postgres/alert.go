package postgres

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/internal/storesql"
)

// ClaimDeliveries leases up to n due deliveries by moving their next
// attempt to now+lease. SKIP LOCKED lets senders in other processes claim
// other rows meanwhile instead of waiting for these and then re-reading
// them as no longer due.
func (db *DB) ClaimDeliveries(ctx context.Context, now time.Time, n int, lease time.Duration) ([]truce.Delivery, error) {
	if n <= 0 {
		return nil, nil
	}
	var out []truce.Delivery
	err := db.beginFunc(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `WITH due AS (
				SELECT id FROM deliveries WHERE state = $1 AND next_attempt <= $2
				ORDER BY next_attempt, id LIMIT $3 FOR UPDATE SKIP LOCKED
			), d AS (
				UPDATE deliveries d SET next_attempt = $4 FROM due WHERE d.id = due.id RETURNING d.*
			)
			SELECT `+storesql.DeliveryColumns+`, w.url, w.secret, a.kind, a.body
			FROM d JOIN webhooks w ON w.id = d.webhook_id JOIN alerts a ON a.id = d.alert_id ORDER BY d.id`,
			truce.DeliveryPending, now.UTC(), n, now.Add(lease).UTC())
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var url, secret, kind string
			var body []byte
			d, err := storesql.ScanDelivery(rows, &url, &secret, &kind, &body)
			if err != nil {
				return err
			}
			d.URL, d.Secret, d.Kind, d.Body = url, secret, kind, body
			out = append(out, d)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, wrap("claim deliveries", err)
	}
	return out, nil
}

var _ truce.AlertService = (*DB)(nil)
