package alert_test

import (
	"strings"
	"testing"
	"time"

	"github.com/truce-monitor/truce/alert"
)

func TestSignVerify(t *testing.T) {
	now := time.Date(2017, 6, 1, 12, 0, 0, 0, time.UTC)
	body := []byte(`{"kind":"grave_violation"}`)
	sig := alert.Sign("secret-of-sixteen", now, body)
	if !strings.HasPrefix(sig, "t=1496318400,v1=") || len(sig) != len("t=1496318400,v1=")+64 {
		t.Fatalf("signature %q", sig)
	}
	for _, tc := range []struct {
		name, secret, header string
		body                 []byte
		at                   time.Time
		ok                   bool
	}{
		{"valid", "secret-of-sixteen", sig, body, now, true},
		{"valid a minute later", "secret-of-sixteen", sig, body, now.Add(time.Minute), true},
		{"other body", "secret-of-sixteen", sig, []byte(`{"kind":"status_change"}`), now, false},
		{"other secret", "another-secret!!", sig, body, now, false},
		{"replayed later", "secret-of-sixteen", sig, body, now.Add(time.Hour), false},
		{"malformed", "secret-of-sixteen", "v1=abc", body, now, false},
		{"empty", "secret-of-sixteen", "", body, now, false},
	} {
		err := alert.Verify(tc.secret, tc.header, tc.body, tc.at, 0)
		if (err == nil) != tc.ok {
			t.Errorf("%s: Verify = %v, want ok=%v", tc.name, err, tc.ok)
		}
	}
}

func TestBackoff(t *testing.T) {
	d := &alert.Dispatcher{BaseDelay: 10 * time.Second, MaxDelay: time.Hour}
	for _, tc := range []struct {
		attempt int
		want    time.Duration
	}{{1, 10 * time.Second}, {2, 20 * time.Second}, {3, 40 * time.Second}, {10, time.Hour}, {50, time.Hour}} {
		for i := 0; i < 20; i++ {
			got := d.Backoff(tc.attempt)
			if lo, hi := tc.want*9/10, tc.want*11/10; got < lo || got > hi {
				t.Fatalf("Backoff(%d) = %v, want %v ± 10 %%", tc.attempt, got, tc.want)
			}
		}
	}
}
