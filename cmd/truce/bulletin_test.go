package main

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"io"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/truce-monitor/truce/internal/shared"
)

// runBulletin runs `truce bulletin` in-process, through the same exit-code
// mapping as Run, until main.go's switch dispatches to it.
func runBulletin(t *testing.T, db string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	m := &Main{Stdout: &out, Stderr: &errb, DBPath: db}
	code = m.exit(m.runBulletin(context.Background(), args))
	return code, out.String(), errb.String()
}

func mustBulletin(t *testing.T, db string, args ...string) string {
	t.Helper()
	code, out, errs := runBulletin(t, db, args...)
	if code != 0 {
		t.Fatalf("truce bulletin %s: exit %d\nstderr:\n%s", strings.Join(args, " "), code, errs)
	}
	return out
}

func TestBulletin(t *testing.T) {
	dir := t.TempDir()
	sim := filepath.Join(dir, "sim.csv")
	mustRun(t, "", "simulate", "--days", "240", "--seed", "7", "--out", sim)
	db := newDB(t)
	mustRun(t, db, "agreement", "load", astana)
	mustRun(t, db, "import", "ucdp", sim)
	t.Run("ErrBeforeAdjudicate", func(t *testing.T) {
		if code, _, errs := runBulletin(t, db, "--date", "2017-06-15"); code != exitError || !strings.Contains(errs, "truce adjudicate") {
			t.Fatalf("exit %d, stderr %q", code, errs)
		}
	})
	mustRun(t, db, "adjudicate")

	md := mustBulletin(t, db, "--date", "2017-06-15", "--format", "md")
	golden(t, "bulletin_sim.md", md)
	page := mustBulletin(t, db, "--date", "2017-06-15", "--format", "html")
	golden(t, "bulletin_sim.html", page)

	t.Run("AgreesWithStatus", func(t *testing.T) {
		// The bulletin's summary must be `truce status`'s numbers, which it
		// names as the way to reproduce them.
		status := mustRun(t, db, "status", "--date", "2017-06-15")
		// ZONE STATUS P% RANGE MEAN (LOW-HIGH) CERTAIN EVENTS DEATHS CIVILIANS AIR PREV REPORTS
		// EVENTS and DEATHS may carry "(N ~)", the part located only
		// approximately, which the bulletin's table leaves to its text.
		re := regexp.MustCompile(`(?m)^(\S+)\s+(holding|strained|breached|collapsed) (\d+)%\s+\S+\s+([\d.]+) \((\d+)-(\d+)\)\s+(\d+)\s+(\d+)(?: \(\d+ ~\))?\s+(\d+)(?: \(\d+ ~\))?\s+(\d+)\s+\d+\s+([\d.]+)\s+(\d+)$`)
		n := 0
		for _, m := range re.FindAllStringSubmatch(status, -1) {
			status := "| " + m[1] + " | " + m[2] + " (" + m[3] + " %"
			numbers := "| " + m[4] + " (" + m[5] + "–" + m[6] + ") | " + strings.Join(m[7:11], " | ") + " | " + m[11] + " | " + m[12] + " |"
			if !strings.Contains(md, status) || !strings.Contains(md, numbers) {
				t.Errorf("bulletin lacks status row %q … %q", status, numbers)
			}
			n++
		}
		if n != 4 {
			t.Fatalf("parsed %d zones from truce status:\n%s", n, status)
		}
	})
	t.Run("HTMLSelfContained", func(t *testing.T) {
		checkSelfContainedHTML(t, page)
		if got := strings.Count(page, "<svg "); got != 4 {
			t.Errorf("%d SVG charts, want one per zone (4)", got)
		}
	})
	t.Run("Zone", func(t *testing.T) {
		out := mustBulletin(t, db, "--date", "2017-06-15", "--zone", "idlib", "--top", "2", "--days", "14")
		if strings.Contains(out, "## south") || !strings.Contains(out, "## idlib") {
			t.Fatalf("--zone idlib:\n%s", out)
		}
	})
	t.Run("ErrFlags", func(t *testing.T) {
		for _, args := range [][]string{
			{},
			{"--date", "2017-02-30"},
			{"--date", "2017-06-15", "--format", "pdf"},
			{"--date", "2017-06-15", "--top", "0"},
			{"--date", "2017-06-15", "--days", "0"},
		} {
			if code, _, errs := runBulletin(t, db, args...); code != exitUsage || errs == "" {
				t.Errorf("truce bulletin %s: exit %d, stderr %q; want exit 2", strings.Join(args, " "), code, errs)
			}
		}
		if code, _, errs := runBulletin(t, db, "--date", "2017-06-15", "--zone", "atlantis"); code != exitError || !strings.Contains(errs, "atlantis") {
			t.Errorf("--zone atlantis: exit %d, stderr %q; want exit 1", code, errs)
		}
	})
}

// checkSelfContainedHTML checks what can be checked without an HTML parser:
// no URL and no script anywhere, every inline SVG well-formed XML with a
// title, and balanced table markup.
func checkSelfContainedHTML(t *testing.T, page string) {
	t.Helper()
	for _, bad := range []string{"http://", "https://", "<script", "<link", "<img", "@import", "url("} {
		if strings.Contains(page, bad) {
			t.Errorf("HTML holds %q: it must be self-contained", bad)
		}
	}
	svgs := regexp.MustCompile(`(?s)<svg .*?</svg>`).FindAllString(page, -1)
	for _, s := range svgs {
		if !strings.Contains(s, "<title") {
			t.Errorf("SVG without a title:\n%s", s)
		}
		d := xml.NewDecoder(strings.NewReader(s))
		for {
			_, err := d.Token()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatalf("SVG is not well-formed XML: %v\n%s", err, s)
			}
		}
	}
	for _, tag := range []string{"table", "thead", "tbody", "tr", "section", "ul", "figure", "p"} {
		if o, c := len(regexp.MustCompile(`<`+tag+`[ >]`).FindAllString(page, -1)), strings.Count(page, "</"+tag+">"); o != c {
			t.Errorf("<%s>: %d opened, %d closed", tag, o, c)
		}
	}
}

func TestRealUCDPBulletin(t *testing.T) {
	ged := shared.Path(t, "ucdp/ged_syria_2016-2019_ged191.csv")
	db := newDB(t)
	mustRun(t, db, "agreement", "load", astana)
	mustRun(t, db, "import", "ucdp", ged)
	mustRun(t, db, "adjudicate")
	md := mustBulletin(t, db, "--date", "2018-02-20")
	for _, want := range []string{"## eastern-ghouta", "UCDP GED records only events", "Syrian insurgents", "truce why ucdp:"} {
		if !strings.Contains(md, want) {
			t.Errorf("real-data bulletin lacks %q", want)
		}
	}
	if !regexp.MustCompile(`\| eastern-ghouta \| collapsed \((9\d|100) %`).MatchString(md) {
		t.Errorf("Eastern Ghouta on 2018-02-20, the third day of the offensive, should read collapsed, almost certainly:\n%s", md)
	}
	page := mustBulletin(t, db, "--date", "2018-02-20", "--format", "html")
	if !strings.Contains(page, `id="eastern-ghouta"`) {
		t.Error("HTML bulletin lacks the eastern-ghouta section")
	}
	checkSelfContainedHTML(t, page)
}
