package http_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	nethttp "net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/alert"
	"github.com/truce-monitor/truce/app"
	"github.com/truce-monitor/truce/assess"
	trucehttp "github.com/truce-monitor/truce/http"
	"github.com/truce-monitor/truce/judge"
	"github.com/truce-monitor/truce/ledger"
	"github.com/truce-monitor/truce/sqlite"
)

// trustServer is a server with tokens for every role, a signing key and a
// dispatcher, over the same seeded store as newServer.
type trustServer struct {
	*httptest.Server
	db     *sqlite.DB
	srv    *trucehttp.Server
	tokens map[string]string // identity name → secret
	pub    ed25519.PublicKey
	kicks  atomic.Int32
}

func newTrustServer(t *testing.T, opts trucehttp.Options) *trustServer {
	t.Helper()
	ctx := context.Background()
	db := seededDB(t, 20)
	ts := &trustServer{db: db, tokens: map[string]string{}}
	now := time.Now().UTC()
	for _, spec := range []struct {
		name    string
		role    truce.Role
		expires time.Time
		revoke  bool
	}{
		{"admin", truce.RoleAdmin, time.Time{}, false},
		{"analyst", truce.RoleAnalyst, time.Time{}, false},
		{"monitor", truce.RoleMonitor, time.Time{}, false},
		{"monitor2", truce.RoleMonitor, time.Time{}, false},
		{"viewer", truce.RoleViewer, time.Time{}, false},
		{"expired", truce.RoleAdmin, now.Add(-time.Hour), false},
		{"revoked", truce.RoleAdmin, time.Time{}, true},
	} {
		secret, hash := truce.NewTokenSecret()
		tok := &truce.Token{Name: spec.name, Role: spec.role, Hash: hash, CreatedAt: now.Add(-2 * time.Hour), ExpiresAt: spec.expires}
		if err := db.CreateToken(ctx, tok); err != nil {
			t.Fatal(err)
		}
		if spec.revoke {
			if _, err := db.RevokeToken(ctx, spec.name, now.Add(-time.Minute)); err != nil {
				t.Fatal(err)
			}
		}
		ts.tokens[spec.name] = secret
	}
	pub, priv, _ := ed25519.GenerateKey(nil)
	ts.pub = pub
	opts.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	opts.Ledger = ledger.New(db, priv)
	opts.Alerted = func() { ts.kicks.Add(1) }
	ts.srv = trucehttp.NewServer(db, opts)
	ts.Server = httptest.NewServer(ts.srv.Handler())
	t.Cleanup(ts.Close)
	return ts
}

// do sends a request as who ("" for no token) and returns status and body.
func (ts *trustServer) do(t *testing.T, who, method, path string, body []byte, hdr map[string]string) (int, []byte, nethttp.Header) {
	t.Helper()
	req, err := nethttp.NewRequest(method, ts.URL+path, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if who != "" {
		req.Header.Set("Authorization", "Bearer "+ts.tokens[who])
	}
	if body != nil && hdr["Content-Type"] == "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := nethttp.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b, resp.Header
}

func report(date string, lat, lon float64, sub, actor1, actor2 string, deaths, civ int) []byte {
	b, _ := json.Marshal(map[string]any{"date": date, "lat": lat, "lon": lon, "event_type": truce.EventTypeOf(sub), "sub_event_type": sub,
		"actor1": actor1, "actor2": actor2, "fatalities": deaths, "civilian_deaths": civ, "description": "seen by the team", "place": "Maarat al-Numan"})
	return b
}

// idlib is a point inside the Idlib zone of the bundled agreement.
const idlibLat, idlibLon = 35.64, 36.67

func TestSubmitAndIdempotency(t *testing.T) {
	ts := newTrustServer(t, trucehttp.Options{})
	body := report("2017-06-10", idlibLat, idlibLon, "Air/drone strike", "Government of Syria", "Civilians (Syria)", 7, 6)

	code, b, _ := ts.do(t, "monitor", "POST", "/api/v1/reports", body, nil)
	if code != 400 || !strings.Contains(string(b), "Idempotency-Key") {
		t.Fatalf("without a key: %d %s", code, b)
	}
	key := map[string]string{"Idempotency-Key": "k-1"}
	code, b, hdr := ts.do(t, "monitor", "POST", "/api/v1/reports", body, key)
	if code != 201 {
		t.Fatalf("submit: %d %s", code, b)
	}
	var first struct {
		ReportID, IncidentID, LogIndex int64
		Replayed                       bool
		Judgement                      struct{ Verdict, Severity, ZoneID string } `json:"judgement"`
		Zones                          []struct{ ZoneID, Placement string }
	}
	decodeSnake(t, b, &first)
	if first.Judgement.Verdict != "violation" || first.Judgement.Severity != "grave" || first.Judgement.ZoneID != "idlib" {
		t.Errorf("judgement = %+v, want a grave violation in idlib (%s)", first.Judgement, b)
	}
	if hdr.Get("Location") != "/api/v1/incidents/"+strconv.FormatInt(first.IncidentID, 10) {
		t.Errorf("Location = %q", hdr.Get("Location"))
	}
	// A retry returns the first answer and stores nothing.
	code, b, hdr = ts.do(t, "monitor", "POST", "/api/v1/reports", body, key)
	var again struct {
		ReportID, IncidentID, LogIndex int64
		Replayed                       bool
	}
	decodeSnake(t, b, &again)
	if code != 200 || !again.Replayed || hdr.Get("Idempotent-Replayed") != "true" || again.IncidentID != first.IncidentID || again.LogIndex != first.LogIndex {
		t.Errorf("retry: %d %s", code, b)
	}
	// The same key with another report is refused.
	other := report("2017-06-11", idlibLat, idlibLon, "Air/drone strike", "Government of Syria", "", 1, 0)
	if code, b, _ := ts.do(t, "monitor", "POST", "/api/v1/reports", other, key); code != 409 {
		t.Errorf("reused key: %d %s", code, b)
	}
	// Another monitor's key space is its own.
	if code, b, _ := ts.do(t, "monitor2", "POST", "/api/v1/reports", other, key); code != 201 {
		t.Errorf("monitor2, same key: %d %s", code, b)
	}
	// Nothing a viewer reads names the submitter: not the incidents'
	// source keys, exports, OGC features or the public log.
	for _, path := range []string{"/api/v1/incidents?source=monitor", "/api/v1/incidents.csv", "/api/v1/incidents.geojson",
		"/ogc/collections/incidents/items?limit=10000", "/api/v1/log/entries?start=0"} {
		code, b, _ := ts.do(t, "viewer", "GET", path, nil, nil)
		if code != 200 || strings.Contains(string(b), "monitor2") || !strings.Contains(string(b), app.SubmissionKey("monitor2", "k-1")) {
			t.Errorf("viewer, %s: %d, names the submitter or lacks its report: %.600s", path, code, b)
		}
	}
	// Many concurrent retries of one new report store it once.
	racer := report("2017-06-12", idlibLat, idlibLon, "Armed clash", "Government of Syria", "Ahrar al-Sham", 0, 0)
	var wg sync.WaitGroup
	ids := make(chan int64, 20)
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			code, b, _ := ts.do(t, "monitor", "POST", "/api/v1/reports", racer, map[string]string{"Idempotency-Key": "race"})
			if code != 200 && code != 201 {
				t.Errorf("racer: %d %s", code, b)
				return
			}
			var r struct{ IncidentID int64 }
			decodeSnake(t, b, &r)
			ids <- r.IncidentID
		}()
	}
	wg.Wait()
	close(ids)
	seen := map[int64]bool{}
	for id := range ids {
		seen[id] = true
	}
	if len(seen) != 1 {
		t.Errorf("20 racing retries made incidents %v, want one", seen)
	}
	code, b, _ = ts.do(t, "monitor", "GET", "/api/v1/reports", nil, nil)
	var list struct {
		Reports []struct{ SubmittedBy string }
	}
	decodeSnake(t, b, &list)
	if code != 200 || len(list.Reports) != 2 {
		t.Errorf("monitor's reports: %d, %d listed, want its 2 (%s)", code, len(list.Reports), b)
	}
	for _, r := range list.Reports {
		if r.SubmittedBy != "monitor" {
			t.Errorf("monitor sees %s's report", r.SubmittedBy)
		}
	}
	_, b, _ = ts.do(t, "analyst", "GET", "/api/v1/reports", nil, nil)
	decodeSnake(t, b, &list)
	if len(list.Reports) != 3 {
		t.Errorf("analyst sees %d reports, want 3", len(list.Reports))
	}
	// The incident detail names the submitter to the analyst only.
	path := "/api/v1/incidents/" + strconv.FormatInt(first.IncidentID, 10)
	_, b, _ = ts.do(t, "viewer", "GET", path, nil, nil)
	if strings.Contains(string(b), `"origin"`) {
		t.Errorf("viewer sees the submitter: %s", b)
	}
	_, b, _ = ts.do(t, "analyst", "GET", path, nil, nil)
	if !strings.Contains(string(b), `"origin":"monitor"`) {
		t.Errorf("analyst does not see the submitter: %s", b)
	}
	// The incident says where its report is in the log, checked.
	var detail struct {
		Reports []struct {
			Log struct {
				Index    int64
				TreeSize int64 `json:"tree_size"`
				Verified bool
			}
		}
	}
	json.Unmarshal(b, &detail)
	if len(detail.Reports) != 1 || !detail.Reports[0].Log.Verified || detail.Reports[0].Log.Index != first.LogIndex || detail.Reports[0].Log.TreeSize <= first.LogIndex {
		t.Errorf("incident's log status: %s", b)
	}
}

