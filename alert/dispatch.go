package alert

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	nethttp "net/http"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/truce-monitor/truce"
)

// Headers of a webhook request.
const (
	SignatureHeader = "X-Truce-Signature" // "t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>"
	EventHeader     = "X-Truce-Event"     // the alert kind
	DeliveryHeader  = "X-Truce-Delivery"  // the delivery ID: receivers dedupe on it
)

// Sign returns the SignatureHeader value for body sent at t. Signing the
// time with the body lets receivers refuse replays of old requests.
func Sign(secret string, t time.Time, body []byte) string {
	ts := strconv.FormatInt(t.Unix(), 10)
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(ts))
	mac.Write([]byte("."))
	mac.Write(body)
	return "t=" + ts + ",v1=" + hex.EncodeToString(mac.Sum(nil))
}

// Verify checks a SignatureHeader value against body and secret, refusing
// signatures older or newer than tolerance (0: 5 minutes) at now.
func Verify(secret, header string, body []byte, now time.Time, tolerance time.Duration) error {
	if tolerance <= 0 {
		tolerance = 5 * time.Minute
	}
	var ts, sig string
	for _, part := range strings.Split(header, ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(part), "=")
		switch k {
		case "t":
			ts = v
		case "v1":
			sig = v
		}
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil || sig == "" {
		return truce.Errorf(truce.EINVALID, "malformed %s header %q", SignatureHeader, header)
	}
	if d := now.Sub(time.Unix(sec, 0)); d > tolerance || d < -tolerance {
		return truce.Errorf(truce.EINVALID, "signature time %s is outside the %s tolerance", time.Unix(sec, 0).UTC().Format(time.RFC3339), tolerance)
	}
	want := Sign(secret, time.Unix(sec, 0), body)
	if !hmac.Equal([]byte(want), []byte("t="+ts+",v1="+sig)) {
		return truce.Errorf(truce.EINVALID, "signature does not match")
	}
	return nil
}

// Dispatcher delivers pending deliveries. Zero fields take the defaults.
type Dispatcher struct {
	Store  truce.AlertService
	Client *nethttp.Client // nil: 10 s timeout, no redirects followed, public addresses only (see AllowPrivate)
	// AllowPrivate lets the default client deliver to loopback, private
	// and link-local addresses; without it they are refused when dialled.
	AllowPrivate bool
	Log          *slog.Logger
	MaxAttempts  int           // 0: 8
	BaseDelay    time.Duration // first retry delay, doubled per attempt; 0: 10 s
	MaxDelay     time.Duration // 0: 1 h
	Lease        time.Duration // how long a claimed delivery is reserved; 0: 1 min
	Interval     time.Duration // how often Run polls; 0: 5 s
	Batch        int           // deliveries claimed per pass; 0: 20
	Now          func() time.Time

	kick       chan struct{}
	deliveries *prometheus.CounterVec
}

// Register adds the dispatcher's metrics to reg. Call it before Run.
func (d *Dispatcher) Register(reg prometheus.Registerer) error {
	d.deliveries = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "truce_webhook_attempts_total",
		Help: "Webhook delivery attempts by outcome: delivered, retry, failed."}, []string{"outcome"})
	return reg.Register(d.deliveries)
}

