package main

import (
	"bufio"
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/app"
	"github.com/truce-monitor/truce/ledger"
	"github.com/truce-monitor/truce/sqlite"
)

// trustDB makes a store with a logged history: the demo's agreement,
// import and adjudication, a token, a monitor's submission, and a signed
// head over all of it.
func trustDB(t *testing.T) string {
	t.Helper()
	db := newDB(t)
	mustRun(t, db, "demo", "--days", "30", "--serve", "")
	out := mustRun(t, db, "token", "create", "--name", "team-1", "--role", "monitor", "--expires", "30")
	if !strings.HasPrefix(out, truce.TokenPrefix) {
		t.Fatalf("token create printed %q", out)
	}
	ctx := context.Background()
	st, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	raw := `{"report":"shelling seen from the post"}`
	sum := sha256.Sum256([]byte(raw))
	rep := &truce.Report{Source: "monitor", SourceKey: "team-1/k1", Origin: "team-1", Raw: raw, Hash: hex.EncodeToString(sum[:]), ReceivedAt: time.Now().UTC(),
		Incident: truce.Incident{Source: "monitor", SourceKey: "team-1/k1", DateStart: time.Date(2017, 6, 1, 0, 0, 0, 0, time.UTC), DateEnd: time.Date(2017, 6, 1, 0, 0, 0, 0, time.UTC),
			DatePrecision: truce.DateExact, EventType: truce.Battles, SideA: "x"}}
	e, err := ledger.NewEntry(truce.LogReport, "team-1", time.Now(), ledger.ReportBody{Source: rep.Source, SourceKey: rep.SourceKey, Hash: rep.Hash})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Submit(ctx, "astana-2017", &truce.Submission{Owner: "team-1", Key: "k1", RequestHash: rep.Hash, Report: rep, Log: e}); err != nil {
		t.Fatal(err)
	}
	// A photo, uploaded as the API would store it.
	if _, _, err := app.New(st).PutEvidence(ctx, "team-1", "image/jpeg", "crater.jpg", []byte("\xff\xd8 a crater")); err != nil {
		t.Fatal(err)
	}
	st.Close()
	mustRun(t, db, "log", "head")
	return db
}

func TestLogVerify(t *testing.T) {
	db := trustDB(t)
	out := mustRun(t, db, "log", "verify")
	if !strings.HasPrefix(out, "log OK:") || !strings.Contains(out, "1 reports rechecked") {
		t.Fatalf("verify of an untouched log: %q", out)
	}
	entries := mustRun(t, db, "log", "entries")
	for _, kind := range []string{"\tagreement\t", "\timport\t", "\tadjudication\t", "\ttoken\t", "\treport\t"} {
		if !strings.Contains(entries, kind) {
			t.Errorf("no %s entry in the log:\n%s", strings.TrimSpace(kind), entries)
		}
	}
	if strings.Contains(entries, truce.TokenPrefix) {
		t.Errorf("the log holds a token secret:\n%s", entries)
	}
	key := strings.TrimSpace(mustRun(t, db, "log", "key"))
	if out := mustRun(t, db, "log", "verify", "--public-key", key); !strings.HasPrefix(out, "log OK:") {
		t.Errorf("verify with the public key: %q", out)
	}
}

// TestLogVerifyDetectsEdits edits the database behind Truce's back, as an
// insider with database access would, and checks verify names the damage.
func TestLogVerifyDetectsEdits(t *testing.T) {
	for _, tc := range []struct {
		name, sql string
		want      []string
	}{
		{"entry body", `UPDATE log_entries SET body = replace(body, 'astana', 'ASTANA') WHERE idx = 0`,
			[]string{"entry 0", "does not match its leaf hash", "first bad entry is 0"}},
		{"entry and its leaf hash", `UPDATE log_entries SET actor = 'someone-else', leaf_hash = zeroblob(32) WHERE idx = 1`,
			[]string{"signed head", "does not match the log"}},
		{"removed entry", `DELETE FROM log_entries WHERE idx = (SELECT MAX(idx) FROM log_entries)`,
			[]string{"entries were removed"}},
		{"report content", `UPDATE reports SET raw = '{"report":"nothing happened"}' WHERE source = 'monitor'`,
			[]string{"content was edited"}},
		{"report deleted", `DELETE FROM reports WHERE source = 'monitor'; DELETE FROM submissions`,
			[]string{"missing from the database"}},
		{"forged head", `UPDATE signed_heads SET timestamp = timestamp + 1`,
			[]string{"signature does not verify"}},
		{"token raised to admin", `UPDATE tokens SET role = 'admin' WHERE role <> 'admin'`,
			[]string{"is stored with role admin", "changed in the database"}},
		{"token inserted", `INSERT INTO tokens (name, role, hash, created_at, created_by, expires_at, revoked_at) VALUES ('intruder', 'admin', 'deadbeef', '2024-01-01T00:00:00Z', 'cli', '', '')`,
			[]string{`token "intruder" (role admin) is stored but was never logged`}},
		{"token secret swapped", `UPDATE tokens SET hash = 'deadbeef' WHERE id = (SELECT MIN(id) FROM tokens)`,
			[]string{"another secret than entry"}},
		{"token expiry lifted", `UPDATE tokens SET expires_at = '' WHERE id = (SELECT MIN(id) FROM tokens)`,
			[]string{"expires never in the database"}},
		{"evidence bytes changed", `UPDATE evidence SET data = X'00'`,
			[]string{"no longer hashes to its name"}},
		{"evidence inserted", `INSERT INTO evidence (sha256, size, media_type, name, uploaded_by, uploaded_at, data) VALUES ('6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d', 1, 'text/plain', 'x', 'team-1', '2024-01-01T00:00:00Z', X'00')`,
			[]string{"is stored but was never logged"}},
		{"webhook inserted", `INSERT INTO webhooks (url, secret, events, created_at, created_by) VALUES ('https://evil.example/x', 'secret-of-sixteen!', '', '2024-01-01T00:00:00Z', 'cli')`,
			[]string{"https://evil.example/x) is stored but no standing entry logged it"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db := trustDB(t)
			execSQL(t, db, tc.sql)
			code, out, errs := run(t, db, "log", "verify")
			if code != exitError || !strings.Contains(out, "log BROKEN") {
				t.Fatalf("exit %d, stdout %q, stderr %q: want exit 1 and BROKEN", code, out, errs)
			}
			for _, w := range tc.want {
				if !strings.Contains(out+errs, w) {
					t.Errorf("output does not say %q:\n%s%s", w, out, errs)
				}
			}
		})
	}
}