func TestSubmitValidation(t *testing.T) {
	ts := newTrustServer(t, trucehttp.Options{})
	for _, tc := range []struct {
		name, body string
		fields     []string
	}{
		{"empty", `{}`, []string{"date", "lat", "lon", "event_type", "actor1", "description"}},
		{"ranges", `{"date":"2017-13-01","lat":91,"lon":-181,"event_type":"Battles","actor1":"x","fatalities":-1,"civilian_deaths":0,"description":"d"}`, []string{"date", "lat", "lon", "fatalities"}},
		{"taxonomy", `{"date":"2017-06-01","lat":35,"lon":36,"event_type":"Battles","sub_event_type":"Air/drone strike","actor1":"x","fatalities":1,"civilian_deaths":2,"description":"d"}`, []string{"sub_event_type", "civilian_deaths"}},
		{"evidence", `{"date":"2017-06-01","lat":35,"lon":36,"event_type":"Battles","actor1":"x","fatalities":0,"civilian_deaths":0,"description":"d","evidence":["abc","` + strings.Repeat("0", 64) + `"]}`, []string{"evidence[0]", "evidence[1]"}},
		{"future", `{"date":"2999-01-01","time":"25:00","lat":35,"lon":36,"event_type":"Battles","actor1":"x","fatalities":0,"civilian_deaths":0,"description":"d"}`, []string{"date", "time"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, b, _ := ts.do(t, "monitor", "POST", "/api/v1/reports", []byte(tc.body), map[string]string{"Idempotency-Key": tc.name})
			var e struct {
				Error struct {
					Code   string
					Fields map[string]string
				}
			}
			json.Unmarshal(b, &e)
			if code != 400 || e.Error.Code != "invalid" {
				t.Fatalf("%d %s", code, b)
			}
			for _, f := range tc.fields {
				if e.Error.Fields[f] == "" {
					t.Errorf("no message for field %s: %s", f, b)
				}
			}
		})
	}
	for _, tc := range []struct{ name, body, want string }{
		{"unknown field", `{"date":"2017-06-01","colour":"red"}`, "unknown field"},
		{"malformed", `{"date":`, "malformed JSON"},
		{"trailing", `{} {}`, "more data"},
		{"type", `{"lat":"north"}`, "lat"},
	} {
		code, b, _ := ts.do(t, "monitor", "POST", "/api/v1/reports", []byte(tc.body), map[string]string{"Idempotency-Key": "x"})
		if code != 400 || !strings.Contains(string(b), tc.want) {
			t.Errorf("%s: %d %s, want 400 naming %q", tc.name, code, b, tc.want)
		}
	}
	// Nothing was stored by any of them.
	n, err := ts.db.Submissions(context.Background(), "", 0, 100)
	if err != nil || len(n) != 0 {
		t.Errorf("rejected submissions stored %d reports (%v)", len(n), err)
	}
}

