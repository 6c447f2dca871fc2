package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestHelp checks that help asked for goes to stdout with exit 0 (so
// `truce --help | less` shows it) and that usage errors go to stderr with
// exit 2.
func TestHelp(t *testing.T) {
	for _, tc := range []struct {
		args       []string
		code       int
		stdout     string // a substring stdout must hold ("" : must be empty)
		stderr     string // a substring stderr must hold ("" : must be empty)
		stderrNone bool
	}{
		{args: []string{"--help"}, stdout: "import news PATH..."},
		{args: []string{"-h"}, stdout: "import acled-deletions FILE"},
		{args: []string{"help"}, stdout: "Commands:"},
		{args: []string{"help", "help"}, stdout: "Commands:"},
		{args: []string{"help", "incidents"}, stdout: "--verdict"},
		{args: []string{"incidents", "--help"}, stdout: "Usage: truce incidents"},
		{args: []string{"incidents", "-h"}, stdout: "-severity"},
		{args: []string{"help", "agreement"}, stdout: "agreement load FILE"},
		{args: []string{"agreement", "--help"}, stdout: "agreement use ID"},
		{args: []string{"help", "agreement", "load"}, stdout: "Usage: truce agreement load"},
		{args: []string{"import", "--help"}, stdout: "acled-deletions"},
		{args: []string{"import", "news", "--help"}, stdout: "Usage: truce import news"},
		{args: []string{"log", "checkpoint", "-h"}, stdout: "Usage: truce log checkpoint"},
		{args: []string{"--db", "x.db", "zones", "--help"}, stdout: "Usage: truce zones"},
		{args: nil, code: exitUsage, stderr: "Commands:"},
		{args: []string{"incidnets"}, code: exitUsage, stderr: `unknown command "incidnets" (did you mean "incidents"?)`},
		{args: []string{"frobnicate"}, code: exitUsage, stderr: `unknown command "frobnicate"`},
		{args: []string{"help", "incidnets"}, code: exitUsage, stderr: `did you mean "incidents"?`},
		{args: []string{"agreement", "lod", "x.yaml"}, code: exitUsage, stderr: `unknown agreement subcommand "lod" (did you mean "load"?)`},
		{args: []string{"log", "verfiy"}, code: exitUsage, stderr: `did you mean "verify"?`},
		{args: []string{"token"}, code: exitUsage, stderr: "token needs a subcommand: create, list, revoke"},
		{args: []string{"import", "ucpd", "x.csv"}, code: exitUsage, stderr: `unknown source "ucpd" (did you mean "ucdp"?)`},
		{args: []string{"incidents", "--verdit", "violation"}, code: exitUsage, stderr: "incidents: flag provided but not defined: -verdit (did you mean --verdict?)"},
		{args: []string{"status", "--bogus"}, code: exitUsage, stderr: "Run 'truce status --help'"},
		{args: []string{"--dbb", "x.db", "zones"}, code: exitUsage, stderr: "(did you mean --db?)"},
	} {
		t.Run(strings.Join(tc.args, "_"), func(t *testing.T) {
			code, out, errs := run(t, newDB(t), tc.args...)
			if code != tc.code {
				t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tc.code, out, errs)
			}
			if tc.stdout != "" && !strings.Contains(out, tc.stdout) || tc.stdout == "" && out != "" {
				t.Errorf("stdout lacks %q:\n%s", tc.stdout, out)
			}
			if tc.stderr != "" && !strings.Contains(errs, tc.stderr) || tc.stderr == "" && errs != "" {
				t.Errorf("stderr lacks %q:\n%s", tc.stderr, errs)
			}
		})
	}
}

// TestHelpListsEveryCommand checks that every command the dispatcher runs
// is in the top-level help, and that each one's own --help is reached
// through its entry: a table entry whose function does not handle it fails.
func TestHelpListsEveryCommand(t *testing.T) {
	help := usageText()
	for _, want := range []string{"import news", "import acled-deletions", "corroborate split", "log checkpoint"} {
		if !strings.Contains(help, "\n  "+want+" ") {
			t.Errorf("top-level help lacks %q", want)
		}
	}
	for _, c := range commands {
		if !strings.Contains(help, "\n  "+c.name+" ") {
			t.Errorf("top-level help lacks %q", c.name)
		}
		if c.name == "version" || c.name == "help" {
			continue
		}
		args := append(strings.Fields(c.name), "--help")
		code, out, errs := run(t, newDB(t), args...)
		// Subcommands that share their group's flags ("import
		// acled-deletions") print the group's usage.
		if code != exitOK || !strings.HasPrefix(out, "Usage: truce "+args[0]) || errs != "" {
			t.Errorf("truce %s: exit %d, stdout %.60q, stderr %q; want its usage on stdout", strings.Join(args, " "), code, out, errs)
		}
	}
}

