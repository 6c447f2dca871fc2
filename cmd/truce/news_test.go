package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/truce-monitor/truce/internal/shared"
)

func runNews(t *testing.T, db string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	m := &Main{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, DBPath: db}
	code := m.exit(m.runImportNews(context.Background(), args))
	return code, out.String(), errb.String()
}

// TestImportNewsRealArticles: the acceptance of issue 6: both real articles
// imported, their claims extracted with speaker, date and type, checked
// against the real UCDP data and stored with a link to their sentence.
func TestImportNewsRealArticles(t *testing.T) {
	ged := shared.Path(t, "ucdp/ged_syria_2016-2019_ged191.csv")
	dir := filepath.Join(shared.Dir(), "..", "articles")
	sana, tass := filepath.Join(dir, "000_7dc03ba3ea0e69db.txt"), filepath.Join(dir, "002_1039a829daa30c42.txt")
	for _, p := range []string{sana, tass} {
		if _, err := os.Stat(p); err != nil {
			t.Skipf("SKIP real-data test: %s is absent (see ../shared/README.md)", p)
		}
	}
	db := newDB(t)
	mustRun(t, db, "agreement", "load", astana)
	// Without a date for the SANA article nothing is imported.
	if code, _, errs := runNews(t, db, sana); code != exitError || !strings.Contains(errs, "000_7dc03ba3ea0e69db.txt: no publication date") {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	mustRun(t, db, "import", "ucdp", ged)
	mustRun(t, db, "adjudicate")
	code, out, errs := runNews(t, db, "--date", "2017-06-08", "--check", sana, tass)
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, out, errs)
	}
	t.Log(out)
	var list []claimOut
	if err := json.Unmarshal([]byte(mustClaims(t, db, "list", "--format", "json")), &list); err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{
		"Sergey Shoigu|2017-06-08|holding|000_7dc03ba3ea0e69db.txt#sentence-5":                false,
		"Sergey Shoigu|2017-06-08|violations-not-serious|000_7dc03ba3ea0e69db.txt#sentence-6": false,
		"Sergey Lavrov|2017-06-26|decline|002_1039a829daa30c42.txt#sentence-5":                false,
	}
	for _, c := range list {
		k := c.Speaker + "|" + c.Date + "|" + c.Assertion + "|" + c.Source
		if _, ok := want[k]; !ok {
			continue
		}
		if c.Check == nil || c.Check.Verdict == "" {
			t.Errorf("%s: not checked", k)
		}
		t.Logf("%s: %s", k, c.Check.Verdict)
		want[k] = true
	}
	for k, ok := range want {
		if !ok {
			t.Errorf("claim %s not stored", k)
		}
	}
	// The same check as `truce claims check` gives (TestClaimsRealData).
	for _, c := range list {
		if c.Assertion == "holding" && c.Speaker == "Sergey Shoigu" && c.Check.Verdict != "contradicted" ||
			c.Assertion == "decline" && c.Speaker == "Sergey Lavrov" && c.Check.Verdict != "mixed" {
			t.Errorf("%s %s: %s", c.Speaker, c.Assertion, c.Check.Verdict)
		}
	}
	// Importing again stores nothing new.
	_, again, _ := runNews(t, db, "--date", "2017-06-08", sana, tass)
	if !strings.Contains(again, "0 claims stored") {
		t.Fatalf("second import:\n%s", again)
	}
	if l := mustClaims(t, db, "list", "--speaker", "lavrov"); strings.Contains(l, "Shoigu") || !strings.Contains(l, "Sergey Lavrov") {
		t.Fatalf("claims list --speaker lavrov:\n%s", l)
	}
}

func TestImportNewsTestdata(t *testing.T) {
	db := newDB(t)
	mustRun(t, db, "agreement", "load", astana)
	code, out, errs := runNews(t, db, "--year", "2017", "../../news/testdata/articles")
	if code != 0 || !strings.Contains(out, "12 articles") || !strings.Contains(errs, "stored unchecked") {
		t.Fatalf("exit %d\n%s\n%s", code, out, errs)
	}
	if code, _, errs := runNews(t, db, "--check", "../../news/testdata/articles/01_tass_holding.txt", "--year", "2017"); code != exitError || !strings.Contains(errs, "truce adjudicate") {
		t.Fatalf("--check before adjudicate: exit %d, %q", code, errs)
	}
	for _, args := range [][]string{{}, {"--date", "8/6/2017", "x.txt"}, {"--year", "17", "x.txt"}} {
		if code, _, _ := runNews(t, db, args...); code != exitUsage {
			t.Errorf("%q: exit %d, want 2", args, code)
		}
	}
}

