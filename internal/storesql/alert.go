package storesql

import (
	"context"
	"strings"

	"github.com/truce-monitor/truce"
)

// CreateWebhook stores w and sets its ID.
func (s *Store) CreateWebhook(ctx context.Context, w *truce.Webhook) error {
	for _, e := range w.Events {
		// Events are kept as one comma-separated list in the embedded store.
		if e == "" || strings.Contains(e, ",") {
			return truce.Errorf(truce.EINVALID, "webhook event %q is not an alert kind", e)
		}
	}
	if w.CreatedAt.IsZero() {
		w.CreatedAt = s.d.Now()
	}
	err := s.d.Write(ctx, func(tx Conn) error {
		return tx.QueryRow(ctx, `INSERT INTO webhooks (url, secret, events, created_at, created_by) VALUES (?, ?, `+s.d.ListParam()+`, ?, ?) RETURNING id`,
			w.URL, w.Secret, strings.Join(w.Events, ","), s.d.Time(w.CreatedAt), w.CreatedBy).Scan(&w.ID)
	})
	return s.errorf("store webhook", err)
}

// Webhooks lists every webhook by ID.
func (s *Store) Webhooks(ctx context.Context) ([]truce.Webhook, error) {
	rows, err := s.d.Reader(ctx).Query(ctx, `SELECT id, url, secret, `+s.d.ListText("events")+`, created_at, created_by FROM webhooks ORDER BY id`)
	out, err := collect(rows, err, func(row Row) (w truce.Webhook, err error) {
		var events string
		if err := row.Scan(&w.ID, &w.URL, &w.Secret, Text(&events), Time(&w.CreatedAt), &w.CreatedBy); err != nil {
			return w, err
		}
		if events != "" {
			w.Events = strings.Split(events, ",")
		}
		return w, nil
	})
	return out, s.errorf("read webhooks", err)
}

// DeleteWebhook removes a webhook and its pending deliveries; attempted
// deliveries stay as the record of what was sent.
func (s *Store) DeleteWebhook(ctx context.Context, id int64) error {
	return s.errorf("delete webhook", s.d.Write(ctx, func(tx Conn) error {
		n, err := tx.Exec(ctx, `DELETE FROM webhooks WHERE id = ?`, id)
		if err != nil {
			return err
		}
		if n == 0 {
			return truce.Errorf(truce.ENOTFOUND, "no webhook %d", id)
		}
		_, err = tx.Exec(ctx, `DELETE FROM deliveries WHERE webhook_id = ? AND state = ?`, id, truce.DeliveryPending)
		return err
	}))
}

// RaiseAlert stores a unless its key is known, queueing its deliveries in
// the same transaction, so an alert never exists without them. ON CONFLICT
// makes servers raising one fact at once store it once.
func (s *Store) RaiseAlert(ctx context.Context, a *truce.Alert) (bool, error) {
	now := s.d.Now()
	if a.CreatedAt.IsZero() {
		a.CreatedAt = now
	}
	created := false
	err := s.d.Write(ctx, func(tx Conn) error {
		err := tx.QueryRow(ctx, `INSERT INTO alerts (kind, key, body, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (key) DO NOTHING RETURNING id`,
			a.Kind, a.Key, NonNilBytes(a.Body), s.d.Time(a.CreatedAt)).Scan(&a.ID)
		if s.d.NoRows(err) {
			return tx.QueryRow(ctx, `SELECT id FROM alerts WHERE key = ?`, a.Key).Scan(&a.ID)
		}
		if err != nil {
			return err
		}
		created = true
		_, err = tx.Exec(ctx, `INSERT INTO deliveries (alert_id, webhook_id, state, attempts, next_attempt, last_status, last_error, updated_at)
			SELECT ?, id, ?, 0, ?, 0, '', ? FROM webhooks WHERE `+s.d.ListHas("events")+` ORDER BY id`,
			a.ID, truce.DeliveryPending, s.d.Instant(now), s.d.Instant(now), a.Kind)
		return err
	})
	if err != nil {
		return false, s.errorf("store alert", err)
	}
	return created, nil
}

// Alerts lists alerts, newest first.
func (s *Store) Alerts(ctx context.Context, limit int) ([]truce.Alert, error) {
	if limit <= 0 {
		limit = 100
	}
	rows, err := s.d.Reader(ctx).Query(ctx, `SELECT id, kind, key, body, created_at FROM alerts ORDER BY id DESC LIMIT ?`, limit)
	out, err := collect(rows, err, func(row Row) (a truce.Alert, err error) {
		return a, row.Scan(&a.ID, &a.Kind, &a.Key, &a.Body, Time(&a.CreatedAt))
	})
	return out, s.errorf("read alerts", err)
}

// DeliveryColumns are the columns ScanDelivery reads, of deliveries aliased d.
const DeliveryColumns = `d.id, d.alert_id, d.webhook_id, d.state, d.attempts, d.next_attempt, d.last_status, d.last_error, d.updated_at`

// ScanDelivery reads DeliveryColumns, then extra.
func ScanDelivery(row Row, extra ...any) (truce.Delivery, error) {
	var d truce.Delivery
	err := row.Scan(append([]any{&d.ID, &d.AlertID, &d.WebhookID, &d.State, &d.Attempts, Time(&d.NextAttempt), &d.LastStatus, &d.LastError, Time(&d.UpdatedAt)}, extra...)...)
	return d, err
}

// UpdateDelivery records an attempt.
func (s *Store) UpdateDelivery(ctx context.Context, d *truce.Delivery) error {
	return s.errorf("update delivery", s.d.Write(ctx, func(tx Conn) error {
		n, err := tx.Exec(ctx, `UPDATE deliveries SET state = ?, attempts = ?, next_attempt = ?, last_status = ?, last_error = ?, updated_at = ? WHERE id = ?`,
			d.State, d.Attempts, s.d.Instant(d.NextAttempt), d.LastStatus, d.LastError, s.d.Instant(d.UpdatedAt), d.ID)
		if err == nil && n == 0 {
			return truce.Errorf(truce.ENOTFOUND, "no delivery %d", d.ID)
		}
		return err
	}))
}

// Deliveries lists the deliveries of an alert or of a webhook, by ID.
func (s *Store) Deliveries(ctx context.Context, alertID, webhookID int64) ([]truce.Delivery, error) {
	rows, err := s.d.Reader(ctx).Query(ctx, `SELECT `+DeliveryColumns+` FROM deliveries d
		WHERE (? <= 0 OR d.alert_id = ?) AND (? <= 0 OR d.webhook_id = ?) ORDER BY d.id`, alertID, alertID, webhookID, webhookID)
	out, err := collect(rows, err, func(row Row) (truce.Delivery, error) { return ScanDelivery(row) })
	return out, s.errorf("read deliveries", err)
}