func TestTokenCommands(t *testing.T) {
	db := newDB(t)
	secret := strings.TrimSpace(mustRun(t, db, "token", "create", "--name", "viewer-1", "--role", "viewer"))
	list := mustRun(t, db, "token", "list")
	if !strings.Contains(list, "viewer-1") || strings.Contains(list, secret) || strings.Contains(list, truce.HashTokenSecret(secret)) {
		t.Errorf("token list:\n%s", list)
	}
	for _, args := range [][]string{
		{"token", "create", "--name", "x"},
		{"token", "create", "--name", "x", "--role", "king"},
		{"token", "create", "--name", "has space", "--role", "viewer"},
		{"token", "revoke"},
		{"token", "frob"},
		{"webhook", "add", "--url", "ftp://x"},
		{"webhook", "add", "--url", "https://example.org/h", "--events", "rain"},
	} {
		if code, _, errs := run(t, db, args...); code != exitUsage || errs == "" {
			t.Errorf("truce %s: exit %d, stderr %q, want 2", strings.Join(args, " "), code, errs)
		}
	}
	if code, _, errs := run(t, db, "token", "create", "--name", "viewer-1", "--role", "viewer"); code != exitError || !strings.Contains(errs, "viewer-1") {
		t.Errorf("duplicate name: exit %d, %q", code, errs)
	}
	mustRun(t, db, "token", "revoke", "viewer-1")
	if code, _, errs := run(t, db, "token", "revoke", "viewer-1"); code != exitError || !strings.Contains(errs, "revoked") {
		t.Errorf("second revoke: exit %d, %q", code, errs)
	}
	out := mustRun(t, db, "webhook", "add", "--url", "https://example.org/hook", "--events", "grave_violation")
	if !strings.Contains(out, "secret: ") {
		t.Errorf("webhook add: %q", out)
	}
	if out := mustRun(t, db, "webhook", "list"); !strings.Contains(out, "https://example.org/hook") || !strings.Contains(out, "grave_violation") {
		t.Errorf("webhook list: %q", out)
	}
	mustRun(t, db, "webhook", "remove", "1")
}