func TestEvidence(t *testing.T) {
	ts := newTrustServer(t, trucehttp.Options{})
	photo := []byte("\x89PNG\r\n\x1a\n a photo of the crater")
	sum := sha256.Sum256(photo)
	h := hex.EncodeToString(sum[:])
	code, b, _ := ts.do(t, "monitor", "POST", "/api/v1/evidence", photo, map[string]string{"Content-Type": "image/png", "X-Filename": "crater.png"})
	if code != 201 || !strings.Contains(string(b), h) {
		t.Fatalf("upload: %d %s", code, b)
	}
	if code, _, _ := ts.do(t, "monitor", "POST", "/api/v1/evidence", photo, map[string]string{"Content-Type": "image/png"}); code != 200 {
		t.Errorf("second upload of the same file: %d, want 200", code)
	}
	big := make([]byte, truce.MaxEvidenceBytes+1)
	if code, b, _ := ts.do(t, "monitor", "POST", "/api/v1/evidence", big, map[string]string{"Content-Type": "application/octet-stream"}); code != 413 {
		t.Errorf("oversized upload: %d %s", code, b)
	}
	for who, want := range map[string]int{"monitor": 200, "monitor2": 404, "analyst": 200, "viewer": 403} {
		code, b, hdr := ts.do(t, who, "GET", "/api/v1/evidence/"+h, nil, nil)
		if code != want {
			t.Errorf("%s reads the evidence: %d, want %d", who, code, want)
		}
		if code == 200 && (!bytes.Equal(b, photo) || hdr.Get("Content-Type") != "image/png") {
			t.Errorf("%s got %q as %s", who, b, hdr.Get("Content-Type"))
		}
	}
	body := report("2017-06-10", idlibLat, idlibLon, "Armed clash", "Government of Syria", "Ahrar al-Sham", 0, 0)
	var m map[string]any
	json.Unmarshal(body, &m)
	m["evidence"] = []string{h}
	body, _ = json.Marshal(m)
	if code, b, _ := ts.do(t, "monitor", "POST", "/api/v1/reports", body, map[string]string{"Idempotency-Key": "with-photo"}); code != 201 {
		t.Errorf("report with evidence: %d %s", code, b)
	}
	// Another monitor may not cite a file it did not upload, and the answer
	// is the same as for a file that does not exist: no existence oracle.
	unknown := strings.Repeat("ab", 32)
	var answers []string
	for _, cited := range []string{h, unknown} {
		m["evidence"] = []string{cited}
		body, _ = json.Marshal(m)
		code, b, _ := ts.do(t, "monitor2", "POST", "/api/v1/reports", body, map[string]string{"Idempotency-Key": "cites-" + cited[:6]})
		if code != 400 {
			t.Errorf("monitor2 cites %s…: %d %s, want 400", cited[:6], code, b)
		}
		answers = append(answers, strings.ReplaceAll(string(b), cited[:12], "HASH"))
	}
	if answers[0] != answers[1] {
		t.Errorf("citing another's file and a missing one answer differently:\n%s\n%s", answers[0], answers[1])
	}
	// Uploading the same bytes makes monitor2 an uploader: it may then read
	// them and cite them.
	if code, b, _ := ts.do(t, "monitor2", "POST", "/api/v1/evidence", photo, map[string]string{"Content-Type": "image/png"}); code != 201 {
		t.Errorf("monitor2 uploads the same bytes: %d %s, want 201", code, b)
	}
	if code, b, _ := ts.do(t, "monitor2", "GET", "/api/v1/evidence/"+h, nil, nil); code != 200 || !bytes.Equal(b, photo) {
		t.Errorf("monitor2 reads the bytes it uploaded: %d", code)
	}
	m["evidence"] = []string{h}
	body, _ = json.Marshal(m)
	if code, b, _ := ts.do(t, "monitor2", "POST", "/api/v1/reports", body, map[string]string{"Idempotency-Key": "cites-own"}); code != 201 {
		t.Errorf("monitor2 cites its upload: %d %s", code, b)
	}
}

// TestRoleMatrix walks every route with every identity and checks each is
// admitted exactly when its role holds the route's permission.
func TestRoleMatrix(t *testing.T) {
	for _, public := range []bool{false, true} {
		t.Run(fmt.Sprintf("public=%v", public), func(t *testing.T) {
			// Expired and revoked tokens fail on every route: the limit on
			// failures has its own test (TestFailedAuthLimited).
			ts := newTrustServer(t, trucehttp.Options{Public: public, FailedAuthBurst: -1})
			perms := ts.srv.RoutePermissions()
			roles := map[string][]trucehttp.Permission{
				"admin":   {"read", "read_reports", "read_own", "submit", "adjudicate", "check_claims", "admin"},
				"analyst": {"read", "read_reports", "read_own", "submit", "adjudicate", "check_claims"},
				"monitor": {"read", "read_own", "submit"},
				"viewer":  {"read"},
				"":        nil,
				"expired": nil,
				"revoked": nil,
			}
			if public {
				roles[""] = []trucehttp.Permission{"read"}
			}
			for _, route := range ts.srv.Routes() {
				method, pattern, _ := strings.Cut(route, " ")
				path := strings.NewReplacer("{id}", "1", "{name}", "nobody", "{sha256}", strings.Repeat("a", 64), "{file}", "2017-06-01.md",
					"{index}", "0", "{collection}", "zones", "{fid}", "idlib").Replace(pattern)
				if pattern == "/api/v1/agreements/{id}" {
					path = "/api/v1/agreements/astana-2017"
				}
				perm := perms[route]
				for who, held := range roles {
					var body []byte
					if method == "POST" {
						body = []byte(`{}`)
					}
					code, b, _ := ts.do(t, who, method, path, body, map[string]string{"Idempotency-Key": "matrix"})
					allowed := perm == "" || slices.Contains(held, perm)
					switch {
					case perm == "" && (who == "expired" || who == "revoked"):
						// A bad token is refused even where none is needed.
						if code != 401 {
							t.Errorf("%s as %q: %d, want 401", route, who, code)
						}
					case perm == "":
						if code == 401 || code == 403 {
							t.Errorf("%s as %q: %d, want it open to all", route, who, code)
						}
					case !allowed && (who == "" || who == "expired" || who == "revoked"):
						if code != 401 {
							t.Errorf("%s as %q: %d, want 401 (%s)", route, who, code, b)
						}
					case !allowed:
						if code != 403 {
							t.Errorf("%s as %q: %d, want 403 (%s)", route, who, code, b)
						}
					default:
						if code == 401 || code == 403 || code == 429 {
							t.Errorf("%s as %q: %d, want it admitted (%s)", route, who, code, b)
						}
					}
				}
			}
		})
	}
}

func TestTokensAPI(t *testing.T) {
	ts := newTrustServer(t, trucehttp.Options{})
	code, b, _ := ts.do(t, "admin", "POST", "/api/v1/tokens", []byte(`{"name":"team-7","role":"monitor","expires_in_days":30}`), nil)
	if code != 201 {
		t.Fatalf("create: %d %s", code, b)
	}
	var tok struct{ Token, Name, Role string }
	json.Unmarshal(b, &tok)
	if !strings.HasPrefix(tok.Token, truce.TokenPrefix) || tok.Role != "monitor" {
		t.Fatalf("created %s", b)
	}
	ts.tokens["team-7"] = tok.Token
	if code, _, _ := ts.do(t, "team-7", "GET", "/api/v1/whoami", nil, nil); code != 200 {
		t.Errorf("new token: %d", code)
	}
	_, b, _ = ts.do(t, "admin", "GET", "/api/v1/tokens", nil, nil)
	if strings.Contains(string(b), tok.Token) || strings.Contains(string(b), truce.HashTokenSecret(tok.Token)) {
		t.Errorf("token list leaks a secret or hash: %s", b)
	}
	if code, b, _ := ts.do(t, "admin", "POST", "/api/v1/tokens", []byte(`{"name":"team-7","role":"monitor"}`), nil); code != 409 {
		t.Errorf("duplicate name: %d %s", code, b)
	}
	if code, b, _ := ts.do(t, "admin", "POST", "/api/v1/tokens", []byte(`{"name":"bad name!","role":"boss"}`), nil); code != 400 || !strings.Contains(string(b), `"role"`) {
		t.Errorf("bad token: %d %s", code, b)
	}
	if code, b, _ := ts.do(t, "admin", "DELETE", "/api/v1/tokens/team-7", nil, nil); code != 200 {
		t.Errorf("revoke: %d %s", code, b)
	}
	if code, _, _ := ts.do(t, "team-7", "GET", "/api/v1/whoami", nil, nil); code != 401 {
		t.Errorf("revoked token still works here: %d", code)
	}
}