// TestImportNewsMentions: incident mentions in articles and feeds become
// news reports, stored once, and accusations become claims.
func TestImportNewsMentions(t *testing.T) {
	db := newDB(t)
	mustRun(t, db, "agreement", "load", astana)
	dir := "../../news/testdata/mentions"
	code, out, errs := runNews(t, db, "--year", "2018", dir)
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, out, errs)
	}
	t.Log(out)
	for _, want := range []string{"incident: Air/drone strike in Kafranbel, Idlib (precision 1), 2019-05-13, by Government of Syria, against Civilians, 4 killed (4 civilians)",
		"11_feed.xml#item-1: ", "31 incident mentions became reports: 31 stored", "accused: government-of-syria"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	_, again, _ := runNews(t, db, "--year", "2018", dir)
	if !strings.Contains(again, "31 incident mentions became reports: 0 stored, 0 revised, 31 already stored") {
		t.Fatalf("second import:\n%s", again)
	}
	if code, _, errs := runNews(t, db, "--year", "2018", "--gazetteer", "nope.tsv", dir); code != exitError || !strings.Contains(errs, "--gazetteer: cannot open nope.tsv") {
		t.Fatalf("exit %d, %q", code, errs)
	}
}

// TestImportNewsClaimLimit: a file that reads as thousands of claims is a
// dump, not an article: refused, naming the file, with nothing stored.
func TestImportNewsClaimLimit(t *testing.T) {
	db := newDB(t)
	mustRun(t, db, "agreement", "load", astana)
	var b strings.Builder
	b.WriteString("MOSCOW, June 8 (TASS).\n\n")
	for i := range 2 * 120 {
		fmt.Fprintf(&b, "\"The ceasefire is holding in all the de-escalation zones, %d,\" Defence Minister Sergey Shoigu said.\n\n", i)
	}
	path := filepath.Join(t.TempDir(), "dump.txt")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs := runNews(t, db, "--date", "2017-06-08", path)
	if code != exitError || !strings.Contains(errs, "dump.txt: 240 statements read as claims, over the limit of 200") {
		t.Fatalf("exit %d\n%s\n%s", code, out, errs)
	}
	if list := mustClaims(t, db, "list", "--format", "json"); strings.TrimSpace(list) != "[]" {
		t.Fatalf("claims stored from the dump: %s", list)
	}
}

// TestImportNewsSkipsBadItems: one undated file in a directory, or one
// bad line of a JSON Lines file, is skipped and named; the rest are
// imported, and the command fails so a partial import is not taken for a
// whole one. An article's context frames its claims: the truce it says
// began on Sunday, the zone its title names.
func TestImportNewsSkipsBadItems(t *testing.T) {
	db := newDB(t)
	mustRun(t, db, "agreement", "load", astana)
	dir := t.TempDir()
	files := map[string]string{
		"a_undated.txt": "\"The ceasefire is holding in all zones,\" the minister said.\n",
		"b_dated.txt": "Date: 2017-07-10\n\nCeasefire in Daraa holds.\n\nThe truce in the south took effect on Sunday.\n\n" +
			"\"There are minor violations that do not affect the ceasefire,\" said Observatory director Rami Abdel Rahman.\n",
		"c_items.jsonl": `{"id": "x1", "date": "2017-07-11", "lang": "en (wire)", "text": "\"The ceasefire is holding in all the de-escalation zones,\" Defence Minister Sergey Shoigu said."}` + "\n" +
			"{not json\n" +
			`{"id": "x3", "date": "2017-07", "text": "\"Calm prevails,\" a spokesman said."}` + "\n",
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	code, out, errs := runNews(t, db, dir)
	if code != exitError {
		t.Fatalf("exit %d, want 1\n%s\n%s", code, out, errs)
	}
	for _, want := range []string{"skipped " + filepath.Join(dir, "a_undated.txt") + ": no publication date", "c_items.jsonl:2: not a JSON object",
		`c_items.jsonl:3: field date "2017-07" is not YYYY-MM-DD`, "3 files or items were skipped (named above); the other 2 articles were imported"} {
		if !strings.Contains(errs, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errs)
		}
	}
	if !strings.Contains(out, "2 articles") {
		t.Errorf("stdout:\n%s", out)
	}
	list := mustClaims(t, db, "list", "--format", "json")
	var claims []struct {
		Text  string
		Scope struct{ Zones []string }
		Notes []string
	}
	if err := json.Unmarshal([]byte(list), &claims); err != nil {
		t.Fatalf("%v: %s", err, list)
	}
	found := false
	for _, c := range claims {
		if strings.Contains(c.Text, "minor violations") {
			found = true
			notes := strings.Join(c.Notes, " | ")
			if len(c.Scope.Zones) != 1 || c.Scope.Zones[0] != "south" || !strings.Contains(notes, "from the article's title and lead") ||
				!strings.Contains(notes, "frame: since 2017-07-09") {
				t.Errorf("the article's context was not applied: %+v", c)
			}
		}
	}
	if !found {
		t.Errorf("no claim from the dated file: %s", list)
	}
}
