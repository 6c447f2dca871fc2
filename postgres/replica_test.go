package postgres_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	nethttp "net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/alert"
	"github.com/truce-monitor/truce/app"
	trucehttp "github.com/truce-monitor/truce/http"
	"github.com/truce-monitor/truce/internal/storetest"
	"github.com/truce-monitor/truce/ledger"
	"github.com/truce-monitor/truce/postgres"
	"github.com/truce-monitor/truce/tlog"
)

// replica is one `truce serve` of a deployment: its own store handle (its
// own connection pool) on the shared schema, its own ledger and server.
type replica struct {
	db  *postgres.DB
	url string
}

// cluster is several replicas over one PostgreSQL schema, with tokens.
type cluster struct {
	replicas []*replica
	tokens   map[string]string // token name → secret
	pub      ed25519.PublicKey
}

// newCluster opens n store handles on one fresh schema (migrating it
// concurrently, as replicas starting together do), seeds it through the
// first, and serves each handle on loopback with the same log signing key.
func newCluster(t *testing.T, n int) *cluster {
	t.Helper()
	ctx := context.Background()
	u := FreshSchema(t)
	c := &cluster{tokens: map[string]string{}}
	dbs := make([]*postgres.DB, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range dbs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			dbs[i], errs[i] = postgres.Open(ctx, u)
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("replica %d: %v", i, err)
		}
		t.Cleanup(func() { dbs[i].Close() })
	}
	seedReplicaStore(t, dbs[0])
	for _, spec := range []struct {
		name string
		role truce.Role
	}{{"admin", truce.RoleAdmin}, {"analyst", truce.RoleAnalyst}, {"monitor", truce.RoleMonitor}, {"viewer", truce.RoleViewer}} {
		secret, hash := truce.NewTokenSecret()
		if err := dbs[0].CreateToken(ctx, &truce.Token{Name: spec.name, Role: spec.role, Hash: hash}); err != nil {
			t.Fatal(err)
		}
		c.tokens[spec.name] = secret
	}
	pub, priv, _ := ed25519.GenerateKey(nil)
	c.pub = pub
	for _, db := range dbs {
		srv := trucehttp.NewServer(db, trucehttp.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Ledger: ledger.New(db, priv),
			AllowPrivateWebhooks: true})
		hs := httptest.NewServer(srv.Handler())
		t.Cleanup(hs.Close)
		c.replicas = append(c.replicas, &replica{db: db, url: hs.URL})
	}
	return c
}

// seedReplicaStore stores the Astana agreement and 20 simulated days,
// placed and judged, as http's tests seed their store.
func seedReplicaStore(t *testing.T, db *postgres.DB) {
	t.Helper()
	storetest.SeedAstana(t, db, time.Date(2017, 4, 26, 0, 0, 0, 0, time.UTC), 20)
}