// TestWhoamiNoTokens: an anonymous visitor learns whether any token works,
// so that the sign-in page can say one must be created first.
func TestWhoamiNoTokens(t *testing.T) {
	ctx := context.Background()
	db := seededDB(t, 5)
	srv := httptest.NewServer(trucehttp.NewServer(db, trucehttp.Options{}).Handler())
	defer srv.Close()
	noTokens := func() any {
		t.Helper()
		var me map[string]any
		getJSON(t, srv.URL+"/api/v1/whoami", 200, &me)
		return me["no_tokens"]
	}
	if got := noTokens(); got != true {
		t.Errorf("empty store: no_tokens = %v, want true", got)
	}
	_, hash := truce.NewTokenSecret()
	if err := db.CreateToken(ctx, &truce.Token{Name: "team-1", Role: truce.RoleViewer, Hash: hash, CreatedAt: time.Now().UTC()}); err != nil {
		t.Fatal(err)
	}
	if got := noTokens(); got != false {
		t.Errorf("with a token: no_tokens = %v, want false", got)
	}
	if _, err := db.RevokeToken(ctx, "team-1", time.Now().UTC().Add(-time.Minute)); err != nil {
		t.Fatal(err)
	}
	if got := noTokens(); got != true {
		t.Errorf("every token revoked: no_tokens = %v, want true", got)
	}
}

func TestRateLimitAndMetrics(t *testing.T) {
	ts := newTrustServer(t, trucehttp.Options{RateLimit: 1, RateBurst: 3})
	codes := []int{}
	for i := 0; i < 5; i++ {
		code, _, _ := ts.do(t, "viewer", "GET", "/api/v1/agreements", nil, nil)
		codes = append(codes, code)
	}
	if codes[0] != 200 || codes[4] != 429 {
		t.Errorf("codes %v: want 200 first and 429 past the burst", codes)
	}
	// Another client has its own bucket.
	code, b, _ := ts.do(t, "admin", "GET", "/metrics", nil, nil)
	if code != 200 || !strings.Contains(string(b), `truce_http_requests_total{method="GET",route="GET /api/v1/agreements",status="429"}`) {
		t.Errorf("metrics: %d %.2000s", code, b)
	}
}

// --- An independent RFC 6962 / RFC 9162 verifier: it shares no code with
// package tlog or the server, as a guarantor's would.

func leafHash(data []byte) []byte {
	h := sha256.New()
	h.Write([]byte{0})
	h.Write(data)
	return h.Sum(nil)
}

func nodeHash(l, r []byte) []byte {
	h := sha256.New()
	h.Write([]byte{1})
	h.Write(l)
	h.Write(r)
	return h.Sum(nil)
}

// verifyInclusion is RFC 9162 §2.1.3.2.
func verifyInclusion(leaf []byte, index, size uint64, path [][]byte, root []byte) bool {
	if index >= size {
		return false
	}
	fn, sn := index, size-1
	r := leaf
	for _, p := range path {
		if sn == 0 {
			return false
		}
		if fn&1 == 1 || fn == sn {
			r = nodeHash(p, r)
			if fn&1 == 0 {
				for fn&1 == 0 && fn != 0 {
					fn >>= 1
					sn >>= 1
				}
			}
		} else {
			r = nodeHash(r, p)
		}
		fn >>= 1
		sn >>= 1
	}
	return sn == 0 && bytes.Equal(r, root)
}

// verifyConsistency is RFC 9162 §2.1.4.2.
func verifyConsistency(first, second uint64, firstRoot, secondRoot []byte, path [][]byte) bool {
	if first == second {
		return len(path) == 0 && bytes.Equal(firstRoot, secondRoot)
	}
	if first == 0 || first > second || len(path) == 0 {
		return false
	}
	if first&(first-1) == 0 { // a power of two
		path = append([][]byte{firstRoot}, path...)
	}
	fn, sn := first-1, second-1
	for fn&1 == 1 {
		fn >>= 1
		sn >>= 1
	}
	fr, sr := path[0], path[0]
	for _, c := range path[1:] {
		if sn == 0 {
			return false
		}
		if fn&1 == 1 || fn == sn {
			fr, sr = nodeHash(c, fr), nodeHash(c, sr)
			if fn&1 == 0 {
				for fn&1 == 0 && fn != 0 {
					fn >>= 1
					sn >>= 1
				}
			}
		} else {
			sr = nodeHash(sr, c)
		}
		fn >>= 1
		sn >>= 1
	}
	return sn == 0 && bytes.Equal(fr, firstRoot) && bytes.Equal(sr, secondRoot)
}

type signedHead struct {
	TreeSize   uint64 `json:"tree_size"`
	RootHash   string `json:"root_hash"`
	Signature  string `json:"signature"`
	SignedHead string `json:"signed_head"`
	PublicKey  string `json:"public_key"`
}

func (ts *trustServer) head(t *testing.T) signedHead {
	t.Helper()
	code, b, _ := ts.do(t, "viewer", "GET", "/api/v1/log", nil, nil)
	if code != 200 {
		t.Fatalf("log head: %d %s", code, b)
	}
	var h signedHead
	json.Unmarshal(b, &h)
	// The signature covers the text form up to the blank line.
	signed, _, ok := strings.Cut(h.SignedHead, "\n\n")
	sig, _ := base64.StdEncoding.DecodeString(h.Signature)
	if !ok || !ed25519.Verify(ts.pub, []byte(signed+"\n"), sig) {
		t.Fatalf("the signed head does not verify under the server's key: %q", h.SignedHead)
	}
	if !strings.Contains(signed, "\n"+strconv.FormatUint(h.TreeSize, 10)+"\n"+h.RootHash+"\n") {
		t.Fatalf("signed text %q does not carry size %d and root %s", signed, h.TreeSize, h.RootHash)
	}
	return h
}

