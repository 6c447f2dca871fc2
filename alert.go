package truce

import (
	"context"
	"time"
)

// Alert kinds, also the event names webhooks subscribe to.
const (
	AlertStatusChange   = "status_change"   // a zone's status changed from one day to the next
	AlertGraveViolation = "grave_violation" // an incident was judged a grave violation
)

// AlertKinds lists the alert kinds.
var AlertKinds = []string{AlertStatusChange, AlertGraveViolation}

// Webhook is a receiver of alerts: Truce POSTs each alert of the kinds it
// subscribes to, signed with HMAC-SHA256 under its secret.
type Webhook struct {
	ID        int64
	URL       string
	Secret    string   // shared with the receiver; never shown again after creation
	Events    []string // alert kinds; empty: all
	CreatedAt time.Time
	CreatedBy string
}

// Alert is something a webhook receiver should know. Key identifies the
// fact it reports ("status_change:astana-2017:idlib:2017-06-01:holding>breached"),
// so servers that notice the same fact, even several at once, raise it once.
type Alert struct {
	ID        int64
	Kind      string
	Key       string
	Body      []byte // the JSON payload receivers get
	CreatedAt time.Time
}

// Delivery states.
const (
	DeliveryPending   = "pending"   // waiting for its next attempt
	DeliveryDelivered = "delivered" // the receiver answered 2xx
	DeliveryFailed    = "failed"    // attempts exhausted
)

// Delivery is one alert on its way to one webhook.
type Delivery struct {
	ID          int64
	AlertID     int64
	WebhookID   int64
	State       string
	Attempts    int
	NextAttempt time.Time
	LastStatus  int    // the receiver's last HTTP status, 0 if it never answered
	LastError   string // why the last attempt failed
	UpdatedAt   time.Time

	// Filled in by ClaimDeliveries for the sender.
	URL, Secret, Kind string
	Body              []byte
}

// AlertService stores webhooks, alerts and their deliveries.
type AlertService interface {
	// CreateWebhook stores w and sets its ID.
	CreateWebhook(ctx context.Context, w *Webhook) error
	// Webhooks lists every webhook, by ID.
	Webhooks(ctx context.Context) ([]Webhook, error)
	// DeleteWebhook removes a webhook and its pending deliveries; ENOTFOUND
	// if none.
	DeleteWebhook(ctx context.Context, id int64) error
	// RaiseAlert stores a unless an alert with its Key exists, and for a
	// new alert queues one delivery, due now, per webhook subscribed to its
	// Kind. It sets a.ID and reports whether the alert is new.
	RaiseAlert(ctx context.Context, a *Alert) (created bool, err error)
	// Alerts lists alerts, newest first, at most limit (0: 100).
	Alerts(ctx context.Context, limit int) ([]Alert, error)
	// ClaimDeliveries leases up to n pending deliveries due at now, so that
	// no other process claims them until now+lease, and returns them with
	// URL, Secret, Kind and Body filled in.
	ClaimDeliveries(ctx context.Context, now time.Time, n int, lease time.Duration) ([]Delivery, error)
	// UpdateDelivery records an attempt: d's State, Attempts, NextAttempt,
	// LastStatus, LastError and UpdatedAt.
	UpdateDelivery(ctx context.Context, d *Delivery) error
	// Deliveries lists the deliveries of one alert (alertID > 0) or of one
	// webhook (webhookID > 0), by ID.
	Deliveries(ctx context.Context, alertID, webhookID int64) ([]Delivery, error)
}
