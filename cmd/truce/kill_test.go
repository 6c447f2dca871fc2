package main

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	nethttp "net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/sqlite"
)

// TestKillDuringWrites kills `truce serve` with SIGKILL, at random moments,
// while clients upload evidence, create tokens and webhooks and submit
// reports, then checks that every write stored is logged and every logged
// write stored (each use case writes its data and its log entry in one
// transaction), and that every submission answered is stored exactly once. The trial
// count is TRUCE_KILL_TRIALS (default 8; docs/benchmarks.md reports a
// longer run).
func TestKillDuringWrites(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("SIGKILL is a Unix signal")
	}
	if testing.Short() {
		t.Skip("builds and kills the server: not in -short")
	}
	trials := 8
	if v := os.Getenv("TRUCE_KILL_TRIALS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			t.Fatalf("TRUCE_KILL_TRIALS=%q: want a positive number", v)
		}
		trials = n
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "truce")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	db := filepath.Join(dir, "truce.db")
	secret := strings.TrimSpace(mustRun(t, db, "token", "create", "--name", "admin", "--role", "admin"))
	monitor := strings.TrimSpace(mustRun(t, db, "token", "create", "--name", "team-1", "--role", "monitor"))
	mustRun(t, db, "agreement", "load", astana)
	// Monitors' reports, sent with idempotency keys and sent again after a
	// kill until answered: each must end up stored once, with its entry,
	// however the server groups submissions into transactions.
	var (
		keysMu   sync.Mutex
		answered = map[string]bool{} // keys answered 201
		pending  []string            // keys sent but not answered
		nextKey  int
		resent   int // keys sent again after a kill left them unanswered
	)
	takeKey := func() string {
		keysMu.Lock()
		defer keysMu.Unlock()
		if len(pending) > 0 {
			k := pending[0]
			pending = pending[1:]
			resent++
			return k
		}
		nextKey++
		return fmt.Sprintf("kill-%d", nextKey)
	}
	reportBody := func(key string) []byte {
		n, _ := strconv.Atoi(strings.TrimPrefix(key, "kill-"))
		b, _ := json.Marshal(map[string]any{"date": fmt.Sprintf("2017-06-%02d", 1+n%28), "lat": 35.64, "lon": 36.67, "event_type": "Battles",
			"sub_event_type": "Armed clash", "actor1": "Government of Syria", "actor2": "Ahrar al-Sham", "fatalities": n % 3,
			"description": "seen by the team " + key, "place": "Maarat al-Numan"})
		return b
	}
	addrLine := regexp.MustCompile(`serving on http://([^/]+)/`)
	writes := 0
	for trial := range trials {
		srv := exec.Command(bin, "--db", db, "serve", "--addr", "127.0.0.1:0", "--sign-every", "1s", "--rate-limit", "0")
		stdout, err := srv.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		srv.Stderr = nil
		if err := srv.Start(); err != nil {
			t.Fatal(err)
		}
		addr := ""
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if m := addrLine.FindStringSubmatch(sc.Text()); m != nil {
				addr = m[1]
				break
			}
		}
		if addr == "" {
			srv.Process.Kill()
			srv.Wait()
			t.Fatalf("trial %d: the server did not say where it listens", trial)
		}
		go func() {
			for sc.Scan() {
			}
		}()
		ctx, cancel := context.WithCancel(context.Background())
		var wg sync.WaitGroup
		var mu sync.Mutex
		for w := range 6 {
			wg.Go(func() {
				client := &nethttp.Client{Timeout: 5 * time.Second}
				for i := 0; ctx.Err() == nil; i++ {
					var path, key string
					var body []byte
					ct, who := "application/json", secret
					switch (w + i) % 4 {
					case 3:
						path, key, who = "/api/v1/reports", takeKey(), monitor
						body = reportBody(key)
					case 0:
						path, ct = "/api/v1/evidence", "application/octet-stream"
						body = fmt.Appendf(nil, "evidence %d/%d/%d/%d", trial, w, i, rand.Int64())
					case 1:
						path = "/api/v1/tokens"
						body = fmt.Appendf(nil, `{"name":"t-%d-%d-%d","role":"viewer"}`, trial, w, i)
					case 2:
						path = "/api/v1/webhooks"
						body = fmt.Appendf(nil, `{"url":"https://example.org/%d/%d/%d","secret":"secret-of-sixteen!"}`, trial, w, i)
					}
					req, _ := nethttp.NewRequestWithContext(ctx, "POST", "http://"+addr+path, bytes.NewReader(body))
					req.Header.Set("Authorization", "Bearer "+who)
					req.Header.Set("Content-Type", ct)
					if key != "" {
						req.Header.Set("Idempotency-Key", key)
					}
					resp, err := client.Do(req)
					if err != nil {
						if key != "" {
							keysMu.Lock()
							pending = append(pending, key)
							keysMu.Unlock()
						}
						return // killed
					}
					resp.Body.Close()
					if key != "" {
						keysMu.Lock()
						if resp.StatusCode == nethttp.StatusCreated || resp.StatusCode == nethttp.StatusOK {
							answered[key] = true
						} else {
							pending = append(pending, key)
						}
						keysMu.Unlock()
					}
					if resp.StatusCode == nethttp.StatusCreated {
						mu.Lock()
						writes++
						mu.Unlock()
					}
				}
			})
		}
		time.Sleep(time.Duration(50+rand.IntN(250)) * time.Millisecond)
		srv.Process.Signal(syscall.SIGKILL)
		srv.Wait()
		cancel()
		wg.Wait()
	}
	if writes == 0 {
		t.Fatal("no write was answered before the kills")
	}

	// Every stored token, webhook and evidence file has its entry, and
	// every entry its row.
	st, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	logged := map[string]map[string]bool{truce.LogToken: {}, truce.LogWebhook: {}, truce.LogEvidence: {}}
	if err := st.LogEntries(ctx, 0, 1<<40, func(e *truce.LogEntry) error {
		var b struct {
			Name   string `json:"name"`
			ID     int64  `json:"id"`
			SHA256 string `json:"sha256"`
		}
		if err := json.Unmarshal(e.Body, &b); err != nil {
			return err
		}
		switch e.Kind {
		case truce.LogToken:
			logged[e.Kind][b.Name] = true
		case truce.LogWebhook:
			logged[e.Kind][strconv.FormatInt(b.ID, 10)] = true
		case truce.LogEvidence:
			logged[e.Kind][b.SHA256] = true
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	stored := map[string]map[string]bool{truce.LogToken: {}, truce.LogWebhook: {}, truce.LogEvidence: {}}
	tokens, err := st.Tokens(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, tok := range tokens {
		stored[truce.LogToken][tok.Name] = true
	}
	hooks, err := st.Webhooks(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range hooks {
		stored[truce.LogWebhook][strconv.FormatInt(h.ID, 10)] = true
	}
	for _, sum := range evidenceHashes(t, db) {
		stored[truce.LogEvidence][sum] = true
	}
	for kind, rows := range stored {
		for k := range rows {
			if !logged[kind][k] {
				t.Errorf("%s %s is stored but not logged", kind, k)
			}
		}
		for k := range logged[kind] {
			if !rows[k] {
				t.Errorf("%s %s is logged but not stored", kind, k)
			}
		}
	}
	// Every answered submission stored once, with one entry; none twice.
	subs, err := st.Submissions(ctx, "", 0, 1<<30)
	if err != nil {
		t.Fatal(err)
	}
	perKey := map[string]int{}
	for _, sub := range subs {
		perKey[sub.Key]++
		if sub.LogIndex < 0 {
			t.Errorf("submission %s has no log entry", sub.Key)
		}
	}
	for key := range answered {
		if perKey[key] != 1 {
			t.Errorf("submission %s was answered but is stored %d times", key, perKey[key])
		}
	}
	reportEntries := 0
	if err := st.LogEntries(ctx, 0, 1<<40, func(e *truce.LogEntry) error {
		if e.Kind == truce.LogReport {
			reportEntries++
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if reportEntries != len(subs) {
		t.Errorf("%d report entries for %d stored submissions", reportEntries, len(subs))
	}
	t.Logf("%d kills; %d writes answered 201; stored and logged: %d tokens, %d webhooks, %d evidence files, %d submissions (%d answered, %d sent again after a kill)",
		trials, writes, len(stored[truce.LogToken]), len(stored[truce.LogWebhook]), len(stored[truce.LogEvidence]), len(subs), len(answered), resent)
	if out := mustRun(t, db, "log", "verify"); !strings.Contains(out, "log OK") {
		t.Fatalf("log verify after the kills:\n%s", out)
	}
}

// evidenceHashes lists the stored evidence files' hashes: the store has
// no call that lists them, so they are read with SQL.
func evidenceHashes(t *testing.T, db string) []string {
	t.Helper()
	conn, err := sql.Open("sqlite", "file:"+db)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	rows, err := conn.Query(`SELECT sha256 FROM evidence`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var h string
		if err := rows.Scan(&h); err != nil {
			t.Fatal(err)
		}
		out = append(out, h)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