func b64(t *testing.T, s string) []byte {
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestLogProofs checks, with the verifier above, that every write is in
// the log, each entry's leaf hash follows from its fields, each has a valid
// inclusion proof under the signed head, and an old head is consistent
// with a new one.
func TestLogProofs(t *testing.T) {
	ts := newTrustServer(t, trucehttp.Options{})
	ts.do(t, "admin", "POST", "/api/v1/tokens", []byte(`{"name":"team-9","role":"viewer"}`), nil)
	ts.do(t, "monitor", "POST", "/api/v1/evidence", []byte("evidence"), map[string]string{"Content-Type": "text/plain"})
	old := ts.head(t)
	for i := 0; i < 5; i++ {
		body := report(fmt.Sprintf("2017-06-%02d", 10+i), idlibLat, idlibLon, "Armed clash", "Government of Syria", "Ahrar al-Sham", i, 0)
		if code, b, _ := ts.do(t, "monitor", "POST", "/api/v1/reports", body, map[string]string{"Idempotency-Key": fmt.Sprint("p", i)}); code != 201 {
			t.Fatalf("submit: %d %s", code, b)
		}
	}
	ts.do(t, "analyst", "POST", "/api/v1/adjudicate", nil, nil)
	cur := ts.head(t)
	if cur.TreeSize != old.TreeSize+6 {
		t.Fatalf("log grew from %d to %d entries, want 6 more (5 reports, 1 adjudication)", old.TreeSize, cur.TreeSize)
	}
	_, b, _ := ts.do(t, "viewer", "GET", "/api/v1/log/entries?start=0&end="+strconv.FormatUint(cur.TreeSize, 10), nil, nil)
	var page struct {
		Entries []struct {
			Index      uint64
			Kind, At   string
			Actor      string
			BodyBase64 string `json:"body_base64"`
			LeafHash   string `json:"leaf_hash"`
		}
	}
	json.Unmarshal(b, &page)
	if uint64(len(page.Entries)) != cur.TreeSize {
		t.Fatalf("%d entries listed, head says %d", len(page.Entries), cur.TreeSize)
	}
	kinds := map[string]int{}
	for _, e := range page.Entries {
		kinds[e.Kind]++
		data := "truce-log-v1\n" + e.Kind + "\n" + e.At + "\n" + e.Actor + "\n" + string(b64(t, e.BodyBase64))
		leaf := leafHash([]byte(data))
		if !bytes.Equal(leaf, b64(t, e.LeafHash)) {
			t.Errorf("entry %d: leaf hash does not follow from its fields", e.Index)
		}
		_, pb, _ := ts.do(t, "viewer", "GET", fmt.Sprintf("/api/v1/log/proof/inclusion?index=%d&tree_size=%d", e.Index, cur.TreeSize), nil, nil)
		var proof struct {
			AuditPath []string `json:"audit_path"`
		}
		json.Unmarshal(pb, &proof)
		path := make([][]byte, len(proof.AuditPath))
		for i, p := range proof.AuditPath {
			path[i] = b64(t, p)
		}
		if !verifyInclusion(leaf, e.Index, cur.TreeSize, path, b64(t, cur.RootHash)) {
			t.Errorf("entry %d: inclusion proof does not verify (%s)", e.Index, pb)
		}
	}
	if kinds["report"] != 5 || kinds["token"] != 1 || kinds["evidence"] != 1 || kinds["adjudication"] != 1 {
		t.Errorf("entry kinds %v", kinds)
	}
	// By leaf hash, as a guarantor holding an entry would ask.
	last := page.Entries[len(page.Entries)-1]
	if code, pb, _ := ts.do(t, "viewer", "GET", "/api/v1/log/proof/inclusion?leaf_hash="+strings.ReplaceAll(last.LeafHash, "+", "%2B"), nil, nil); code != 200 || !strings.Contains(string(pb), fmt.Sprintf(`"index":%d`, last.Index)) {
		t.Errorf("proof by leaf hash: %d %s", code, pb)
	}
	_, cb, _ := ts.do(t, "viewer", "GET", fmt.Sprintf("/api/v1/log/proof/consistency?first=%d&second=%d", old.TreeSize, cur.TreeSize), nil, nil)
	var cons struct{ Consistency []string }
	json.Unmarshal(cb, &cons)
	path := make([][]byte, len(cons.Consistency))
	for i, p := range cons.Consistency {
		path[i] = b64(t, p)
	}
	if !verifyConsistency(old.TreeSize, cur.TreeSize, b64(t, old.RootHash), b64(t, cur.RootHash), path) {
		t.Errorf("consistency proof %d→%d does not verify: %s", old.TreeSize, cur.TreeSize, cb)
	}
	// A forged root fails, so the verifier is not vacuous.
	if verifyConsistency(old.TreeSize, cur.TreeSize, leafHash([]byte("forged")), b64(t, cur.RootHash), path) {
		t.Error("consistency verifier accepts a forged root")
	}
	for _, bad := range []string{"index=999999", "index=-1", "", "leaf_hash=AAAA"} {
		if code, _, _ := ts.do(t, "viewer", "GET", "/api/v1/log/proof/inclusion?"+bad, nil, nil); code != 400 && code != 404 {
			t.Errorf("inclusion proof ?%s: %d, want 400 or 404", bad, code)
		}
	}
}

// TestWebhookDelivery raises a grave-violation alert through a submission
// and delivers it to a receiver that fails twice, checking the retries, the
// delivery log and the HMAC signature with an independent computation.
func TestWebhookDelivery(t *testing.T) {
	// The receiver listens on loopback, which the server refuses unless
	// told otherwise (TestPrivateWebhooks).
	ts := newTrustServer(t, trucehttp.Options{AllowPrivateWebhooks: true})
	var mu sync.Mutex
	var got []*nethttp.Request
	var bodies [][]byte
	recv := httptest.NewServer(nethttp.HandlerFunc(func(w nethttp.ResponseWriter, r *nethttp.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		defer mu.Unlock()
		got = append(got, r)
		bodies = append(bodies, b)
		if len(got) <= 2 {
			w.WriteHeader(503)
			return
		}
		w.WriteHeader(204)
	}))
	defer recv.Close()
	secret := "a-shared-secret-of-some-length"
	code, b, _ := ts.do(t, "admin", "POST", "/api/v1/webhooks", []byte(`{"url":"`+recv.URL+`/hook","events":["grave_violation"],"secret":"`+secret+`"}`), nil)
	if code != 201 {
		t.Fatalf("webhook: %d %s", code, b)
	}
	body := report("2017-06-20", idlibLat, idlibLon, "Air/drone strike", "Government of Syria", "Civilians (Syria)", 9, 9)
	if code, b, _ := ts.do(t, "monitor", "POST", "/api/v1/reports", body, map[string]string{"Idempotency-Key": "hook"}); code != 201 {
		t.Fatalf("submit: %d %s", code, b)
	}
	if ts.kicks.Load() == 0 {
		t.Error("the server did not announce the alert")
	}
	clock := time.Now()
	d := &alert.Dispatcher{Store: ts.db, BaseDelay: time.Second, Now: func() time.Time { return clock }, Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		AllowPrivate: true}
	for i := 0; i < 3; i++ {
		n, err := d.DeliverDue(context.Background())
		if err != nil || n != 1 {
			t.Fatalf("pass %d: %d attempted, %v", i, n, err)
		}
		// Not due again until its back-off has passed.
		if n, _ := d.DeliverDue(context.Background()); n != 0 {
			t.Fatalf("pass %d: a delivery was retried before its back-off", i)
		}
		clock = clock.Add(time.Hour)
	}
	if len(got) != 3 {
		t.Fatalf("receiver got %d requests, want 3", len(got))
	}
	for i, r := range got {
		sig := r.Header.Get("X-Truce-Signature")
		var ts, v1 string
		for _, p := range strings.Split(sig, ",") {
			k, v, _ := strings.Cut(p, "=")
			if k == "t" {
				ts = v
			} else if k == "v1" {
				v1 = v
			}
		}
		mac := hmac.New(sha256.New, []byte(secret))
		mac.Write([]byte(ts + "." + string(bodies[i])))
		if v1 != hex.EncodeToString(mac.Sum(nil)) {
			t.Errorf("request %d: signature %q does not verify", i, sig)
		}
		if r.Header.Get("X-Truce-Event") != "grave_violation" || !strings.Contains(string(bodies[i]), `"severity":"grave"`) {
			t.Errorf("request %d: event %q body %s", i, r.Header.Get("X-Truce-Event"), bodies[i])
		}
	}
	_, b, _ = ts.do(t, "admin", "GET", "/api/v1/webhooks/1/deliveries", nil, nil)
	var dl struct {
		Deliveries []struct {
			State      string
			Attempts   int
			LastStatus int `json:"last_status"`
		}
	}
	json.Unmarshal(b, &dl)
	if len(dl.Deliveries) != 1 || dl.Deliveries[0].State != "delivered" || dl.Deliveries[0].Attempts != 3 || dl.Deliveries[0].LastStatus != 204 {
		t.Errorf("delivery log: %s", b)
	}
	// The same fact raised again (a resubmission elsewhere, another
	// server) makes no second alert.
	_, b, _ = ts.do(t, "analyst", "GET", "/api/v1/alerts", nil, nil)
	before := strings.Count(string(b), `"key":"grave_violation:`)
	ts.do(t, "analyst", "POST", "/api/v1/adjudicate", nil, nil)
	_, b, _ = ts.do(t, "analyst", "GET", "/api/v1/alerts", nil, nil)
	if after := strings.Count(string(b), `"key":"grave_violation:`); after != before || before != 1 {
		t.Errorf("grave alerts: %d before re-judging, %d after, want 1 and 1", before, after)
	}
}

// decodeSnake decodes JSON with snake_case keys into a struct with Go
// field names, as the tests read answers.
func decodeSnake(t *testing.T, b []byte, v any) {
	t.Helper()
	var m any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("%v: %s", err, b)
	}
	b2, _ := json.Marshal(unsnake(m))
	if err := json.Unmarshal(b2, v); err != nil {
		t.Fatalf("%v: %s", err, b)
	}
}

