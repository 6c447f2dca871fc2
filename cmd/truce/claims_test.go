package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/truce-monitor/truce/internal/shared"
)

// runClaimsCmd runs `truce claims ARGS` in-process, as Run will once the
// command is wired into it, and returns the exit code and output streams.
func runClaimsCmd(t *testing.T, db string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	m := &Main{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, DBPath: db}
	code = m.exit(m.runClaims(context.Background(), args))
	return code, out.String(), errb.String()
}

func mustClaims(t *testing.T, db string, args ...string) string {
	t.Helper()
	code, out, errs := runClaimsCmd(t, db, args...)
	if code != 0 {
		t.Fatalf("truce claims %s: exit %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), code, out, errs)
	}
	return out
}

type claimResult struct {
	ID    int64 `json:"id"`
	Check struct {
		Verdict string `json:"verdict"`
		Reason  string `json:"reason"`
		PerZone []struct {
			Zone      string   `json:"zone"`
			Verdict   string   `json:"verdict"`
			Reason    string   `json:"reason"`
			Trend     string   `json:"trend"`
			Incidents []string `json:"incidents"`
		} `json:"per_zone"`
	} `json:"check"`
	Assertion string   `json:"assertion"`
	Notes     []string `json:"notes"`
}

func decodeClaim(t *testing.T, out string) claimResult {
	t.Helper()
	var c claimResult
	if err := json.Unmarshal([]byte(out), &c); err != nil {
		t.Fatalf("%v in\n%s", err, out)
	}
	return c
}

func TestClaims(t *testing.T) {
	dir := t.TempDir()
	sim := filepath.Join(dir, "sim.csv")
	mustRun(t, "", "simulate", "--days", "240", "--seed", "7", "--out", sim)
	db := newDB(t)
	mustRun(t, db, "agreement", "load", astana)
	mustRun(t, db, "import", "ucdp", sim)
	holding := []string{"check", "--text", "The cessation of hostilities is holding in all the de-escalation zones", "--date", "2017-06-15", "--speaker", "Sergey Shoigu"}
	t.Run("ErrBeforeAdjudicate", func(t *testing.T) {
		if code, _, errs := runClaimsCmd(t, db, holding...); code != exitError || !strings.Contains(errs, "truce adjudicate") {
			t.Fatalf("exit %d, stderr %q", code, errs)
		}
	})
	mustRun(t, db, "adjudicate")
	golden(t, "claims_holding_sim.txt", mustClaims(t, db, holding...))
	decline := mustClaims(t, db, "check", "--text", "A significant decline in military activities and violence has been recorded in the relevant areas",
		"--date", "2017-08-01", "--speaker", "Sergey Lavrov", "--source", "TASS", "--format", "json")
	golden(t, "claims_decline_sim.json", regexp.MustCompile(`"checked_at": "[^"]*"`).ReplaceAllString(decline, `"checked_at": "…"`))
	c := decodeClaim(t, decline)
	// The simulator cuts violence inside every zone to 35 % after 6 May.
	if c.ID != 2 || c.Assertion != "decline" || c.Check.Verdict != "supported" || len(c.Check.PerZone) != 4 {
		t.Fatalf("decline on simulated data: %+v", c)
	}
	for _, z := range c.Check.PerZone {
		if z.Trend != "significant decline" || len(z.Incidents) == 0 {
			t.Errorf("zone %s: %+v", z.Zone, z)
		}
	}
	// Overrides, and an incident usable with `truce why`.
	out := mustClaims(t, db, "check", "--text", "Nothing to see here", "--date", "2017-06-15", "--speaker", "A spokesman",
		"--assertion", "no-violations", "--zones", "idlib,south", "--format", "json")
	c = decodeClaim(t, out)
	if c.Assertion != "no-violations" || len(c.Check.PerZone) != 2 || c.Check.PerZone[0].Zone != "idlib" {
		t.Fatalf("overridden claim: %+v", c)
	}
	for _, z := range c.Check.PerZone {
		if len(z.Incidents) > 0 {
			if why := mustRun(t, db, "why", z.Incidents[0]); !strings.Contains(why, "Verdict under astana-2017") {
				t.Fatalf("truce why %s:\n%s", z.Incidents[0], why)
			}
		}
	}
	// A count is weighed on its zones' sum: its zone rows say "counted",
	// not a verdict of their own to set against the claim's.
	count := mustClaims(t, db, "check", "--text", "No one was killed in Idlib in the past week", "--date", "2017-06-15", "--speaker", "A spokesman")
	if !regexp.MustCompile(`(?m)^idlib\s+counted\s`).MatchString(count) || strings.Contains(count, "idlib  insufficient") {
		t.Fatalf("count claim's zone rows:\n%s", count)
	}
	list := mustClaims(t, db, "list")
	if !regexp.MustCompile(`(?m)^2\s+2017-08-01\s+Sergey Lavrov\s+decline\s+all zones\s+supported\s`).MatchString(list) ||
		strings.Index(list, "Sergey Lavrov") > strings.Index(list, "Sergey Shoigu") {
		t.Fatalf("claims list (newest first):\n%s", list)
	}
	var listed []claimResult
	if err := json.Unmarshal([]byte(mustClaims(t, db, "list", "--format", "json")), &listed); err != nil || len(listed) != 4 {
		t.Fatalf("claims list --format json: %v, %d claims", err, len(listed))
	}
	show := mustClaims(t, db, "show", "1")
	if !strings.HasPrefix(show, "Claim 1: \"The cessation of hostilities") || !strings.Contains(show, "Checked at ") {
		t.Fatalf("claims show 1:\n%s", show)
	}
	t.Run("ErrFlags", func(t *testing.T) {
		for _, args := range [][]string{
			{},
			{"frobnicate"},
			{"check", "--date", "2017-06-15", "--speaker", "x"},
			{"check", "--text", "holding", "--speaker", "x"},
			{"check", "--text", "holding", "--date", "2017-06-15"},
			{"check", "--text", "holding", "--date", "15/06/2017", "--speaker", "x"},
			{"check", "--text", "holding", "--date", "2017-06-15", "--speaker", "x", "--assertion", "smiles"},
			{"check", "--text", "holding", "--date", "2017-06-15", "--speaker", "x", "--zones", "atlantis"},
			{"check", "--text", "holding", "--date", "2017-06-15", "--speaker", "x", "--accused", "Atlantis"},
			{"check", "--text", "holding", "--date", "2017-06-15", "--speaker", "x", "--format", "xml"},
			{"check", "--text", "holding", "--date", "2017-06-15", "--speaker", "x", "--assertion", "accusation"},
			{"show"},
			{"show", "abc"},
			{"list", "extra"},
		} {
			code, _, errs := runClaimsCmd(t, db, args...)
			if code != exitUsage || errs == "" {
				t.Errorf("truce claims %s: exit %d, stderr %q; want exit 2", strings.Join(args, " "), code, errs)
			}
		}
		code, _, errs := runClaimsCmd(t, db, "check", "--text", "The talks will continue", "--date", "2017-06-15", "--speaker", "x")
		if code != exitError || !strings.Contains(errs, "--assertion") || !strings.Contains(errs, "--zones") {
			t.Errorf("unparseable claim: exit %d, stderr %q; want exit 1 naming --assertion and --zones", code, errs)
		}
		if code, _, errs := runClaimsCmd(t, db, "show", "99"); code != exitError || !strings.Contains(errs, "no claim 99") {
			t.Errorf("claims show 99: exit %d, stderr %q", code, errs)
		}
	})
}

// sentence returns the first sentence of an article in ../shared/articles
// that contains every one of words, skipping the test when the article is
// absent.
func sentence(t *testing.T, file string, words ...string) string {
	t.Helper()
	dir := shared.Dir()
	if dir == "" {
		t.Skip("SKIP real-data test: no module root found, so ../shared/articles cannot be located")
	}
	path := filepath.Join(dir, "..", "articles", file)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("SKIP real-data test: %s is absent (see ../shared/README.md)", path)
	}
	for _, line := range strings.Split(string(b), "\n") {
		for _, s := range splitSentences(line) {
			ok := true
			for _, w := range words {
				ok = ok && strings.Contains(s, w)
			}
			if ok {
				return s
			}
		}
	}
	t.Fatalf("%s has no sentence with %q", path, words)
	return ""
}