func (d *Dispatcher) defaults() {
	if d.Client == nil {
		tr := nethttp.DefaultTransport.(*nethttp.Transport).Clone()
		tr.Proxy = nil // a proxy would dial for us, past the address check
		if !d.AllowPrivate {
			tr.DialContext = dialContext
		}
		d.Client = &nethttp.Client{Timeout: 10 * time.Second, Transport: tr,
			CheckRedirect: func(*nethttp.Request, []*nethttp.Request) error { return nethttp.ErrUseLastResponse }}
	}
	if d.Log == nil {
		d.Log = slog.Default()
	}
	if d.MaxAttempts <= 0 {
		d.MaxAttempts = 8
	}
	if d.BaseDelay <= 0 {
		d.BaseDelay = 10 * time.Second
	}
	if d.MaxDelay <= 0 {
		d.MaxDelay = time.Hour
	}
	if d.Lease <= 0 {
		d.Lease = time.Minute
	}
	if d.Interval <= 0 {
		d.Interval = 5 * time.Second
	}
	if d.Batch <= 0 {
		d.Batch = 20
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.kick == nil {
		d.kick = make(chan struct{}, 1)
	}
}

// Kick asks a running dispatcher to look for deliveries now.
func (d *Dispatcher) Kick() {
	if d.kick == nil {
		return
	}
	select {
	case d.kick <- struct{}{}:
	default:
	}
}

// Run delivers until ctx ends.
func (d *Dispatcher) Run(ctx context.Context) {
	d.defaults()
	t := time.NewTicker(d.Interval)
	defer t.Stop()
	for {
		for {
			n, err := d.DeliverDue(ctx)
			if err != nil && ctx.Err() == nil {
				d.Log.Error("webhook delivery pass failed", "error", err)
			}
			if n < d.Batch || err != nil {
				break
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-d.kick:
		}
	}
}

// DeliverDue makes one pass: it claims the deliveries due now and attempts
// each once. It returns how many it attempted.
func (d *Dispatcher) DeliverDue(ctx context.Context) (int, error) {
	d.defaults()
	due, err := d.Store.ClaimDeliveries(ctx, d.Now(), d.Batch, d.Lease)
	if err != nil {
		return 0, err
	}
	for i := range due {
		dl := &due[i]
		d.attempt(ctx, dl)
		if err := d.Store.UpdateDelivery(ctx, dl); err != nil {
			return i + 1, err
		}
	}
	return len(due), nil
}

// Backoff returns the delay before retry number attempt (1 for the first
// retry): BaseDelay doubled per attempt, capped, with ±10 % jitter so
// receivers that failed together are not retried in lockstep.
func (d *Dispatcher) Backoff(attempt int) time.Duration {
	d.defaults()
	delay := d.BaseDelay
	for i := 1; i < attempt && delay < d.MaxDelay; i++ {
		delay *= 2
	}
	delay = min(delay, d.MaxDelay)
	jitter := time.Duration((rand.Float64()*0.2 - 0.1) * float64(delay))
	return delay + jitter
}

func (d *Dispatcher) attempt(ctx context.Context, dl *truce.Delivery) {
	now := d.Now()
	dl.Attempts++
	dl.UpdatedAt = now
	status, err := d.send(ctx, dl, now)
	dl.LastStatus = status
	outcome := "delivered"
	switch {
	case err == nil:
		dl.State, dl.LastError = truce.DeliveryDelivered, ""
	case dl.Attempts >= d.MaxAttempts:
		dl.State, dl.LastError, outcome = truce.DeliveryFailed, err.Error(), "failed"
	default:
		dl.State, dl.LastError, outcome = truce.DeliveryPending, err.Error(), "retry"
		dl.NextAttempt = now.Add(d.Backoff(dl.Attempts))
	}
	if d.deliveries != nil {
		d.deliveries.WithLabelValues(outcome).Inc()
	}
	d.Log.Info("webhook attempt", "delivery", dl.ID, "alert", dl.AlertID, "webhook", dl.WebhookID, "url", dl.URL,
		"attempt", dl.Attempts, "status", status, "outcome", outcome, "error", dl.LastError)
}

func (d *Dispatcher) send(ctx context.Context, dl *truce.Delivery, now time.Time) (int, error) {
	req, err := nethttp.NewRequestWithContext(ctx, nethttp.MethodPost, dl.URL, bytes.NewReader(dl.Body))
	if err != nil {
		return 0, fmt.Errorf("bad webhook URL: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "truce-webhooks/1")
	req.Header.Set(EventHeader, dl.Kind)
	req.Header.Set(DeliveryHeader, strconv.FormatInt(dl.ID, 10))
	req.Header.Set(SignatureHeader, Sign(dl.Secret, now, dl.Body))
	resp, err := d.Client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return resp.StatusCode, fmt.Errorf("receiver answered %s", resp.Status)
	}
	return resp.StatusCode, nil
}