func unsnake(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, val := range x {
			out[strings.ReplaceAll(k, "_", "")] = unsnake(val)
		}
		return out
	case []any:
		for i := range x {
			x[i] = unsnake(x[i])
		}
	}
	return v
}

// TestStatusSeesEveryWrite checks the server's cached rollup against the
// store after writes through the API and behind the server's back.
func TestStatusSeesEveryWrite(t *testing.T) {
	ts := newTrustServer(t, trucehttp.Options{})
	ctx := context.Background()
	const day = "2017-05-12"
	check := func(when string) string {
		t.Helper()
		_, got, _ := ts.do(t, "viewer", "GET", "/api/v1/status?date="+day, nil, nil)
		a, err := ts.db.ActiveAgreement(ctx)
		if err != nil {
			t.Fatal(err)
		}
		d, _ := truce.ParseDate(day)
		rep, err := assess.BuildStatus(ctx, ts.db, a, d, assess.StatusOptions{})
		if err != nil {
			t.Fatal(err)
		}
		want, _ := json.Marshal(rep)
		if strings.TrimSpace(string(got)) != string(want) {
			t.Errorf("%s: the served status differs from the store's:\nserved %s\nstore  %s", when, got, want)
		}
		return string(got)
	}
	before := check("at first")
	for i := 0; i < 6; i++ {
		body := report(day, idlibLat, idlibLon, "Air/drone strike", "Government of Syria", "Civilians (Syria)", 2, 2)
		if code, b, _ := ts.do(t, "monitor", "POST", "/api/v1/reports", body, map[string]string{"Idempotency-Key": fmt.Sprint("s", i)}); code != 201 {
			t.Fatalf("submit: %d %s", code, b)
		}
	}
	after := check("after submissions")
	if after == before {
		t.Error("six grave violations did not change the status")
	}
	// Another process withdraws them and re-judges everything.
	a, _ := ts.db.ActiveAgreement(ctx)
	var ids []int64
	ts.db.Incidents(ctx, truce.IncidentFilter{Source: "monitor"}, func(inc *truce.Incident) error { ids = append(ids, inc.ID); return nil })
	var withdrawals []*truce.Report
	for i, id := range ids {
		inc, _ := ts.db.FindIncident(ctx, id, a.ID)
		withdrawals = append(withdrawals, &truce.Report{Source: "monitor", SourceKey: inc.SourceKey, Withdraws: true, Raw: fmt.Sprint("withdrawn ", i),
			Hash: fmt.Sprintf("%064x", i+1), ReceivedAt: time.Now()})
	}
	if _, err := ts.db.PutReports(ctx, a.ID, withdrawals); err != nil {
		t.Fatal(err)
	}
	j, _ := judge.NewJudge(a, 1)
	if _, err := ts.db.JudgeIncidents(ctx, a.ID, 1, ids, j); err != nil {
		t.Fatal(err)
	}
	if got := check("after withdrawals judged elsewhere"); got != before {
		t.Errorf("withdrawing the submissions did not restore the status:\nnow    %s\nbefore %s", got, before)
	}
	if _, err := ts.db.JudgeAll(ctx, a.ID, 1, j); err != nil {
		t.Fatal(err)
	}
	check("after a full re-judgement elsewhere")
}

// TestStatusAnswersKept reads statuses of days before, inside and after the
// days a submission changes, with and without options, before and after
// it: the server keeps status answers until a rollup row they read changes,
// so each must still match one built from the store afterwards.
func TestStatusAnswersKept(t *testing.T) {
	ts := newTrustServer(t, trucehttp.Options{})
	ctx := context.Background()
	const submitted = "2017-05-12"
	queries := []struct{ name, query string }{
		{"long before", "date=2017-02-01"},
		{"day before", "date=2017-05-11"},
		{"same day", "date=" + submitted},
		{"inside the window after", "date=2017-05-16"},
		{"inside the coverage after", "date=2017-06-05"},
		{"long after", "date=2017-09-01"},
		{"one zone", "date=2017-05-14&zone=idlib"},
		{"another zone", "date=2017-05-14&zone=eastern-ghouta"},
		{"wide window", "date=2017-07-20&window=60"},
	}
	a, err := ts.db.ActiveAgreement(ctx)
	if err != nil {
		t.Fatal(err)
	}
	check := func(when string) {
		t.Helper()
		for _, q := range queries {
			// Twice: the second may be the kept answer.
			for range 2 {
				code, got, _ := ts.do(t, "viewer", "GET", "/api/v1/status?"+q.query, nil, nil)
				if code != 200 {
					t.Fatalf("%s: %s: %d %s", when, q.name, code, got)
				}
				v, _ := url.ParseQuery(q.query)
				d, _ := truce.ParseDate(v.Get("date"))
				opts := assess.StatusOptions{Zone: v.Get("zone")}
				opts.Window, _ = strconv.Atoi(v.Get("window"))
				rep, err := assess.BuildStatus(ctx, ts.db, a, d, opts)
				if err != nil {
					t.Fatal(err)
				}
				want, _ := json.Marshal(rep)
				if strings.TrimSpace(string(got)) != string(want) {
					t.Errorf("%s: %s: the served status differs from the store's:\nserved %s\nstore  %s", when, q.name, got, want)
				}
			}
		}
	}
	check("at first")
	for i := range 4 {
		body := report(submitted, idlibLat, idlibLon, "Air/drone strike", "Government of Syria", "Civilians (Syria)", 3, 3)
		if code, b, _ := ts.do(t, "monitor", "POST", "/api/v1/reports", body, map[string]string{"Idempotency-Key": fmt.Sprint("k", i)}); code != 201 {
			t.Fatalf("submit: %d %s", code, b)
		}
		check(fmt.Sprintf("after submission %d", i+1))
	}
	// Behind the server's back: another process re-judges everything.
	j, _ := judge.NewJudge(a, 1)
	if _, err := ts.db.JudgeAll(ctx, a.ID, 1, j); err != nil {
		t.Fatal(err)
	}
	check("after a full re-judgement elsewhere")
}