func TestSuggest(t *testing.T) {
	cands := []string{"zones", "incidents", "import", "status", "serve"}
	for _, tc := range []struct{ in, want string }{
		{"incidnets", "incidents"},
		{"incident", "incidents"},
		{"imprt", "import"},
		{"Zones", "zones"},
		{"serv", "serve"},
		{"zap", ""},
		{"", ""},
		{"frobnicate", ""},
	} {
		got, ok := nearest(tc.in, cands)
		if !ok {
			got = ""
		}
		if got != tc.want {
			t.Errorf("nearest(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if d := editDistance("verdict", "verdcit"); d != 1 {
		t.Errorf("a swap costs %d, want 1", d)
	}
}

func TestParseDateFlag(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"2018-02-28", ""},
		{"2016-02-29", ""},
		{"", ""},
		{"2018-02-30", "--date 2018-02-30: no such day (February 2018 has 28 days)"},
		{"2016-02-30", "--date 2016-02-30: no such day (February 2016 has 29 days)"},
		{"2018-04-31", "--date 2018-04-31: no such day (April 2018 has 30 days)"},
		{"2018-01-00", "--date 2018-01-00: no such day (days start at 01)"},
		{"2018-13-01", "--date 2018-13-01: no such month (months run from 01 to 12)"},
		{"2018-00-10", "no such month"},
		{"18-02-28", `--date "18-02-28": want a date as YYYY-MM-DD`},
		{"2018/02/28", "want a date as YYYY-MM-DD"},
		{"2018-2-28x", "want a date as YYYY-MM-DD"},
		{"yesterday", "want a date as YYYY-MM-DD"},
		{"２０18-02-28", "want a date as YYYY-MM-DD"},
	} {
		_, err := parseDateFlag("date", tc.in)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%q: %v", tc.in, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%q: error %v, want %q", tc.in, err, tc.want)
		}
	}
	// Every command's dates go through it.
	for _, args := range [][]string{
		{"status", "--date", "2018-02-30"},
		{"bulletin", "--date", "2018-02-30"},
		{"incidents", "--from", "2018-02-30"},
		{"trend", "--zone", "idlib", "--date", "2018-02-30"},
		{"simulate", "--start", "2018-02-30"},
		{"claims", "check", "--text", "t", "--speaker", "s", "--date", "2018-02-30"},
		{"import", "news", "--date", "2018-02-30", "x.txt"},
	} {
		code, _, errs := run(t, newDB(t), args...)
		if code != exitUsage || !strings.Contains(errs, "2018-02-30: no such day (February 2018 has 28 days)") {
			t.Errorf("truce %s: exit %d, stderr %q", strings.Join(args, " "), code, errs)
		}
	}
}

// TestMissingStore checks that a mistyped --db does not silently create an
// empty store: commands that only read fail naming the path and how to make
// a store, while those that put data in create it.
func TestMissingStore(t *testing.T) {
	for _, args := range [][]string{
		{"zones"},
		{"incidents"},
		{"incidents", "--format", "csv"},
		{"status", "--date", "2017-06-15"},
		{"trend", "--zone", "idlib"},
		{"bulletin", "--date", "2017-06-15"},
		{"adjudicate"},
		{"why", "ucdp:1"},
		{"corroborate"},
		{"agreement", "list"},
		{"agreement", "use", "astana-2017"},
		{"boundaries", "list"},
		{"claims", "list"},
		{"token", "list"},
		{"webhook", "list"},
		{"alerts"},
		{"log", "verify"},
		{"log", "head"},
		{"log", "entries"},
		{"log", "key"},
		{"serve", "--addr", "127.0.0.1:0"},
	} {
		t.Run(strings.Join(args, "_"), func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "typo.db")
			code, out, errs := run(t, db, args...)
			if code != exitError || !strings.Contains(errs, "no store at "+db) || !strings.Contains(errs, "truce agreement load") || !strings.Contains(errs, "truce demo") {
				t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errs)
			}
			if _, err := os.Stat(db); !os.IsNotExist(err) {
				t.Fatalf("created %s: %v", db, err)
			}
		})
	}
	for _, args := range [][]string{
		{"agreement", "load", astana},
		{"import", "ucdp", "testdata/ucdp_small.csv"},
		{"token", "create", "--name", "admin", "--role", "admin"},
	} {
		t.Run(strings.Join(args[:2], "_"), func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "new.db")
			mustRun(t, db, args...)
			if _, err := os.Stat(db); err != nil {
				t.Fatal(err)
			}
			mustRun(t, db, "incidents")
		})
	}
}
