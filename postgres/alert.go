package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/truce-monitor/truce"
)

// CreateWebhook stores w and sets its ID.
func (db *DB) CreateWebhook(ctx context.Context, w *truce.Webhook) error {
	for _, e := range w.Events {
		if e == "" {
			return truce.Errorf(truce.EINVALID, "webhook event %q is not an alert kind", e)
		}
	}
	if w.CreatedAt.IsZero() {
		w.CreatedAt = db.Now()
	}
	events := w.Events
	if events == nil {
		events = []string{}
	}
	if err := db.queryRowW(ctx, `INSERT INTO webhooks (url, secret, events, created_at, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
		w.URL, w.Secret, events, w.CreatedAt.UTC(), w.CreatedBy).Scan(&w.ID); err != nil {
		return fmt.Errorf("postgres: store webhook: %w", err)
	}
	return nil
}

// Webhooks lists every webhook by ID.
func (db *DB) Webhooks(ctx context.Context) ([]truce.Webhook, error) {
	rows, err := db.pool.Query(ctx, `SELECT id, url, secret, events, created_at, created_by FROM webhooks ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("postgres: read webhooks: %w", err)
	}
	defer rows.Close()
	var out []truce.Webhook
	for rows.Next() {
		var w truce.Webhook
		if err := rows.Scan(&w.ID, &w.URL, &w.Secret, &w.Events, &w.CreatedAt, &w.CreatedBy); err != nil {
			return nil, fmt.Errorf("postgres: read webhooks: %w", err)
		}
		if len(w.Events) == 0 {
			w.Events = nil
		}
		w.CreatedAt = w.CreatedAt.UTC()
		out = append(out, w)
	}
	return out, rows.Err()
}

// DeleteWebhook removes a webhook and its pending deliveries; attempted
// deliveries stay as the record of what was sent.
func (db *DB) DeleteWebhook(ctx context.Context, id int64) error {
	err := db.beginFunc(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `DELETE FROM webhooks WHERE id = $1`, id)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return truce.Errorf(truce.ENOTFOUND, "no webhook %d", id)
		}
		_, err = tx.Exec(ctx, `DELETE FROM deliveries WHERE webhook_id = $1 AND state = $2`, id, truce.DeliveryPending)
		return err
	})
	return wrap("delete webhook", err)
}

// RaiseAlert stores a unless its key is known, queueing its deliveries in
// the same transaction, so an alert never exists without them. ON CONFLICT
// makes servers raising one fact at once store it once.
func (db *DB) RaiseAlert(ctx context.Context, a *truce.Alert) (bool, error) {
	now := db.Now().UTC()
	if a.CreatedAt.IsZero() {
		a.CreatedAt = now
	}
	created := false
	err := db.beginFunc(ctx, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `INSERT INTO alerts (kind, key, body, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (key) DO NOTHING RETURNING id`,
			a.Kind, a.Key, nonNilBytes(a.Body), a.CreatedAt.UTC()).Scan(&a.ID)
		if errors.Is(err, pgx.ErrNoRows) {
			return tx.QueryRow(ctx, `SELECT id FROM alerts WHERE key = $1`, a.Key).Scan(&a.ID)
		}
		if err != nil {
			return err
		}
		created = true
		_, err = tx.Exec(ctx, `INSERT INTO deliveries (alert_id, webhook_id, state, attempts, next_attempt, last_status, last_error, updated_at)
			SELECT $1, id, $2, 0, $3, 0, '', $3 FROM webhooks WHERE cardinality(events) = 0 OR $4 = ANY(events) ORDER BY id`,
			a.ID, truce.DeliveryPending, now, a.Kind)
		return err
	})
	if err != nil {
		return false, wrap("raise alert", err)
	}
	return created, nil
}

// Alerts lists alerts, newest first.
func (db *DB) Alerts(ctx context.Context, limit int) ([]truce.Alert, error) {
	if limit <= 0 {
		limit = 100
	}
	rows, err := db.pool.Query(ctx, `SELECT id, kind, key, body, created_at FROM alerts ORDER BY id DESC LIMIT $1`, limit)
	if err != nil {
		return nil, fmt.Errorf("postgres: read alerts: %w", err)
	}
	defer rows.Close()
	var out []truce.Alert
	for rows.Next() {
		var a truce.Alert
		if err := rows.Scan(&a.ID, &a.Kind, &a.Key, &a.Body, &a.CreatedAt); err != nil {
			return nil, fmt.Errorf("postgres: read alerts: %w", err)
		}
		a.CreatedAt = a.CreatedAt.UTC()
		out = append(out, a)
	}
	return out, rows.Err()
}

const deliveryColumns = `d.id, d.alert_id, d.webhook_id, d.state, d.attempts, d.next_attempt, d.last_status, d.last_error, d.updated_at`

func scanDelivery(row pgx.Row, extra ...any) (truce.Delivery, error) {
	var d truce.Delivery
	if err := row.Scan(append([]any{&d.ID, &d.AlertID, &d.WebhookID, &d.State, &d.Attempts, &d.NextAttempt, &d.LastStatus, &d.LastError, &d.UpdatedAt}, extra...)...); err != nil {
		return d, err
	}
	d.NextAttempt, d.UpdatedAt = d.NextAttempt.UTC(), d.UpdatedAt.UTC()
	return d, nil
}

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
			SELECT `+deliveryColumns+`, w.url, w.secret, a.kind, a.body
			FROM d JOIN webhooks w ON w.id = d.webhook_id JOIN alerts a ON a.id = d.alert_id ORDER BY d.id`,
			truce.DeliveryPending, now.UTC(), n, now.Add(lease).UTC())
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var url, secret, kind string
			var body []byte
			d, err := scanDelivery(rows, &url, &secret, &kind, &body)
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

// UpdateDelivery records an attempt.
func (db *DB) UpdateDelivery(ctx context.Context, d *truce.Delivery) error {
	tag, err := db.execW(ctx, `UPDATE deliveries SET state = $1, attempts = $2, next_attempt = $3, last_status = $4, last_error = $5, updated_at = $6 WHERE id = $7`,
		d.State, d.Attempts, d.NextAttempt.UTC(), d.LastStatus, d.LastError, d.UpdatedAt.UTC(), d.ID)
	if err != nil {
		return fmt.Errorf("postgres: update delivery: %w", err)
	}
	if tag.RowsAffected() == 0 {
		return truce.Errorf(truce.ENOTFOUND, "no delivery %d", d.ID)
	}
	return nil
}

// Deliveries lists the deliveries of an alert or of a webhook, by ID.
func (db *DB) Deliveries(ctx context.Context, alertID, webhookID int64) ([]truce.Delivery, error) {
	rows, err := db.pool.Query(ctx, `SELECT `+deliveryColumns+` FROM deliveries d
		WHERE ($1 <= 0 OR d.alert_id = $1) AND ($2 <= 0 OR d.webhook_id = $2) ORDER BY d.id`, alertID, webhookID)
	if err != nil {
		return nil, fmt.Errorf("postgres: read deliveries: %w", err)
	}
	defer rows.Close()
	var out []truce.Delivery
	for rows.Next() {
		d, err := scanDelivery(rows)
		if err != nil {
			return nil, fmt.Errorf("postgres: read deliveries: %w", err)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

var _ truce.AlertService = (*DB)(nil)
