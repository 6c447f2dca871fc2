package main

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// TestProgressLine checks that the progress line never wraps, whatever the
// terminal's width and the file's name, and draws its bar only when it fits.
func TestProgressLine(t *testing.T) {
	long := strings.Repeat("ged_syria_2016-2019_", 8) + ".csv"
	for _, width := range []int{0, 1, 10, 30, 50, 80, 120, 300} {
		for _, name := range []string{"-", "ged.csv", long} {
			for _, frac := range []float64{-1, 0, 0.456, 1} {
				line := progressLine(name, width, frac, 123456, 9876.5)
				if n := utf8.RuneCountInString(line); n > max(width-1, 1) {
					t.Errorf("width %d, name %d runes, frac %g: %d runes: %q", width, len(name), frac, n, line)
				}
				if strings.ContainsAny(line, "\r\n") {
					t.Errorf("line breaks in %q", line)
				}
				if width >= 80 && frac >= 0 && !strings.Contains(line, "[") {
					t.Errorf("width %d: no bar in %q", width, line)
				}
				if width >= 80 && frac < 0 && strings.Contains(line, "[") {
					t.Errorf("a bar for input of unknown size: %q", line)
				}
			}
		}
	}
	for _, tc := range []struct {
		frac float64
		want string
	}{{1, "] 100% 10 rows, 5 rows/s"}, {0.5, "]  50% 10 rows, 5 rows/s"}, {0, "]   0% 10 rows"}} {
		got := progressLine("ged.csv", 80, tc.frac, 10, 5)
		open, end := strings.Index(got, "["), strings.Index(got, "]")
		if open < 0 || end < open || !strings.Contains(got, tc.want) {
			t.Errorf("frac %g: %q, want %q", tc.frac, got, tc.want)
			continue
		}
		bar := got[open+1 : end]
		if fill := strings.Count(bar, "="); fill != int(tc.frac*float64(len(bar))) || strings.TrimLeft(bar, "=") != strings.Repeat(" ", len(bar)-fill) {
			t.Errorf("frac %g: bar %q", tc.frac, bar)
		}
	}
}

// TestProgressFraction checks that the bar counts rows written: it stays
// short of 100 % while parsed rows wait to be written, even with the whole
// file read (the old bar, counting bytes, sat at 100 % then).
func TestProgressFraction(t *testing.T) {
	for _, tc := range []struct {
		name            string
		size, bytes     int64
		parsed, written int64
		want            float64
	}{
		{"Nothing read", 1000, 0, 0, 0, 0},
		{"All read, none written", 1000, 1000, 100, 0, 0},
		{"All read, half written", 1000, 1000, 100, 50, 0.5},
		{"All written", 1000, 1000, 100, 100, 1},
		{"Half read, all of it written", 1000, 500, 50, 50, 0.5},
		{"Unknown size", 0, 500, 50, 50, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var p importProgress
			p.bytes.Store(tc.bytes)
			p.parsed.Store(tc.parsed)
			p.written.Store(tc.written)
			if got := p.fraction(tc.size); got != tc.want {
				t.Fatalf("fraction = %g, want %g", got, tc.want)
			}
		})
	}
}

func TestTermWidth(t *testing.T) {
	for _, tc := range []struct {
		env  string
		want int
	}{{"", 80}, {"132", 132}, {"0", 80}, {"-5", 80}, {"wide", 80}} {
		t.Setenv("COLUMNS", tc.env)
		if got := termWidth(); got != tc.want {
			t.Errorf("COLUMNS=%q: %d, want %d", tc.env, got, tc.want)
		}
	}
}

// TestImportNoProgressOffTerminal checks that an import whose stderr is not
// a terminal draws no progress bar, so logs and pipes stay clean.
func TestImportNoProgressOffTerminal(t *testing.T) {
	_, _, errs := run(t, newDB(t), "import", "ucdp", "testdata/ucdp_small.csv")
	if strings.Contains(errs, "\r") || strings.Contains(errs, "importing") {
		t.Fatalf("progress drawn off a terminal: %q", errs)
	}
}
