package storetest

import (
	"context"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/truce-monitor/truce"
)

// RunAlerts runs the webhook, alert and delivery contract on s. others, if
// any, are further handles on the same database: senders claiming through
// all of them at once must never claim one delivery twice.
func RunAlerts(t *testing.T, s truce.AlertService, others ...truce.AlertService) {
	ctx := context.Background()
	created := time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)
	all := &truce.Webhook{URL: "https://a.example/hook", Secret: "s1", CreatedAt: created, CreatedBy: "admin"}
	grave := &truce.Webhook{URL: "https://b.example/hook", Secret: "s2", Events: []string{truce.AlertGraveViolation}, CreatedAt: created, CreatedBy: "admin"}
	status := &truce.Webhook{URL: "https://c.example/hook", Secret: "s3", Events: []string{truce.AlertStatusChange}, CreatedAt: created, CreatedBy: "admin"}
	for _, w := range []*truce.Webhook{all, grave, status} {
		if err := s.CreateWebhook(ctx, w); err != nil || w.ID <= 0 {
			t.Fatalf("CreateWebhook = %v, ID %d", err, w.ID)
		}
	}
	hooks, err := s.Webhooks(ctx)
	if err != nil || !reflect.DeepEqual(hooks, []truce.Webhook{*all, *grave, *status}) {
		t.Fatalf("Webhooks = %+v, %v", hooks, err)
	}
	a := &truce.Alert{Kind: truce.AlertGraveViolation, Key: "grave:test:1", Body: []byte(`{"incident":1}`), CreatedAt: created}
	for i, want := range []bool{true, false} {
		dup := *a
		ok, err := s.RaiseAlert(ctx, &dup)
		if err != nil || ok != want || dup.ID <= 0 {
			t.Fatalf("RaiseAlert #%d = %v, %v (ID %d); want %v", i+1, ok, err, dup.ID, want)
		}
		a.ID = dup.ID
	}
	ds, err := s.Deliveries(ctx, a.ID, 0)
	if err != nil || len(ds) != 2 || ds[0].WebhookID != all.ID || ds[1].WebhookID != grave.ID || ds[0].State != truce.DeliveryPending {
		t.Fatalf("Deliveries of the alert = %+v, %v: want one per subscribed webhook", ds, err)
	}
	b := &truce.Alert{Kind: truce.AlertStatusChange, Key: "status:test:square", Body: []byte(`{"zone":"square"}`), CreatedAt: created.Add(time.Second)}
	if ok, err := s.RaiseAlert(ctx, b); !ok || err != nil {
		t.Fatalf("RaiseAlert(b) = %v, %v", ok, err)
	}
	alerts, err := s.Alerts(ctx, 0)
	if err != nil || len(alerts) != 2 || !reflect.DeepEqual(alerts[1], *a) || alerts[0].ID != b.ID {
		t.Fatalf("Alerts = %+v, %v", alerts, err)
	}
	if one, _ := s.Alerts(ctx, 1); len(one) != 1 || one[0].ID != b.ID {
		t.Fatalf("Alerts(1) = %+v", one)
	}

	// Claiming: nothing is due before it was queued (now, by the store's
	// clock); everything is due later, and a claim leases it.
	later := time.Now().Add(time.Hour)
	claimed, err := s.ClaimDeliveries(ctx, later, 10, time.Minute)
	if err != nil || len(claimed) != 4 {
		t.Fatalf("ClaimDeliveries = %+v, %v; want all 4 deliveries", claimed, err)
	}
	c := claimed[0]
	if c.URL != all.URL || c.Secret != all.Secret || c.Kind != a.Kind || string(c.Body) != string(a.Body) {
		t.Fatalf("claimed delivery = %+v: want its webhook's URL and secret and its alert's kind and body", c)
	}
	if again, err := s.ClaimDeliveries(ctx, later.Add(30*time.Second), 10, time.Minute); err != nil || len(again) != 0 {
		t.Fatalf("ClaimDeliveries within the lease = %+v, %v; want none", again, err)
	}
	c.State, c.Attempts, c.LastStatus, c.LastError = truce.DeliveryDelivered, 1, 200, ""
	c.NextAttempt, c.UpdatedAt = later.UTC().Truncate(time.Microsecond), later.UTC().Truncate(time.Microsecond)
	if err := s.UpdateDelivery(ctx, &c); err != nil {
		t.Fatal(err)
	}
	failed := claimed[1]
	failed.Attempts, failed.LastStatus, failed.LastError = 1, 500, "server error"
	failed.NextAttempt, failed.UpdatedAt = later.Add(5*time.Minute).UTC().Truncate(time.Microsecond), later.UTC().Truncate(time.Microsecond)
	if err := s.UpdateDelivery(ctx, &failed); err != nil {
		t.Fatal(err)
	}
	ds, _ = s.Deliveries(ctx, 0, all.ID)
	want := c
	want.URL, want.Secret, want.Kind, want.Body = "", "", "", nil
	if len(ds) != 2 || !reflect.DeepEqual(ds[0], want) {
		t.Fatalf("Deliveries of webhook %d = %+v; want first %+v", all.ID, ds, want)
	}
	// Past the lease, the undelivered ones are due again except the one
	// whose retry is later; the delivered one never is.
	due, _ := s.ClaimDeliveries(ctx, later.Add(2*time.Minute), 10, time.Minute)
	if len(due) != 2 {
		t.Fatalf("ClaimDeliveries after the lease = %+v, want 2", due)
	}

	if err := s.DeleteWebhook(ctx, all.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteWebhook(ctx, all.ID); truce.ErrorCode(err) != truce.ENOTFOUND {
		t.Fatalf("DeleteWebhook again = %v, want ENOTFOUND", err)
	}
	if ds, _ := s.Deliveries(ctx, 0, all.ID); len(ds) != 1 || ds[0].State != truce.DeliveryDelivered {
		t.Fatalf("deliveries of a deleted webhook = %+v: want only the delivered one kept", ds)
	}
	if hooks, _ := s.Webhooks(ctx); len(hooks) != 2 {
		t.Fatalf("Webhooks after delete = %+v", hooks)
	}

	// Concurrent senders, through every handle, each claim distinct rows.
	for i := range 20 {
		if _, err := s.RaiseAlert(ctx, &truce.Alert{Kind: truce.AlertStatusChange, Key: "bulk:" + string(rune('a'+i)), Body: []byte("{}")}); err != nil {
			t.Fatal(err)
		}
	}
	handles := append([]truce.AlertService{s}, others...)
	far := later.Add(24 * time.Hour)
	var mu sync.Mutex
	seen := map[int64]int{}
	var wg sync.WaitGroup
	errs := make(chan error, 6)
	for i := range 6 {
		h := handles[i%len(handles)]
		wg.Go(func() {
			for {
				got, err := h.ClaimDeliveries(ctx, far, 3, time.Hour)
				if err != nil {
					errs <- err
					return
				}
				if len(got) == 0 {
					return
				}
				mu.Lock()
				for _, d := range got {
					seen[d.ID]++
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	// Due: the 20 new alerts' deliveries to the status webhook, alert b's
	// to it and alert a's failed one (the deleted webhook's went with it).
	if len(seen) != 22 {
		t.Fatalf("concurrent claims got %d deliveries, want 22", len(seen))
	}
	for id, n := range seen {
		if n != 1 {
			t.Fatalf("delivery %d claimed %d times", id, n)
		}
	}
}
