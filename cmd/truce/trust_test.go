package main

import (
	"bufio"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	_ "modernc.org/sqlite"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/app"
	"github.com/truce-monitor/truce/internal/pgtest"
	"github.com/truce-monitor/truce/ledger"
	"github.com/truce-monitor/truce/sqlite"
)

// trustDB makes a store with a logged history: the demo's agreement,
// import and adjudication, a token, a monitor's submission, and a signed
// head over all of it.
func trustDB(t *testing.T) string {
	t.Helper()
	return trustStore(t, newDB(t))
}

// trustStore gives db (a SQLite file or a PostgreSQL URL) trustDB's history.
func trustStore(t *testing.T, db string) string {
	t.Helper()
	mustRun(t, db, "demo", "--days", "30", "--serve", "")
	out := mustRun(t, db, "token", "create", "--name", "team-1", "--role", "monitor", "--expires", "30")
	if !strings.HasPrefix(out, truce.TokenPrefix) {
		t.Fatalf("token create printed %q", out)
	}
	ctx := context.Background()
	opened, err := (&Main{DBPath: db}).openDB(ctx)
	if err != nil {
		t.Fatal(err)
	}
	st := opened.(AppStore)
	// A monitor's report, submitted as the API submits it, and judged.
	svc := app.New(st)
	a, err := st.ActiveAgreement(ctx)
	if err != nil {
		t.Fatal(err)
	}
	version, err := st.JudgedVersion(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	j, ix, err := svc.Judge(ctx, a, version)
	if err != nil {
		t.Fatal(err)
	}
	day := time.Date(2017, 6, 1, 0, 0, 0, 0, time.UTC)
	loc := truce.Location{HasPoint: true, Lon: 36.63, Lat: 35.93, Precision: truce.PrecExact, Place: "Saraqib"}
	inc := truce.Incident{DateStart: day, DateEnd: day, DatePrecision: truce.DateExact, Location: loc, EventType: truce.ExplosionsRemoteViolence,
		SubEventType: "Shelling/artillery/missile attack", SideA: "Government of Syria", SideB: "Civilians", Fatalities: truce.Fatalities{Low: 2, Best: 2, High: 2, Civilians: 2}}
	inc.Zones = ix.Place(loc, nil)
	if _, err := svc.Submit(ctx, a.ID, version, j, app.Submission{Owner: "team-1", Key: "k1", Request: []byte(`{"report":"shelling seen from the post"}`),
		Report: map[string]string{"report": "shelling seen from the post"}, Incident: inc}); err != nil {
		t.Fatal(err)
	}
	// A photo, uploaded as the API would store it.
	if _, _, err := app.New(st).PutEvidence(ctx, "team-1", "image/jpeg", "crater.jpg", []byte("\xff\xd8 a crater")); err != nil {
		t.Fatal(err)
	}
	st.Close()
	mustRun(t, db, "claims", "check", "--text", "The ceasefire is holding in all zones", "--date", "2017-06-15", "--speaker", "A spokesman")
	mustRun(t, db, "webhook", "add", "--url", "https://example.org/hook", "--events", "grave_violation")
	counts := filepath.Join(t.TempDir(), "counts.csv")
	if err := os.WriteFile(counts, []byte("reporter,day,count,province\nrussia,2017-06-01,15,\nrussia,2017-06-01,9,Idlib\nturkey,2017-06-01,11,\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	mustRun(t, db, "import", "counts", counts)
	mustRun(t, db, "token", "create", "--name", "old-1", "--role", "analyst")
	mustRun(t, db, "token", "revoke", "old-1")
	// A governorate far from every incident, so placement does not move.
	mustRun(t, db, "boundaries", "load", "--adm1", "testdata/adm1_test.geojson")
	mustRun(t, db, "log", "head")
	return db
}

// checkVerified runs verify on an untouched db and checks it vouches for
// the log, the records and what is derived from them.
func checkVerified(t *testing.T, db string) {
	t.Helper()
	checkVerifiedWith(t, db, (&Main{DBPath: db}).logKeyPath())
}

// checkVerifiedWith is checkVerified with the log key key.
func checkVerifiedWith(t *testing.T, db, key string) {
	t.Helper()
	out := mustRun(t, db, "log", "verify", "--log-key", key)
	for _, want := range []string{"log OK:", "tokens, webhooks and evidence as logged", "records OK: ", " claims, 2 reported counts and the agreements", "derived OK: ", "recomputed and matching"} {
		if !strings.Contains(out, want) {
			t.Errorf("verify of an untouched store does not say %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "drifted") || strings.Contains(out, "not judged") {
		t.Errorf("verify of a store judged as every use case judges finds drift:\n%s", out)
	}
}

func TestLogVerify(t *testing.T) {
	db := trustDB(t)
	checkVerified(t, db)
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

// tamper is an edit made behind Truce's back, as an insider with access to
// the database would make it, in each store's SQL (pg: when it differs; "-"
// when PostgreSQL has nothing to edit), and what `truce log verify` must
// say about it.
type tamper struct {
	name, sql, pg string
	want          []string
}

// tampers are the edits the tamper suite makes: every table the log
// proves or derives.
var tampers = []tamper{
	{name: "entry body", sql: `UPDATE log_entries SET body = replace(body, 'astana', 'ASTANA') WHERE idx = 0`,
		pg:   `UPDATE log_entries SET body = convert_to(replace(convert_from(body, 'UTF8'), 'astana', 'ASTANA'), 'UTF8') WHERE idx = 0`,
		want: []string{"entry 0", "does not match its leaf hash", "first bad entry is 0"}},
	{name: "entry and its leaf hash", sql: `UPDATE log_entries SET actor = 'someone-else', leaf_hash = zeroblob(32) WHERE idx = 1`,
		pg:   `UPDATE log_entries SET actor = 'someone-else', leaf_hash = decode(repeat('00', 32), 'hex') WHERE idx = 1`,
		want: []string{"signed head", "does not match the log"}},
	{name: "removed entry", sql: `DELETE FROM log_entries WHERE idx = (SELECT MAX(idx) FROM log_entries)`,
		want: []string{"entries were removed"}},
	{name: "forged head", sql: `UPDATE signed_heads SET timestamp = timestamp + 1`,
		pg:   `UPDATE signed_heads SET timestamp = timestamp + interval '1 microsecond'`,
		want: []string{"signature does not verify"}},
	{name: "token raised to admin", sql: `UPDATE tokens SET role = 'admin' WHERE role <> 'admin'`,
		want: []string{"is stored with role admin", "changed in the database"}},
	{name: "token inserted", sql: `INSERT INTO tokens (name, role, hash, created_at, created_by, expires_at, revoked_at) VALUES ('intruder', 'admin', 'deadbeef', '2024-01-01T00:00:00Z', 'cli', '', '')`,
		pg:   `INSERT INTO tokens (name, role, hash, created_at, created_by) VALUES ('intruder', 'admin', 'deadbeef', now(), 'cli')`,
		want: []string{`token "intruder" (role admin) is stored but was never logged`}},
	{name: "token secret swapped", sql: `UPDATE tokens SET hash = 'deadbeef' WHERE id = (SELECT MIN(id) FROM tokens)`,
		want: []string{"another secret than entry"}},
	{name: "token expiry lifted", sql: `UPDATE tokens SET expires_at = '' WHERE id = (SELECT MIN(id) FROM tokens)`,
		pg:   `UPDATE tokens SET expires_at = NULL WHERE id = (SELECT MIN(id) FROM tokens)`,
		want: []string{"expires never in the database"}},
	{name: "token revived", sql: `UPDATE tokens SET revoked_at = '' WHERE name = 'old-1'`,
		pg:   `UPDATE tokens SET revoked_at = NULL WHERE name = 'old-1'`,
		want: []string{`token "old-1" was revoked`, "it was revived"}},
	{name: "evidence bytes changed", sql: `UPDATE evidence SET data = X'00'`,
		pg:   `UPDATE evidence SET data = '\x00'::bytea`,
		want: []string{"no longer hashes to its name"}},
	{name: "evidence inserted", sql: `INSERT INTO evidence (sha256, size, media_type, name, uploaded_by, uploaded_at, data) VALUES ('6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d', 1, 'text/plain', 'x', 'team-1', '2024-01-01T00:00:00Z', X'00')`,
		pg:   `INSERT INTO evidence (sha256, size, media_type, name, uploaded_by, uploaded_at, data) VALUES ('6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d', 1, 'text/plain', 'x', 'team-1', now(), '\x00'::bytea)`,
		want: []string{"is stored but was never logged"}},
	{name: "webhook inserted", sql: `INSERT INTO webhooks (url, secret, events, created_at, created_by) VALUES ('https://evil.example/x', 'secret-of-sixteen!', '', '2024-01-01T00:00:00Z', 'cli')`,
		pg:   `INSERT INTO webhooks (url, secret, events, created_at, created_by) VALUES ('https://evil.example/x', 'secret-of-sixteen!', '{}', now(), 'cli')`,
		want: []string{"https://evil.example/x) is stored but no standing entry logged it"}},
	{name: "webhook pointed elsewhere", sql: `UPDATE webhooks SET url = 'https://evil.example/x'`,
		want: []string{"points at https://evil.example/x", "it was changed"}},
	{name: "webhook secret swapped", sql: `UPDATE webhooks SET secret = 'known-to-the-attacker'`,
		want: []string{"signs with another secret"}},
	{name: "submitted report edited", sql: `UPDATE reports SET raw = '{"report":"nothing happened"}' WHERE source = 'monitor'`,
		want: []string{"content was edited"}},
	{name: "submitted report deleted", sql: `DELETE FROM reports WHERE source = 'monitor'; DELETE FROM submissions`,
		want: []string{"missing from the database"}},
	{name: "submitted incident's deaths", sql: `UPDATE incidents SET deaths_best = 0, deaths_civ = 0 WHERE source = 'monitor'`,
		want: []string{"is not what report", "date, place, type, sides or deaths"}},
	{name: "submitted incident's place", sql: `UPDATE incidents SET lon = 36.9, lat = 34.1, place = 'Elsewhere' WHERE source = 'monitor'`,
		want: []string{"is not what report"}},
	{name: "submitted incident's actor", sql: `UPDATE incidents SET side_a = 'Hayat Tahrir al-Sham' WHERE source = 'monitor'`,
		want: []string{"is not what report"}},
	{name: "submitted incident's date", sql: `UPDATE incidents SET date_start = '2017-04-01', date_end = '2017-04-01' WHERE source = 'monitor'`,
		want: []string{"is not what report"}},
	{name: "imported incident's deaths", sql: `UPDATE incidents SET deaths_best = deaths_best + 150 WHERE id = (SELECT MIN(id) FROM incidents WHERE source = 'sim')`,
		want: []string{"is not what report"}},
	{name: "imported report edited", sql: `UPDATE reports SET raw = raw || ',edited' WHERE id = (SELECT MIN(id) FROM reports WHERE source = 'sim')`,
		want: []string{"no longer hashes to its name", "the first bad entry is"}},
	{name: "imported report and its hash edited", sql: `UPDATE reports SET raw = raw || ',edited', hash = 'feedface' WHERE id = (SELECT MIN(id) FROM reports WHERE source = 'sim')`,
		want: []string{"are not those it logged"}},
	{name: "1000 imported reports deleted", sql: `DELETE FROM judgement_parts WHERE incident_id IN (SELECT id FROM incidents WHERE source = 'sim' ORDER BY id LIMIT 1000);
		DELETE FROM judgements WHERE incident_id IN (SELECT id FROM incidents WHERE source = 'sim' ORDER BY id LIMIT 1000);
		DELETE FROM memberships WHERE incident_id IN (SELECT id FROM incidents WHERE source = 'sim' ORDER BY id LIMIT 1000);
		DELETE FROM incidents WHERE id IN (SELECT id FROM incidents WHERE source = 'sim' ORDER BY id LIMIT 1000);
		DELETE FROM reports WHERE id IN (SELECT id FROM reports WHERE source = 'sim' ORDER BY id LIMIT 1000)`,
		want: []string{"are not those it logged"}},
	{name: "report inserted", sql: `INSERT INTO reports (id, source, source_key, hash, release, origin, line, raw, received_at)
		VALUES ((SELECT MAX(id) + 1 FROM reports), 'ucdp', '999999', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', '', 'x.csv', 2, '', '2024-01-01T00:00:00Z')`,
		pg: `INSERT INTO reports (source, source_key, hash, release, origin, line, raw, received_at)
		VALUES ('ucdp', '999999', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', '', 'x.csv', 2, '', now())`,
		want: []string{"no logged write stored it"}},
	{name: "incident inserted", sql: `INSERT INTO incidents (source, source_key, report_id, date_start, date_end, date_prec, has_point, lon, lat, loc_prec, country, admin1, admin2, place,
		event_type, sub_event_type, type_reason_id, violence_type, side_a, side_b, assoc_a, assoc_b, deaths_low, deaths_best, deaths_high, deaths_civ, sources, num_sources, source_text)
		SELECT 'ucdp', 'forged', report_id, date_start, date_end, date_prec, has_point, lon, lat, loc_prec, country, admin1, admin2, place,
		event_type, sub_event_type, type_reason_id, violence_type, side_a, side_b, assoc_a, assoc_b, deaths_low, deaths_best, deaths_high, deaths_civ, sources, num_sources, source_text
		FROM incidents WHERE id = (SELECT MIN(id) FROM incidents)`,
		pg: `INSERT INTO incidents (source, source_key, report_id, date_start, date_end, date_prec, has_point, lon, lat, loc_prec, country, admin1, admin2, place,
		event_type, sub_event_type, type_reason, violence_type, side_a, side_b, assoc_a, assoc_b, deaths_low, deaths_best, deaths_high, deaths_civ, sources, num_sources, source_text)
		SELECT 'ucdp', 'forged', report_id, date_start, date_end, date_prec, has_point, lon, lat, loc_prec, country, admin1, admin2, place,
		event_type, sub_event_type, type_reason, violence_type, side_a, side_b, assoc_a, assoc_b, deaths_low, deaths_best, deaths_high, deaths_civ, sources, num_sources, source_text
		FROM incidents WHERE id = (SELECT MIN(id) FROM incidents)`,
		want: []string{"has no report: it was inserted"}},
	// The embedded store keeps imported rows compressed in packs; PostgreSQL
	// has none ("-").
	{name: "pack of imported rows edited", sql: `UPDATE report_packs SET data = X'00' WHERE first_report = (SELECT MIN(first_report) FROM report_packs)`,
		pg:   "-",
		want: []string{"no longer hashes to its name"}},
	{name: "verdict changed", sql: `UPDATE judgements SET verdict = 'not_violation', p = 0, p_low = 0, p_high = 0 WHERE verdict = 'violation'`,
		want: []string{"its verdict is stored as not_violation"}},
	{name: "membership removed", sql: `DELETE FROM memberships WHERE incident_id = (SELECT MIN(incident_id) FROM memberships)`,
		want: []string{"its memberships were edited"}},
	{name: "membership moved", sql: `UPDATE OR IGNORE memberships SET zone_id = (SELECT MAX(zone_id) FROM zones) WHERE zone_id = (SELECT MIN(zone_id) FROM zones)`,
		pg: `UPDATE memberships SET zone_id = (SELECT MAX(zone_id) FROM zones) WHERE zone_id = (SELECT MIN(zone_id) FROM zones)
		AND incident_id NOT IN (SELECT incident_id FROM memberships WHERE zone_id = (SELECT MAX(zone_id) FROM zones))`,
		want: []string{"its memberships were edited"}},
	{name: "zone days changed", sql: `UPDATE zone_days SET p = 0, p_low = 0, p_high = 0, incidents = 0`,
		want: []string{"the zone days were edited"}},
	{name: "agreement changed", sql: `UPDATE agreement_versions SET parsed = replace(parsed, '"DurationMonths":6', '"DurationMonths":60')`,
		pg:   `UPDATE agreement_versions SET parsed = jsonb_set(parsed, '{DurationMonths}', '60')`,
		want: []string{"is not the one entry", "it was changed in the database"}},
	{name: "zone removed", sql: `DELETE FROM zones WHERE zone_id = (SELECT MIN(zone_id) FROM zones)`,
		want: []string{"zones were changed in the database"}},
	{name: "claim changed", sql: `UPDATE claims SET text = 'Violence has risen sharply'`,
		want: []string{"is not as entry", "it was changed in the database"}},
	{name: "claim inserted", sql: `INSERT INTO claims (speaker, text, source, date, scope, assertion, accused, notes, checked_at, verdict, check_json)
		SELECT speaker, 'Nothing happened anywhere', source, date, scope, assertion, accused, notes, checked_at, verdict, check_json FROM claims`,
		want: []string{"is stored but was never logged"}},
	{name: "border moved", sql: `UPDATE admin_units SET geometry = replace(geometry, '-29', '-28')`,
		pg:   `UPDATE admin_units SET geom = ST_Translate(geom, 1, 0)`,
		want: []string{"the admin units of level 1 are not those entry", "they were edited in the database"}},
	{name: "admin unit renamed", sql: `UPDATE admin_units SET name = 'Elsewhere'`,
		want: []string{"the admin units of level 1 are not those entry"}},
	{name: "claim deleted", sql: `DELETE FROM claims`,
		want: []string{"is missing from the database"}},
	{name: "reported count changed", sql: `UPDATE reported_counts SET count = count + 20 WHERE reporter = 'turkey'`,
		want: []string{"the reported counts it stored", "one was changed in the database"}},
	{name: "reported breakdown changed", sql: `UPDATE reported_counts SET provinces = '{"Hama":9}' WHERE reporter = 'russia'`,
		want: []string{"the reported counts it stored", "one was changed in the database"}},
	{name: "reported count inserted", sql: `INSERT INTO reported_counts (reporter, reporter_words, day, count, what, provinces, source, line, lang, day_rule, text)
		VALUES ('turkey', 'turkey', '2017-06-02', 40, 'violations', '', 'forged.csv', 2, '', 'given in the file', 'turkey,2017-06-02,40')`,
		pg: `INSERT INTO reported_counts (reporter, reporter_words, day, count, what, provinces, source, line, lang, day_rule, text)
		VALUES ('turkey', 'turkey', '2017-06-02', 40, 'violations', NULL, 'forged.csv', 2, '', 'given in the file', 'turkey,2017-06-02,40')`,
		want: []string{"reported count", "(turkey, 2017-06-02, 40) is stored but no logged import stored it"}},
	{name: "reported count deleted", sql: `DELETE FROM reported_counts WHERE reporter = 'russia'`,
		want: []string{"reported count", "is missing from the database"}},
}

// TestLogVerifyDetectsEdits edits the embedded store behind Truce's back and
// checks verify names the damage. The store is built once; each edit is
// made on a copy of it, verified with the original's key.
func TestLogVerifyDetectsEdits(t *testing.T) {
	base := trustDB(t)
	key := (&Main{DBPath: base}).logKeyPath()
	for _, tc := range tampers {
		t.Run(tc.name, func(t *testing.T) {
			db := newDB(t)
			for _, suffix := range []string{"", "-wal", "-shm"} {
				b, err := os.ReadFile(base + suffix)
				if errors.Is(err, os.ErrNotExist) && suffix != "" {
					continue
				} else if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(db+suffix, b, 0o600); err != nil {
					t.Fatal(err)
				}
			}
			execSQL(t, db, tc.sql)
			checkBroken(t, db, key, tc.want)
		})
	}
}

// TestLogVerifyDetectsEditsPostgres makes the same edits in PostgreSQL. The
// store is built once in a database of its own; each edit is made on a
// copy (CREATE DATABASE … TEMPLATE). The insider turns off foreign keys
// first, as a superuser can.
func TestLogVerifyDetectsEditsPostgres(t *testing.T) {
	server := pgtest.URL(t)
	base := pgDatabase(t, server, "")
	trustStore(t, base)
	key := (&Main{DBPath: base}).logKeyPath()
	t.Run("untouched", func(t *testing.T) {
		checkVerifiedWith(t, base, key)
	})
	for _, tc := range tampers {
		t.Run(tc.name, func(t *testing.T) {
			if tc.pg == "-" {
				t.Skip("the embedded store's alone")
			}
			db := pgDatabase(t, server, base)
			q := tc.pg
			if q == "" {
				q = tc.sql
			}
			execPG(t, db, "SET session_replication_role = replica; "+q)
			checkBroken(t, db, key, tc.want)
		})
	}
}

// pgDatabase creates a database on server, a copy of the database template
// names (a URL; "" for an empty one with PostGIS), dropped when t ends, and
// returns its URL.
func pgDatabase(t *testing.T, server, template string) string {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, server)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var b [6]byte
	rand.Read(b[:])
	name := "truce_tamper_" + hex.EncodeToString(b[:])
	q := `CREATE DATABASE ` + name
	if template != "" {
		u, err := url.Parse(template)
		if err != nil {
			t.Fatal(err)
		}
		q += ` TEMPLATE ` + strings.TrimPrefix(u.Path, "/")
	}
	if _, err := conn.Exec(ctx, q); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		conn, err := pgx.Connect(ctx, server)
		if err != nil {
			t.Errorf("drop database %s: %v", name, err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, `DROP DATABASE `+name+` WITH (FORCE)`); err != nil {
			t.Errorf("drop database %s: %v", name, err)
		}
	})
	u, err := url.Parse(server)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	if template == "" {
		execPG(t, u.String(), `CREATE EXTENSION IF NOT EXISTS postgis`)
	}
	return u.String()
}

// checkBroken runs verify on db, with the log key key, and checks it
// fails, saying want.
func checkBroken(t *testing.T, db, key string, want []string) {
	t.Helper()
	code, out, errs := run(t, db, "log", "verify", "--log-key", key)
	if code != exitError || !strings.Contains(out, "log BROKEN") {
		t.Fatalf("exit %d, stdout %q, stderr %q: want exit 1 and BROKEN", code, out, errs)
	}
	for _, w := range want {
		if !strings.Contains(out+errs, w) {
			t.Errorf("output does not say %q:\n%s%s", w, out, errs)
		}
	}
}

// execPG runs q, which may hold several statements, on the PostgreSQL
// store db names.
func execPG(t *testing.T, db, q string) {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, q, pgx.QueryExecModeSimpleProtocol); err != nil {
		t.Fatalf("%s: %v", q, err)
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
	// The tokens follow the server's start-up line.
	sc := bufio.NewScanner(pr)
	var base, admin string
	for sc.Scan() {
		line := sc.Text()
		if f := strings.Fields(line); len(f) == 2 && f[0] == "admin" && base != "" {
			admin = f[1]
			break
		}
		if rest, ok := strings.CutPrefix(line, "Truce is serving on "); ok {
			base = strings.TrimSuffix(strings.Fields(rest)[0], "/")
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
