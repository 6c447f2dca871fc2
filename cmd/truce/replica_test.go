package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	nethttp "net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/truce-monitor/truce/internal/pgreplica"
)

// serveBG runs truce serve with args in the background until t ends and
// returns its base URL.
func serveBG(t *testing.T, db string, args ...string) string {
	t.Helper()
	var out, errb lockedBuffer
	addr := make(chan string, 1)
	m := &Main{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, DBPath: db,
		serving: func(a string) { addr <- a }}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() {
		done <- m.Run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0", "--rate-limit", "0"}, args...))
	}()
	t.Cleanup(func() {
		cancel()
		if code := <-done; code != 0 {
			t.Errorf("serve %s: exit %d\n%s", strings.Join(args, " "), code, errb.String())
		}
	})
	select {
	case a := <-addr:
		return "http://" + a
	case code := <-done:
		done <- code
		t.Fatalf("serve %s: exit %d before serving\n%s%s", strings.Join(args, " "), code, out.String(), errb.String())
	case <-time.After(30 * time.Second):
		t.Fatalf("serve %s: not serving after 30 s\n%s", strings.Join(args, " "), errb.String())
	}
	return ""
}

// call sends a request with token and returns the status, headers and body.
func call(t *testing.T, method, url, token string, body []byte) (int, nethttp.Header, []byte) {
	t.Helper()
	req, err := nethttp.NewRequest(method, url, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Idempotency-Key", fmt.Sprint("replica-test-", time.Now().UnixNano()))
	}
	resp, err := nethttp.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, b
}