// do sends a request to replica i as who. It is safe to call from any
// goroutine: it reports failures with Errorf and returns status 0.
func (c *cluster) do(t *testing.T, i int, who, method, path string, body []byte, hdr map[string]string) (int, []byte) {
	req, err := nethttp.NewRequest(method, c.replicas[i].url+path, bytes.NewReader(body))
	if err != nil {
		t.Error(err)
		return 0, nil
	}
	req.Header.Set("Authorization", "Bearer "+c.tokens[who])
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := nethttp.DefaultClient.Do(req)
	if err != nil {
		t.Error(err)
		return 0, nil
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

// submission is the part of POST /api/v1/reports' answer the tests check.
type submission struct {
	ReportID   int64 `json:"report_id"`
	IncidentID int64 `json:"incident_id"`
	LogIndex   int64 `json:"log_index"`
	Replayed   bool  `json:"replayed"`
}

func replicaReport(date, sub string, deaths, civ int) []byte {
	b, _ := json.Marshal(map[string]any{"date": date, "lat": 35.64, "lon": 36.67, "event_type": truce.EventTypeOf(sub), "sub_event_type": sub,
		"actor1": "Government of Syria", "actor2": "Ahrar al-Sham", "fatalities": deaths, "civilian_deaths": civ,
		"description": "seen by the team", "place": "Maarat al-Numan"})
	return b
}

// submitEverywhere sends body with key to every replica, perReplica times
// each, all at once, and returns the answers.
func (c *cluster) submitEverywhere(t *testing.T, key string, body []byte, perReplica int) []submission {
	var mu sync.Mutex
	var out []submission
	var wg sync.WaitGroup
	for i := range c.replicas {
		for range perReplica {
			wg.Add(1)
			go func() {
				defer wg.Done()
				code, b := c.do(t, i, "monitor", "POST", "/api/v1/reports", body, map[string]string{"Idempotency-Key": key})
				if code != 200 && code != 201 {
					t.Errorf("replica %d, key %s: %d %s", i, key, code, b)
					return
				}
				var s submission
				if err := json.Unmarshal(b, &s); err != nil {
					t.Errorf("replica %d: %v: %s", i, err, b)
					return
				}
				if (code == 200) != s.Replayed {
					t.Errorf("replica %d: status %d with replayed=%v", i, code, s.Replayed)
				}
				mu.Lock()
				out = append(out, s)
				mu.Unlock()
			}()
		}
	}
	wg.Wait()
	return out
}

// reportEntries counts the log's report entries per source key.
func reportEntries(t *testing.T, db *postgres.DB) map[string]int {
	t.Helper()
	ctx := context.Background()
	size, err := db.LogSize(ctx)
	if err != nil {
		t.Fatal(err)
	}
	n := map[string]int{}
	err = db.LogEntries(ctx, 0, size, func(e *truce.LogEntry) error {
		if e.Kind != truce.LogReport {
			return nil
		}
		var body ledger.ReportBody
		if err := json.Unmarshal(e.Body, &body); err != nil {
			return err
		}
		n[body.SourceKey]++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestReplicas runs two servers over one PostgreSQL schema, as two `truce
// serve` processes behind a load balancer, and checks that writes racing
// through both stay exactly-once: idempotent submissions, a dense log whose
// heads agree, one alert per fact and one delivery per alert and webhook.
func TestReplicas(t *testing.T) {
	c := newCluster(t, 2)
	ctx := context.Background()
	db0, db1 := c.replicas[0].db, c.replicas[1].db

	t.Run("idempotent submissions", func(t *testing.T) {
		const key = "same-report"
		got := c.submitEverywhere(t, key, replicaReport("2017-05-12", "Armed clash", 0, 0), 15)
		if len(got) != 30 {
			t.Fatalf("%d of 30 submissions answered", len(got))
		}
		stored := 0
		for _, s := range got {
			if !s.Replayed {
				stored++
			}
			if s.IncidentID != got[0].IncidentID || s.ReportID != got[0].ReportID || s.LogIndex != got[0].LogIndex {
				t.Errorf("answers differ: %+v and %+v", s, got[0])
			}
		}
		if stored != 1 {
			t.Errorf("%d of 30 submissions stored the report, want 1", stored)
		}
		subs, err := db1.Submissions(ctx, "monitor", 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(subs) != 1 || subs[0].Key != key || subs[0].IncidentID != got[0].IncidentID {
			t.Errorf("submissions stored: %+v, want one under key %s", subs, key)
		}
		reps, err := db0.ReportsOf(ctx, got[0].IncidentID)
		if err != nil || len(reps) != 1 {
			t.Errorf("incident %d has %d reports (%v), want 1", got[0].IncidentID, len(reps), err)
		}
		if n := reportEntries(t, db0)[app.SubmissionKey("monitor", key)]; n != 1 {
			t.Errorf("%d log entries for the submission, want 1", n)
		}
		for i := range c.replicas {
			code, b := c.do(t, i, "viewer", "GET", fmt.Sprintf("/api/v1/incidents/%d", got[0].IncidentID), nil, nil)
			if code != 200 {
				t.Errorf("replica %d: incident %d: %d %s", i, got[0].IncidentID, code, b)
			}
		}
	})

	t.Run("dense log", func(t *testing.T) {
		before, err := db0.LogSize(ctx)
		if err != nil {
			t.Fatal(err)
		}
		const n = 60
		var wg sync.WaitGroup
		stop := make(chan struct{})
		// Heads are signed on both replicas while the log grows.
		var readers sync.WaitGroup
		for i := range c.replicas {
			readers.Add(1)
			go func() {
				defer readers.Done()
				for {
					select {
					case <-stop:
						return
					default:
					}
					if code, b := c.do(t, i, "viewer", "GET", "/api/v1/log", nil, nil); code != 200 {
						t.Errorf("replica %d: log head: %d %s", i, code, b)
						return
					}
				}
			}()
		}
		sem := make(chan struct{}, 8)
		for k := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				sem <- struct{}{}
				defer func() { <-sem }()
				body := replicaReport(fmt.Sprintf("2017-05-%02d", 6+k%20), "Armed clash", 0, 0)
				code, b := c.do(t, k%2, "monitor", "POST", "/api/v1/reports", body, map[string]string{"Idempotency-Key": fmt.Sprint("dense-", k)})
				if code != 201 {
					t.Errorf("submission %d: %d %s", k, code, b)
				}
			}()
		}
		wg.Wait()
		close(stop)
		readers.Wait()

		size, err := db1.LogSize(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if size != before+n {
			t.Errorf("log grew from %d to %d entries, want %d more", before, size, n)
		}
		var tree tlog.Tree
		seen := map[string]bool{}
		err = db1.LogEntries(ctx, 0, size, func(e *truce.LogEntry) error {
			if e.Index != int64(tree.Size()) {
				return fmt.Errorf("entry %d where %d was due", e.Index, tree.Size())
			}
			if seen[string(e.LeafHash)] {
				t.Errorf("entry %d repeats an earlier entry's leaf", e.Index)
			}
			seen[string(e.LeafHash)] = true
			if h := ledger.LeafHash(e); !bytes.Equal(h[:], e.LeafHash) {
				t.Errorf("entry %d: leaf hash does not follow from its fields", e.Index)
			}
			var h tlog.Hash
			copy(h[:], e.LeafHash)
			tree.Append(h)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		keys := reportEntries(t, db0)
		for k := range n {
			if got := keys[app.SubmissionKey("monitor", fmt.Sprint("dense-", k))]; got != 1 {
				t.Errorf("submission %d has %d log entries, want 1", k, got)
			}
		}
		// Every head either replica signed, at any size, has the root of
		// the stored log's prefix of that size.
		heads, err := db0.SignedHeads(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(heads) < 2 {
			t.Errorf("%d signed heads stored, want several", len(heads))
		}
		sizes := map[int64]bool{}
		for _, h := range heads {
			if sizes[h.TreeSize] {
				t.Errorf("two heads stored for size %d", h.TreeSize)
			}
			sizes[h.TreeSize] = true
			root, err := tree.RootAt(uint64(h.TreeSize))
			if err != nil || !bytes.Equal(root[:], h.RootHash) {
				t.Errorf("stored head of size %d: root %x, the log's is %x (%v)", h.TreeSize, h.RootHash, root, err)
			}
		}
		// Both replicas now serve the same signed head of the whole log.
		whole := tree.Root()
		var first map[string]any
		for i := range c.replicas {
			code, b := c.do(t, i, "viewer", "GET", "/api/v1/log", nil, nil)
			var h map[string]any
			if code != 200 || json.Unmarshal(b, &h) != nil {
				t.Fatalf("replica %d: log head: %d %s", i, code, b)
			}
			if h["tree_size"] != float64(size) || h["root_hash"] != base64.StdEncoding.EncodeToString(whole[:]) {
				t.Errorf("replica %d serves size %v root %v, want %d %s", i, h["tree_size"], h["root_hash"], size, base64.StdEncoding.EncodeToString(whole[:]))
			}
			signed, _, _ := strings.Cut(h["signed_head"].(string), "\n\n")
			sig, _ := base64.StdEncoding.DecodeString(h["signature"].(string))
			if !ed25519.Verify(c.pub, []byte(signed+"\n"), sig) {
				t.Errorf("replica %d: head does not verify under the shared key", i)
			}
			if first == nil {
				first = h
			} else if h["signed_head"] != first["signed_head"] {
				t.Errorf("replicas serve different heads of one size:\n%s\n%s", first["signed_head"], h["signed_head"])
			}
		}
	})

	t.Run("one alert, one delivery", func(t *testing.T) {
		var mu sync.Mutex
		got := map[string]int{} // delivery ID → requests
		recv := httptest.NewServer(nethttp.HandlerFunc(func(w nethttp.ResponseWriter, r *nethttp.Request) {
			io.Copy(io.Discard, r.Body)
			mu.Lock()
			got[r.Header.Get(alert.DeliveryHeader)]++
			mu.Unlock()
			time.Sleep(20 * time.Millisecond) // keep the claims of both dispatchers overlapping
			w.WriteHeader(204)
		}))
		defer recv.Close()
		code, b := c.do(t, 0, "admin", "POST", "/api/v1/webhooks", []byte(`{"url":"`+recv.URL+`/hook","events":["grave_violation"]}`), nil)
		if code != 201 {
			t.Fatalf("webhook: %d %s", code, b)
		}
		grave := c.submitEverywhere(t, "grave", replicaReport("2017-05-20", "Air/drone strike", 9, 9), 10)
		if len(grave) != 20 {
			t.Fatalf("%d of 20 submissions answered", len(grave))
		}
		alerts, err := db1.Alerts(ctx, 1000)
		if err != nil {
			t.Fatal(err)
		}
		var graves []truce.Alert
		keys := map[string]bool{}
		for _, a := range alerts {
			if keys[a.Key] {
				t.Errorf("alert %s raised twice", a.Key)
			}
			keys[a.Key] = true
			if a.Kind == truce.AlertGraveViolation {
				graves = append(graves, a)
			}
		}
		want := fmt.Sprintf("grave_violation:astana-2017:%d", grave[0].IncidentID)
		if len(graves) != 1 || graves[0].Key != want {
			t.Fatalf("grave-violation alerts %+v, want one, %s", graves, want)
		}
		dls, err := db0.Deliveries(ctx, graves[0].ID, 0)
		if err != nil || len(dls) != 1 {
			t.Fatalf("%d deliveries of the alert (%v), want 1", len(dls), err)
		}

		// More alerts, raised through both handles at once, each twice.
		const extra = 30
		var wg sync.WaitGroup
		for _, db := range []*postgres.DB{db0, db1, db0, db1} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for k := range extra {
					a := &truce.Alert{Kind: truce.AlertGraveViolation, Key: fmt.Sprint("test:replicas:", k), Body: []byte(`{}`)}
					if _, err := db.RaiseAlert(ctx, a); err != nil {
						t.Error(err)
						return
					}
				}
			}()
		}
		wg.Wait()

		// One dispatcher per replica, passing at once until neither finds
		// anything due.
		quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
		var attempted [2]int
		for i, db := range []*postgres.DB{db0, db1} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				d := &alert.Dispatcher{Store: db, Log: quiet, Batch: 4, AllowPrivate: true}
				for idle := 0; idle < 3; {
					n, err := d.DeliverDue(ctx)
					if err != nil {
						t.Error(err)
						return
					}
					attempted[i] += n
					if n == 0 {
						idle++
						time.Sleep(10 * time.Millisecond)
					}
				}
			}()
		}
		wg.Wait()
		if attempted[0]+attempted[1] != extra+1 {
			t.Errorf("dispatchers attempted %d and %d deliveries, want %d in all", attempted[0], attempted[1], extra+1)
		}
		if attempted[0] == 0 || attempted[1] == 0 {
			t.Logf("one dispatcher delivered everything (%v): the race was not exercised this run", attempted)
		}
		mu.Lock()
		defer mu.Unlock()
		if len(got) != extra+1 {
			t.Errorf("receiver got %d distinct deliveries, want %d", len(got), extra+1)
		}
		for id, n := range got {
			if n != 1 {
				t.Errorf("delivery %s sent %d times", id, n)
			}
		}
		if n := got[fmt.Sprint(dls[0].ID)]; n != 1 {
			t.Errorf("the grave violation's delivery was sent %d times, want once", n)
		}
		dls, _ = db1.Deliveries(ctx, graves[0].ID, 0)
		if len(dls) != 1 || dls[0].State != truce.DeliveryDelivered || dls[0].Attempts != 1 {
			t.Errorf("delivery after dispatch: %+v, want delivered at the first attempt", dls)
		}
	})
}