// TestStatusCacheUnderConcurrency reads statuses while submissions land,
// then checks every date against the store: a read that raced a change
// must not leave a stale day in the cache.
func TestStatusCacheUnderConcurrency(t *testing.T) {
	ts := newTrustServer(t, trucehttp.Options{})
	ctx := context.Background()
	days := []string{"2017-05-08", "2017-05-10", "2017-05-12", "2017-05-14"}
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for r := 0; r < 6; r++ {
		wg.Add(1)
		go func(r int) {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				ts.do(t, "viewer", "GET", "/api/v1/status?date="+days[(r+i)%len(days)], nil, nil)
			}
		}(r)
	}
	for i := 0; i < 16; i++ {
		body := report(days[i%len(days)], idlibLat, idlibLon, "Air/drone strike", "Government of Syria", "Civilians (Syria)", 1, 1)
		if code, b, _ := ts.do(t, "monitor", "POST", "/api/v1/reports", body, map[string]string{"Idempotency-Key": fmt.Sprint("c", i)}); code != 201 {
			t.Fatalf("submit: %d %s", code, b)
		}
	}
	close(stop)
	wg.Wait()
	a, _ := ts.db.ActiveAgreement(ctx)
	for _, day := range days {
		_, got, _ := ts.do(t, "viewer", "GET", "/api/v1/status?date="+day, nil, nil)
		d, _ := truce.ParseDate(day)
		rep, err := assess.BuildStatus(ctx, ts.db, a, d, assess.StatusOptions{})
		if err != nil {
			t.Fatal(err)
		}
		want, _ := json.Marshal(rep)
		if strings.TrimSpace(string(got)) != string(want) {
			t.Errorf("%s: served status differs from the store's after concurrent writes:\nserved %s\nstore  %s", day, got, want)
		}
	}
}

// The API's adjudication weighs imprecise locations as `truce adjudicate`
// does, by where precisely located incidents were: the same store judged
// from either gives the same verdicts.
func TestAdjudicateWeighsLocations(t *testing.T) {
	ts := newTrustServer(t, trucehttp.Options{})
	if code, b, _ := ts.do(t, "analyst", "POST", "/api/v1/adjudicate", nil, nil); code != 200 {
		t.Fatalf("adjudicate: %d %s", code, b)
	}
	_, b, _ := ts.do(t, "viewer", "GET", "/api/v1/incidents?limit=1000", nil, nil)
	var list struct {
		Items []struct {
			ID      int64 `json:"id"`
			LocPrec int   `json:"loc_prec"`
			Zones   []struct{ Placement string }
		}
	}
	if err := json.Unmarshal(b, &list); err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, it := range list.Items {
		uncertain := len(it.Zones) > 0
		for _, z := range it.Zones {
			uncertain = uncertain && z.Placement == string(truce.Uncertain)
		}
		if it.LocPrec != int(truce.PrecNear) || !uncertain {
			continue
		}
		_, b, _ := ts.do(t, "viewer", "GET", fmt.Sprintf("/api/v1/incidents/%d", it.ID), nil, nil)
		var det struct {
			Judgements []struct {
				Trace []struct{ Rule, Detail string }
			}
		}
		json.Unmarshal(b, &det)
		if len(det.Judgements) == 0 || len(det.Judgements[0].Trace) == 0 {
			t.Fatalf("incident %d has no judgement: %s", it.ID, b)
		}
		if st := det.Judgements[0].Trace[0]; st.Rule != "zone" || !strings.Contains(st.Detail, "where precisely located events were") {
			t.Errorf("incident %d, located to 25 km: zone step %q does not weigh by activity", it.ID, st.Detail)
		}
		checked++
	}
	if checked == 0 {
		t.Fatal("no incident located to 25 km and uncertain in a zone to check")
	}
}

// TestPrivateWebhooks checks that webhooks aimed at the server's own
// network are refused unless the server allows them, when added and again
// when delivered (a public name may resolve to a private address).
func TestPrivateWebhooks(t *testing.T) {
	ts := newTrustServer(t, trucehttp.Options{})
	for _, u := range []string{"http://127.0.0.1:9/h", "http://localhost/h", "http://10.1.2.3/h", "http://[::1]/h", "http://169.254.169.254/latest",
		"http://192.168.0.1/h", "http://0.0.0.0/h", "http://100.64.0.1/h", "http://api.localhost/h"} {
		code, b, _ := ts.do(t, "admin", "POST", "/api/v1/webhooks", []byte(`{"url":"`+u+`","secret":"secret-of-sixteen!"}`), nil)
		if code != 400 || !strings.Contains(string(b), "private") {
			t.Errorf("webhook to %s: %d %s, want 400", u, code, b)
		}
	}
	if code, b, _ := ts.do(t, "admin", "POST", "/api/v1/webhooks", []byte(`{"url":"https://93.184.215.14/h","secret":"secret-of-sixteen!"}`), nil); code != 201 {
		t.Errorf("webhook to a public address: %d %s", code, b)
	}
	// Delivery dials public addresses only, unless allowed.
	recv := httptest.NewServer(nethttp.HandlerFunc(func(w nethttp.ResponseWriter, r *nethttp.Request) { w.WriteHeader(204) }))
	defer recv.Close()
	allowed := newTrustServer(t, trucehttp.Options{AllowPrivateWebhooks: true})
	if code, b, _ := allowed.do(t, "admin", "POST", "/api/v1/webhooks", []byte(`{"url":"`+recv.URL+`/h","secret":"secret-of-sixteen!"}`), nil); code != 201 {
		t.Fatalf("allowed private webhook: %d %s", code, b)
	}
	body := report("2017-06-20", idlibLat, idlibLon, "Air/drone strike", "Government of Syria", "Civilians (Syria)", 9, 9)
	if code, b, _ := allowed.do(t, "monitor", "POST", "/api/v1/reports", body, map[string]string{"Idempotency-Key": "hook"}); code != 201 {
		t.Fatalf("submit: %d %s", code, b)
	}
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	strict := &alert.Dispatcher{Store: allowed.db, Log: quiet}
	if _, err := strict.DeliverDue(context.Background()); err != nil {
		t.Fatal(err)
	}
	ds, err := allowed.db.Deliveries(context.Background(), 0, 1)
	if err != nil || len(ds) == 0 || ds[0].State == truce.DeliveryDelivered || !strings.Contains(ds[0].LastError, "refused") {
		t.Fatalf("a dispatcher that does not allow private addresses delivered to loopback: %+v, %v", ds, err)
	}
}