// TestReadReplica writes through a server on a real primary, reads through
// a read-only server on a real streaming standby of it, and checks that
// the answers match once the standby has replayed, that writes to the
// replica are refused as documented, and that /readyz and /metrics show
// the standby's lag.
func TestReadReplica(t *testing.T) {
	p := pgreplica.Start(t)
	t.Setenv("TRUCE_LOG_KEY", filepath.Join(t.TempDir(), "log.key"))

	// A replica neither migrates nor creates the schema: before the primary
	// has one, it refuses to start, saying why.
	if code, _, errs := run(t, p.Standby, "serve", "--read-only", "--addr", "127.0.0.1:0"); code != exitError || !strings.Contains(errs, "no Truce schema") {
		t.Fatalf("read-only serve on an empty standby: exit %d, stderr %q; want 1 and no Truce schema", code, errs)
	}
	if code, _, errs := run(t, newDB(t), "serve", "--read-only"); code != exitUsage || !strings.Contains(errs, "PostgreSQL") {
		t.Errorf("read-only serve on the embedded store: exit %d, %q; want 2", code, errs)
	}

	mustRun(t, p.Primary, "agreement", "load", astana)
	mustRun(t, p.Primary, "import", "ucdp", "testdata/ucdp_small.csv")
	admin := strings.TrimSpace(mustRun(t, p.Primary, "token", "create", "--name", "admin-1", "--role", "admin"))
	monitor := strings.TrimSpace(mustRun(t, p.Primary, "token", "create", "--name", "monitor-1", "--role", "monitor"))
	primary := serveBG(t, p.Primary)

	report, _ := json.Marshal(map[string]any{"date": "2017-06-10", "lat": 35.64, "lon": 36.67, "event_type": "Explosions/Remote violence",
		"sub_event_type": "Shelling/artillery/missile attack", "actor1": "Government of Syria", "actor2": "Ahrar al-Sham",
		"fatalities": 2, "civilian_deaths": 1, "description": "seen by the team", "place": "Maarat al-Numan"})
	code, _, b := call(t, "POST", primary+"/api/v1/reports", monitor, report)
	if code != 201 && code != 200 {
		t.Fatalf("submit to the primary: %d %s", code, b)
	}
	var sub struct {
		IncidentID int64 `json:"incident_id"`
	}
	if err := json.Unmarshal(b, &sub); err != nil || sub.IncidentID == 0 {
		t.Fatalf("submit: %s (%v)", b, err)
	}
	if code, _, b := call(t, "POST", primary+"/api/v1/adjudicate", admin, []byte(`{}`)); code != 200 {
		t.Fatalf("adjudicate on the primary: %d %s", code, b)
	}
	code, _, b = call(t, "POST", primary+"/api/v1/claims", admin, []byte(`{"text": "The ceasefire is holding in all zones", "date": "2017-06-15", "speaker": "A spokesman"}`))
	var claim struct{ ID int64 }
	if err := json.Unmarshal(b, &claim); (code != 200 && code != 201) || err != nil || claim.ID == 0 {
		t.Fatalf("check a claim on the primary: %d %s", code, b)
	}
	// Every GET route (http.Server.Routes), with values that exist. The
	// first group must answer byte for byte as the primary does; the rest
	// with the same status (their bodies name the server, or its state).
	same := []string{"/api/v1/status?date=2017-06-15", "/api/v1/incidents", "/api/v1/incidents?zone=idlib&limit=2",
		fmt.Sprintf("/api/v1/incidents/%d", sub.IncidentID), "/api/v1/log", "/api/v1/agreements", "/api/v1/agreements/astana-2017",
		"/api/v1/zones", "/api/v1/incidents.csv", "/api/v1/incidents.geojson", "/api/v1/trends?zone=idlib", "/api/v1/claims",
		fmt.Sprintf("/api/v1/claims/%d", claim.ID), "/api/v1/reporters", "/api/v1/boundaries.geojson", "/api/v1/places.geojson",
		"/api/v1/bulletins/2017-06-15.md", "/api/v1/reports", "/api/v1/alerts", "/api/v1/log/entries", "/api/v1/log/entries/1",
		"/api/v1/log/proof/inclusion?index=1", "/api/v1/log/proof/consistency?first=1&second=2", "/api/v1/openapi.json", "/healthz"}
	statusOnly := []string{"/api/v1/tokens", "/api/v1/webhooks", "/api/v1/webhooks/1/deliveries", "/api/v1/evidence/" + strings.Repeat("ab", 32),
		"/api/v1/log/checkpoint", "/ogc", "/ogc/conformance", "/ogc/collections", "/ogc/collections/incidents",
		"/ogc/collections/incidents/items?limit=5", fmt.Sprintf("/ogc/collections/incidents/items/%d", sub.IncidentID), "/"}
	want, wantCode := map[string][]byte{}, map[string]int{}
	for _, path := range append(same, statusOnly...) { // the log head is signed here, before the standby is read
		code, _, b := call(t, "GET", primary+path, admin, nil)
		if code >= 500 {
			t.Fatalf("GET %s on the primary: %d %s", path, code, b)
		}
		want[path], wantCode[path] = b, code
	}
	if wantCode["/api/v1/status?date=2017-06-15"] != 200 || wantCode["/api/v1/incidents"] != 200 {
		t.Fatalf("the primary does not answer status and incidents: %v", wantCode)
	}
	p.WaitReplayed(t)

	replica := serveBG(t, p.Standby, "--read-only", "--primary", primary, "--max-lag", "1ms")
	for i, path := range append(same, statusOnly...) {
		code, _, b := call(t, "GET", replica+path, admin, nil)
		if code != wantCode[path] || (i < len(same) && !bytes.Equal(b, want[path])) {
			t.Errorf("GET %s: the replica answers %d\n%.2000s\nthe primary %d\n%.2000s", path, code, b, wantCode[path], want[path])
		}
	}

	// Writes are refused with 503 read_only, naming the primary.
	for _, w := range []struct{ method, path, token string }{
		{"POST", "/api/v1/reports", monitor},
		{"POST", "/api/v1/adjudicate", admin},
		{"DELETE", "/api/v1/tokens/monitor-1", admin},
		{"POST", "/api/v1/claims", ""},
	} {
		code, hdr, b := call(t, w.method, replica+w.path, w.token, report)
		var e struct {
			Error struct{ Code, Message, Primary string }
		}
		json.Unmarshal(b, &e)
		if code != 503 || e.Error.Code != "read_only" || e.Error.Primary != primary || !strings.Contains(e.Error.Message, "read replica") ||
			hdr.Get("Location") != primary+w.path {
			t.Errorf("%s %s on the replica: %d, Location %q, %s; want 503 read_only naming %s", w.method, w.path, code, hdr.Get("Location"), b, primary)
		}
	}
	if code, _, b := call(t, "GET", replica+"/api/v1/whoami", monitor, nil); code != 200 ||
		!strings.Contains(string(b), `"read_only":true`) || strings.Contains(string(b), `"submit"`) {
		t.Errorf("whoami on the replica: %d %s; want read_only and no submit permission", code, b)
	}

	// Caught up, the replica is ready and says so.
	code, _, b = call(t, "GET", replica+"/readyz", "", nil)
	var ready struct {
		Status   string
		ReadOnly bool `json:"read_only"`
		Replica  struct {
			Standby    bool
			LagSeconds float64 `json:"lag_seconds"`
			LagBytes   int64   `json:"lag_bytes"`
		}
	}
	if err := json.Unmarshal(b, &ready); err != nil || code != 200 || ready.Status != "ready" || !ready.ReadOnly || !ready.Replica.Standby {
		t.Errorf("/readyz on the caught-up replica: %d %s", code, b)
	}
	if code, _, b := call(t, "GET", replica+"/metrics", admin, nil); code != 200 ||
		!strings.Contains(string(b), "truce_replica_lag_bytes 0") || !strings.Contains(string(b), "truce_read_only 1") {
		t.Errorf("/metrics on the replica: %d, want truce_replica_lag_bytes 0 and truce_read_only 1", code)
	}

	// With replay paused and the primary writing, the lag passes --max-lag
	// and /readyz answers 503 so that a load balancer stops sending reads.
	ctx := context.Background()
	sc, err := pgx.Connect(ctx, p.Standby)
	if err != nil {
		t.Fatal(err)
	}
	defer sc.Close(ctx)
	if _, err := sc.Exec(ctx, `SELECT pg_wal_replay_pause()`); err != nil {
		t.Fatal(err)
	}
	report2 := bytes.Replace(report, []byte("seen by the team"), []byte("seen again"), 1)
	if code, _, b := call(t, "POST", primary+"/api/v1/reports", monitor, report2); code != 201 && code != 200 {
		t.Fatalf("second submit: %d %s", code, b)
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		code, _, b = call(t, "GET", replica+"/readyz", "", nil)
		ready.Replica.LagBytes = 0
		json.Unmarshal(b, &ready)
		if code == 503 && ready.Status == "lagging" && ready.Replica.LagBytes > 0 && ready.Replica.LagSeconds > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("/readyz with replay paused: %d %s; want 503 lagging", code, b)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if _, err := sc.Exec(ctx, `SELECT pg_wal_replay_resume()`); err != nil {
		t.Fatal(err)
	}
	p.WaitReplayed(t)
	if code, _, b := call(t, "GET", replica+"/readyz", "", nil); code != 200 {
		t.Errorf("/readyz once replayed again: %d %s", code, b)
	}
}