// TestDemoServes runs `truce demo` as a user would, serving, and talks to it.
func TestDemoServes(t *testing.T) {
	db := newDB(t)
	pr, pw := io.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	m := &Main{Stdin: strings.NewReader(""), Stdout: pw, Stderr: io.Discard, DBPath: db}
	done := make(chan int, 1)
	go func() {
		done <- m.Run(ctx, []string{"demo", "--days", "60", "--serve", "127.0.0.1:0"})
		pw.Close()
	}()
	sc := bufio.NewScanner(pr)
	var base, admin string
	for sc.Scan() {
		line := sc.Text()
		if f := strings.Fields(line); len(f) == 2 && f[0] == "admin" {
			admin = f[1]
		}
		if rest, ok := strings.CutPrefix(line, "Truce is serving on "); ok {
			base = strings.TrimSuffix(strings.Fields(rest)[0], "/")
			break
		}
	}
	go io.Copy(io.Discard, pr)
	if base == "" || !strings.HasPrefix(admin, truce.TokenPrefix) {
		t.Fatalf("demo printed no address (%q) or admin token (%q)", base, admin)
	}
	get := func(path, token string) int {
		req, _ := http.NewRequest("GET", base+path, nil)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	for path, want := range map[string]int{"/healthz": 200, "/api/v1/status?date=2017-06-15": 200, "/api/v1/log": 200, "/api/v1/tokens": 401} {
		if got := get(path, ""); got != want {
			t.Errorf("GET %s without a token: %d, want %d", path, got, want)
		}
	}
	if got := get("/api/v1/tokens", admin); got != 200 {
		t.Errorf("GET /api/v1/tokens as the demo admin: %d", got)
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("demo exited %d after SIGINT", code)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("demo did not stop")
	}
	// The server signed the log's head: every entry is covered.
	out := mustRun(t, db, "log", "verify")
	if !strings.HasPrefix(out, "log OK") || strings.Contains(out, "0 signed heads") || strings.Contains(out, "not yet covered") {
		t.Errorf("log verify after serving: %q", out)
	}
}

// TestLogVerifyCheckpoint: edits that the stored heads cannot reveal,
// because the heads were deleted or signed again along with the entries,
// are caught against a checkpoint held outside the database.
func TestLogVerifyCheckpoint(t *testing.T) {
	for _, tc := range []struct {
		name, sql string
		resign    bool // sign a new head after the edit, as an insider with the key would
		want      string
	}{
		{"the last entries and their heads removed", `DELETE FROM log_entries WHERE idx >= (SELECT MAX(idx) - 2 FROM log_entries); DELETE FROM signed_heads`,
			false, "entries were removed"},
		{"an entry rewritten with its leaf hash, heads removed and signed again",
			`UPDATE log_entries SET actor = 'someone-else', leaf_hash = zeroblob(32) WHERE idx = 1; DELETE FROM signed_heads`,
			true, "do not match the checkpoint"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db := trustDB(t)
			cp := filepath.Join(t.TempDir(), "checkpoint")
			if err := os.WriteFile(cp, []byte(mustRun(t, db, "log", "checkpoint")), 0o644); err != nil {
				t.Fatal(err)
			}
			if out := mustRun(t, db, "log", "verify", "--checkpoint", cp); !strings.Contains(out, "consistent with the checkpoint") {
				t.Fatalf("before the edit: %s", out)
			}
			execSQL(t, db, tc.sql)
			if tc.resign {
				// The leaf hash must follow from the entry for verify's
				// first check to pass: recompute it as the insider would.
				resignEntry(t, db, 1)
				mustRun(t, db, "log", "head")
			}
			if code, out, _ := run(t, db, "log", "verify"); tc.resign && code != 0 {
				t.Fatalf("without the checkpoint the rewrite should pass unnoticed; got exit %d:\n%s", code, out)
			}
			code, out, errs := run(t, db, "log", "verify", "--checkpoint", cp)
			if code != exitError || !strings.Contains(out, tc.want) {
				t.Fatalf("with the checkpoint: exit %d, want 1 and %q:\n%s%s", code, tc.want, out, errs)
			}
		})
	}
	// A checkpoint signed by another key is refused, not trusted.
	db := trustDB(t)
	other := filepath.Join(t.TempDir(), "other.db")
	mustRun(t, other, "token", "create", "--name", "x", "--role", "viewer")
	cp := filepath.Join(t.TempDir(), "checkpoint")
	if err := os.WriteFile(cp, []byte(mustRun(t, other, "log", "checkpoint")), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := run(t, db, "log", "verify", "--checkpoint", cp); code == 0 || !strings.Contains(errs, "not a note signed by this log's key") {
		t.Fatalf("foreign checkpoint: exit %d, %s", code, errs)
	}
}

// execSQL edits the database behind Truce's back, as an insider would.
func execSQL(t *testing.T, db, q string, args ...any) {
	t.Helper()
	raw, err := sql.Open("sqlite", db)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.Exec(q, args...); err != nil {
		t.Fatal(err)
	}
}

// resignEntry recomputes entry idx's leaf hash from its fields.
func resignEntry(t *testing.T, db string, idx int64) {
	t.Helper()
	st, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	var e *truce.LogEntry
	if err := st.LogEntries(context.Background(), idx, idx+1, func(x *truce.LogEntry) error { e = x; return nil }); err != nil || e == nil {
		t.Fatalf("entry %d: %v", idx, err)
	}
	st.Close()
	h := ledger.LeafHash(e)
	execSQL(t, db, `UPDATE log_entries SET leaf_hash = ? WHERE idx = ?`, h[:], idx)
}

// TestPublishCheckpoint: the server writes each signed head to the
// directory witnesses read, the latest under a fixed name.
func TestPublishCheckpoint(t *testing.T) {
	db := trustDB(t)
	st, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	key, _, err := ledger.LoadOrCreateKey(db + ".logkey")
	if err != nil {
		t.Fatal(err)
	}
	led := ledger.New(st, key)
	dir := filepath.Join(t.TempDir(), "public")
	sth, err := led.Head(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if err := publishCheckpoint(context.Background(), led, dir, sth.Size); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"checkpoint", "checkpoint." + strconv.FormatUint(sth.Size, 10)} {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		cp, err := ledger.ParseCheckpoint(data, key.Public().(ed25519.PublicKey), name)
		if err != nil || cp.Size != sth.Size || cp.Root != sth.Root {
			t.Fatalf("%s: %+v, %v; want size %d", name, cp, err, sth.Size)
		}
	}
}