// TestFailedAuthLimited checks that failed authentications are limited
// per client address even when requests are not rate-limited: a burst,
// then 429.
func TestFailedAuthLimited(t *testing.T) {
	ts := newTrustServer(t, trucehttp.Options{})
	ts.tokens["guess"] = "not-a-token"
	var codes []int
	for range trucehttp.FailedAuthBurst + 2 {
		code, _, _ := ts.do(t, "guess", "GET", "/api/v1/incidents", nil, nil)
		codes = append(codes, code)
	}
	for i, c := range codes {
		want := 401
		if i >= trucehttp.FailedAuthBurst {
			want = 429
		}
		if c != want {
			t.Fatalf("failed sign-ins answered %v; want %d × 401, then 429", codes, trucehttp.FailedAuthBurst)
		}
	}
	// A good token from the same address still works.
	if code, _, _ := ts.do(t, "viewer", "GET", "/api/v1/incidents", nil, nil); code != 200 {
		t.Errorf("a valid token after the failures: %d", code)
	}
}

// TestReviseSubmission revises a monitor's report through the API: its
// submitter and an analyst may, another monitor may not (and learns
// nothing), a viewer is refused, and every revision is logged and leaves
// a log that verifies, the incident taking the revised content.
func TestReviseSubmission(t *testing.T) {
	ts := newTrustServer(t, trucehttp.Options{})
	ctx := context.Background()
	body := report("2017-06-10", idlibLat, idlibLon, "Air/drone strike", "Government of Syria", "Civilians (Syria)", 7, 6)
	code, b, _ := ts.do(t, "monitor", "POST", "/api/v1/reports", body, map[string]string{"Idempotency-Key": "k-1"})
	if code != 201 {
		t.Fatalf("submit: %d %s", code, b)
	}
	var sub struct{ IncidentID int64 }
	decodeSnake(t, b, &sub)
	inc, err := ts.db.FindIncident(ctx, sub.IncidentID, "")
	if err != nil {
		t.Fatal(err)
	}
	path := "/api/v1/reports/" + inc.SourceKey
	fewer := report("2017-06-10", idlibLat, idlibLon, "Air/drone strike", "Government of Syria", "Civilians (Syria)", 3, 2)
	for _, tc := range []struct {
		who, key, path string
		body           []byte
		code           int
		deaths         int // the incident's deaths after it
	}{
		{"viewer", "r-1", path, fewer, 403, 7},
		{"monitor2", "r-1", path, fewer, 404, 7},
		{"monitor", "r-1", "/api/v1/reports/rnosuchreport", fewer, 404, 7},
		{"monitor", "", path, fewer, 400, 7},
		{"monitor", "r-1", path, fewer, 200, 3},
		{"monitor", "r-1", path, fewer, 200, 3}, // a retry, replayed
		{"analyst", "a-1", path, report("2017-06-10", idlibLat, idlibLon, "Air/drone strike", "Government of Syria", "Civilians (Syria)", 4, 4), 200, 4},
	} {
		hdr := map[string]string{}
		if tc.key != "" {
			hdr["Idempotency-Key"] = tc.key
		}
		code, b, _ := ts.do(t, tc.who, "PUT", tc.path, tc.body, hdr)
		if code != tc.code {
			t.Errorf("%s PUT %s: %d %s, want %d", tc.who, tc.path, code, b, tc.code)
		}
		got, err := ts.db.FindIncident(ctx, sub.IncidentID, "")
		if err != nil {
			t.Fatal(err)
		}
		if got.Fatalities.Best != tc.deaths {
			t.Errorf("after %s's PUT: %d deaths, want %d", tc.who, got.Fatalities.Best, tc.deaths)
		}
		if tc.who == "monitor2" && strings.Contains(string(b), "monitor") && !strings.Contains(string(b), "of yours") {
			t.Errorf("monitor2 learns the submitter: %s", b)
		}
	}
	// The revisions are logged, the monitor's as "monitor", the analyst's
	// by name; the stored record verifies.
	var revisions []string
	size, _ := ts.db.LogSize(ctx)
	if err := ts.db.LogEntries(ctx, 0, size, func(e *truce.LogEntry) error {
		if e.Kind == truce.LogReport && strings.Contains(string(e.Body), `"revision":true`) {
			revisions = append(revisions, e.Actor)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(revisions, []string{"monitor", "analyst"}) {
		t.Errorf("revision entries by %v, want [monitor analyst]", revisions)
	}
	// (The seeded store's own reports were stored without the log.)
	recs, err := ledger.VerifyRecords(ctx, ts.db, ts.db)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range recs.Problems {
		if strings.Contains(p.Message, "monitor") {
			t.Errorf("the revised submission does not verify: %s", p.Message)
		}
	}
	rs, err := ts.db.ReportsOf(ctx, sub.IncidentID)
	if err != nil || len(rs) != 3 {
		t.Errorf("reports of the incident: %d (%v), want the original and 2 revisions", len(rs), err)
	}
}

// TestClaimReadAsStatement: a claim the claim grammar cannot read is read
// as an imported article's statement would be (here an attack whose
// attacker the words do not name), and a claim nothing reads is refused
// naming the field.
func TestClaimReadAsStatement(t *testing.T) {
	ts := newTrustServer(t, trucehttp.Options{})
	body, _ := json.Marshal(map[string]string{"text": "Warplanes bombed the town of Khan Sheikhoun overnight", "date": "2017-05-12", "speaker": "residents"})
	code, b, _ := ts.do(t, "analyst", "POST", "/api/v1/claims", body, nil)
	var c struct{ Assertion, Accused string }
	if err := json.Unmarshal(b, &c); code != 201 || err != nil || c.Assertion != truce.AssertAccusation || c.Accused != truce.AccusedUnknown {
		t.Fatalf("%d %s: want 201, an accusation of unknown", code, b)
	}
	body, _ = json.Marshal(map[string]string{"text": "The weather was fine", "date": "2017-05-12", "speaker": "residents"})
	if code, b, _ := ts.do(t, "analyst", "POST", "/api/v1/claims", body, nil); code != 400 || !strings.Contains(string(b), "cannot tell what the claim asserts") {
		t.Fatalf("%d %s: want 400 saying what cannot be read", code, b)
	}
}
