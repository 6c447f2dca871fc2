package sqlite

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/truce-monitor/truce"
)

// CreateWebhook stores w and sets its ID.
func (db *DB) CreateWebhook(ctx context.Context, w *truce.Webhook) error {
	for _, e := range w.Events {
		if e == "" || strings.Contains(e, ",") {
			return truce.Errorf(truce.EINVALID, "webhook event %q is not an alert kind", e)
		}
	}
	if w.CreatedAt.IsZero() {
		w.CreatedAt = db.Now()
	}
	res, err := db.execW(ctx, `INSERT INTO webhooks (url, secret, events, created_at, created_by) VALUES (?, ?, ?, ?, ?)`,
		w.URL, w.Secret, strings.Join(w.Events, ","), formatTime(w.CreatedAt), w.CreatedBy)
	if err != nil {
		return fmt.Errorf("sqlite: store webhook: %w", err)
	}
	w.ID, err = res.LastInsertId()
	return err
}

// Webhooks lists every webhook by ID.
func (db *DB) Webhooks(ctx context.Context) ([]truce.Webhook, error) {
	rows, err := db.query(ctx, `SELECT id, url, secret, events, created_at, created_by FROM webhooks ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("sqlite: read webhooks: %w", err)
	}
	defer rows.Close()
	var out []truce.Webhook
	for rows.Next() {
		var w truce.Webhook
		var events, created string
		if err := rows.Scan(&w.ID, &w.URL, &w.Secret, &events, &created, &w.CreatedBy); err != nil {
			return nil, fmt.Errorf("sqlite: read webhooks: %w", err)
		}
		if events != "" {
			w.Events = strings.Split(events, ",")
		}
		w.CreatedAt = parseTime(created)
		out = append(out, w)
	}
	return out, rows.Err()
}

// DeleteWebhook removes a webhook and its pending deliveries; attempted
// deliveries stay as the record of what was sent.
func (db *DB) DeleteWebhook(ctx context.Context, id int64) error {
	wt, err := db.beginW(ctx)
	if err != nil {
		return err
	}
	defer wt.Rollback()
	tx := wt.Tx
	res, err := tx.ExecContext(ctx, `DELETE FROM webhooks WHERE id = ?`, id)
	if err != nil {
		return fmt.Errorf("sqlite: delete webhook: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return truce.Errorf(truce.ENOTFOUND, "no webhook %d", id)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM deliveries WHERE webhook_id = ? AND state = ?`, id, truce.DeliveryPending); err != nil {
		return fmt.Errorf("sqlite: delete webhook deliveries: %w", err)
	}
	return wt.Commit()
}

// RaiseAlert stores a unless its key is known, queueing its deliveries in
// the same transaction, so an alert never exists without them.
func (db *DB) RaiseAlert(ctx context.Context, a *truce.Alert) (bool, error) {
	now := db.Now()
	if a.CreatedAt.IsZero() {
		a.CreatedAt = now
	}
	wt, err := db.beginW(ctx)
	if err != nil {
		return false, err
	}
	defer wt.Rollback()
	tx := wt.Tx
	res, err := tx.ExecContext(ctx, `INSERT INTO alerts (kind, key, body, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (key) DO NOTHING`,
		a.Kind, a.Key, nonNilBytes(a.Body), formatTime(a.CreatedAt))
	if err != nil {
		return false, fmt.Errorf("sqlite: store alert: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		if err := tx.QueryRowContext(ctx, `SELECT id FROM alerts WHERE key = ?`, a.Key).Scan(&a.ID); err != nil {
			return false, fmt.Errorf("sqlite: find alert: %w", err)
		}
		return false, nil
	}
	if a.ID, err = res.LastInsertId(); err != nil {
		return false, err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO deliveries (alert_id, webhook_id, state, attempts, next_attempt, last_status, last_error, updated_at)
		SELECT ?, id, ?, 0, ?, 0, '', ? FROM webhooks WHERE events = '' OR instr(',' || events || ',', ',' || ? || ',') > 0 ORDER BY id`,
		a.ID, truce.DeliveryPending, micros(now), micros(now), a.Kind); err != nil {
		return false, fmt.Errorf("sqlite: queue deliveries: %w", err)
	}
	return true, wt.Commit()
}

// Alerts lists alerts, newest first.
func (db *DB) Alerts(ctx context.Context, limit int) ([]truce.Alert, error) {
	if limit <= 0 {
		limit = 100
	}
	rows, err := db.query(ctx, `SELECT id, kind, key, body, created_at FROM alerts ORDER BY id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("sqlite: read alerts: %w", err)
	}
	defer rows.Close()
	var out []truce.Alert
	for rows.Next() {
		var a truce.Alert
		var created string
		if err := rows.Scan(&a.ID, &a.Kind, &a.Key, &a.Body, &created); err != nil {
			return nil, fmt.Errorf("sqlite: read alerts: %w", err)
		}
		a.CreatedAt = parseTime(created)
		out = append(out, a)
	}
	return out, rows.Err()
}

const deliverySelect = `SELECT d.id, d.alert_id, d.webhook_id, d.state, d.attempts, d.next_attempt, d.last_status, d.last_error, d.updated_at FROM deliveries d`

func scanDelivery(row scanner, extra ...any) (truce.Delivery, error) {
	var d truce.Delivery
	var next, updated int64
	if err := row.Scan(append([]any{&d.ID, &d.AlertID, &d.WebhookID, &d.State, &d.Attempts, &next, &d.LastStatus, &d.LastError, &updated}, extra...)...); err != nil {
		return d, err
	}
	d.NextAttempt, d.UpdatedAt = fromMicros(next), fromMicros(updated)
	return d, nil
}

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
		d, err := scanDelivery(rows, &url, &secret, &kind, &body)
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

// UpdateDelivery records an attempt.
func (db *DB) UpdateDelivery(ctx context.Context, d *truce.Delivery) error {
	res, err := db.execW(ctx, `UPDATE deliveries SET state = ?, attempts = ?, next_attempt = ?, last_status = ?, last_error = ?, updated_at = ? WHERE id = ?`,
		d.State, d.Attempts, micros(d.NextAttempt), d.LastStatus, d.LastError, micros(d.UpdatedAt), d.ID)
	if err != nil {
		return fmt.Errorf("sqlite: update delivery: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return truce.Errorf(truce.ENOTFOUND, "no delivery %d", d.ID)
	}
	return nil
}

// Deliveries lists the deliveries of an alert or of a webhook, by ID.
func (db *DB) Deliveries(ctx context.Context, alertID, webhookID int64) ([]truce.Delivery, error) {
	rows, err := db.query(ctx, deliverySelect+` WHERE (? <= 0 OR d.alert_id = ?) AND (? <= 0 OR d.webhook_id = ?) ORDER BY d.id`,
		alertID, alertID, webhookID, webhookID)
	if err != nil {
		return nil, fmt.Errorf("sqlite: read deliveries: %w", err)
	}
	defer rows.Close()
	var out []truce.Delivery
	for rows.Next() {
		d, err := scanDelivery(rows)
		if err != nil {
			return nil, fmt.Errorf("sqlite: read deliveries: %w", err)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

var _ truce.AlertService = (*DB)(nil)