// splitSentences cuts at a full stop, question or exclamation mark, and any
// closing quote after it, followed by a space.
func splitSentences(s string) []string {
	var out []string
	r := []rune(s)
	start := 0
	for i := 0; i < len(r); i++ {
		if r[i] != '.' && r[i] != '?' && r[i] != '!' {
			continue
		}
		j := i + 1
		for j < len(r) && strings.ContainsRune(`"”’'`, r[j]) {
			j++
		}
		if j < len(r) && r[j] == ' ' {
			out = append(out, strings.TrimSpace(string(r[start:j])))
			start, i = j, j
		}
	}
	if rest := strings.TrimSpace(string(r[start:])); rest != "" {
		out = append(out, rest)
	}
	return out
}

func TestClaimsRealData(t *testing.T) {
	ged := shared.Path(t, "ucdp/ged_syria_2016-2019_ged191.csv")
	shoigu := sentence(t, "000_7dc03ba3ea0e69db.txt", "holding", "Shoigu")
	lavrov := sentence(t, "002_1039a829daa30c42.txt", "decline")
	db := newDB(t)
	mustRun(t, db, "agreement", "load", astana)
	mustRun(t, db, "import", "ucdp", ged)
	mustRun(t, db, "adjudicate")
	// The verdicts are pinned like the zone counts of TestRealUCDP: a change
	// must come from a deliberate change of placement, rules or data.
	for _, tc := range []struct {
		name, speaker, date, text, assertion, want string
		flags                                      []string
	}{
		// In the week to 8 June 2017 the government fought for Daraa city:
		// the south was most likely collapsed, so a claim about every zone
		// is contradicted, whatever the other three say.
		{"Shoigu", "Sergey Shoigu", "2017-06-08", shoigu, "holding", "contradicted", nil},
		// The concession, checked on its own: grave violations (air strikes
		// and shelling that killed civilians) in the south that week.
		{"ShoiguNotSerious", "Sergey Shoigu", "2017-06-08", shoigu, "violations-not-serious", "contradicted", []string{"--assertion", "violations-not-serious"}},
		// Idlib and Eastern Ghouta declined significantly over the 52 days
		// before and after 6 May; northern Homs and the south did not.
		{"Lavrov", "Sergey Lavrov", "2017-06-26", lavrov, "decline", "mixed", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := mustClaims(t, db, append([]string{"check", "--text", tc.text, "--date", tc.date, "--speaker", tc.speaker, "--format", "json"}, tc.flags...)...)
			c := decodeClaim(t, out)
			if c.Assertion != tc.assertion {
				t.Fatalf("%q read as %s, want %s (notes %q)", tc.text, c.Assertion, tc.assertion, c.Notes)
			}
			t.Logf("%s on %s: %q\n  read as %s; notes %q\n  VERDICT %s: %s", tc.speaker, tc.date, tc.text, c.Assertion, c.Notes, c.Check.Verdict, c.Check.Reason)
			verdicts := map[string]bool{}
			for _, z := range c.Check.PerZone {
				verdicts[z.Verdict] = true
				t.Logf("  %s: %s: %s; incidents %v", z.Zone, z.Verdict, z.Reason, z.Incidents)
			}
			// A zone the evidence does not support must never let the claim
			// pass as supported without caveat.
			if c.Check.Verdict == "supported" && (verdicts["contradicted"] || verdicts["mixed"] || verdicts["insufficient-evidence"]) {
				t.Fatalf("claim supported although its zones say %v", verdicts)
			}
			if c.Check.Verdict != tc.want {
				t.Fatalf("verdict %s, want %s", c.Check.Verdict, tc.want)
			}
		})
	}
	t.Log(mustClaims(t, db, "show", "1"))
	t.Log(mustClaims(t, db, "show", "3"))
}
