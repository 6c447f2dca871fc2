package alert_test

import (
	"strconv"
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

// FuzzVerify checks the signature header parser never panics and never
// accepts a header without the right MAC of the body for the time it names.
func FuzzVerify(f *testing.F) {
	now := time.Date(2017, 6, 1, 12, 0, 0, 0, time.UTC)
	f.Add(alert.Sign("secret-of-sixteen", now, []byte("{}")), []byte("{}"))
	f.Add("t=,v1=", []byte(""))
	f.Add("t=1496318400,v1=zz,v1=00", []byte("x"))
	f.Fuzz(func(t *testing.T, header string, body []byte) {
		if alert.Verify("secret-of-sixteen", header, body, now, 0) != nil {
			return
		}
		var ts int64
		for _, p := range strings.Split(header, ",") {
			if v, ok := strings.CutPrefix(strings.TrimSpace(p), "t="); ok {
				ts, _ = strconv.ParseInt(v, 10, 64)
			}
		}
		_, mac, _ := strings.Cut(alert.Sign("secret-of-sixteen", time.Unix(ts, 0), body), ",")
		if !strings.Contains(header, mac) {
			t.Fatalf("accepted %q without the body's MAC %s", header, mac)
		}
	})
}
