package sim

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/truce-monitor/truce"
)

// ucdpColumns are the 41 columns of the GED Syria release (ged191), in its
// order; simColumns carry the truth. Importers map columns by name, so the
// extra ones are ignored by any that do not look for them.
var (
	ucdpColumns = []string{"id", "year", "active_year", "type_of_violence", "conflict_new_id", "conflict_name",
		"dyad_new_id", "dyad_name", "side_a_new_id", "side_a", "side_b_new_id", "gwnob", "side_b",
		"number_of_sources", "source_article", "source_office", "source_date", "source_headline",
		"source_original", "where_prec", "where_coordinates", "adm_1", "adm_2", "latitude", "longitude",
		"geom_wkt", "priogrid_gid", "country", "country_id", "region", "event_clarity", "date_prec",
		"date_start", "date_end", "deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown", "low",
		"best", "high"}
	simColumns = []string{"sim_zone", "sim_violation", "sim_excluded"}
)

// UCDPColumns returns the names of the 41 UCDP GED columns WriteUCDP writes
// first.
func UCDPColumns() []string { return append([]string(nil), ucdpColumns...) }

// Columns returns the names of all the columns WriteUCDP writes: the UCDP
// ones, then "sim_zone" (Truth.Zone), "sim_violation" and "sim_excluded"
// (Truth.Excluded, 1 or 0: the truth an aggregate side may hide).
func Columns() []string { return append(UCDPColumns(), simColumns...) }

// headerLine quotes every name, as R's write.csv did for the shared file.
var headerLine = func() string {
	var b []byte
	for i, c := range append(append([]string(nil), ucdpColumns...), simColumns...) {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendQuoted(b, c)
	}
	return string(append(b, '\n'))
}()

// WriteUCDP writes the events of cfg to w as a UCDP GED CSV, header first,
// and returns the number of rows written. The bytes depend on cfg only.
func WriteUCDP(w io.Writer, cfg Config) (n int, err error) {
	bw := bufio.NewWriterSize(w, 256<<10)
	if _, err := bw.WriteString(headerLine); err != nil {
		return 0, err
	}
	err = run(cfg, func(ev *Event) error {
		// Rows are built in bufio's own buffer, sparing a copy; flushing
		// early keeps appends from outgrowing it and allocating.
		if bw.Available() < 4096 {
			if err := bw.Flush(); err != nil {
				return err
			}
		}
		b := appendRow(bw.AvailableBuffer(), ev)
		b = append(b, '\n')
		n++
		_, err := bw.Write(b)
		return err
	})
	if err != nil {
		return n, err
	}
	return n, bw.Flush()
}

// Reports calls fn with the events of cfg as reports, the way an importer of
// WriteUCDP's CSV would make them: Source "sim", SourceKey the id, Raw the
// CSV line, Hash its SHA-256, Line its line number in that CSV, ReceivedAt
// the day after the event's window. The Incident carries the truth's ACLED
// types and ID 0 (the store assigns ids). fn gets the same *Report each
// time; copy what you keep. It stops at fn's first error and returns it.
func Reports(cfg Config, fn func(*truce.Report) error) error {
	origin := "sim:seed=" + strconv.FormatUint(cfg.Seed, 10)
	var (
		rep  truce.Report
		buf  = make([]byte, 0, 2048)
		line = 1 // the header's
	)
	return run(cfg, func(ev *Event) error {
		ev.SourceKey = strconv.FormatInt(ev.ID, 10)
		if n := ev.NumSources; n > 1 {
			ev.SourceText = repeatJoin(ev.Headline, n)
		}
		buf = appendRow(buf[:0], ev)
		line++
		sum := sha256.Sum256(buf)
		rep = truce.Report{
			Source:     "sim",
			SourceKey:  ev.SourceKey,
			Release:    ModelVersion,
			Origin:     origin,
			Line:       line,
			Raw:        string(buf),
			Hash:       hex.EncodeToString(sum[:]),
			ReceivedAt: ev.DateEnd.Add(24 * time.Hour),
			Incident:   ev.Incident,
		}
		rep.Incident.ID = 0
		return fn(&rep)
	})
}

// appendRow appends ev's CSV row without the newline, quoting like R's
// write.csv: strings quoted with inner quotes doubled, numbers bare, missing
// values empty.
func appendRow(b []byte, ev *Event) []byte {
	b = strconv.AppendInt(b, ev.ID, 10)
	b = append(b, ',')
	b = append(b, ev.start[:4]...)
	b = append(b, ",1,"...) // active_year
	b = strconv.AppendInt(b, int64(ev.ViolenceType), 10)
	b = append(b, ',')
	b = strconv.AppendInt(b, int64(ev.ConflictID), 10)
	b = append(b, ',')
	b = appendQuoted(b, ev.ConflictName)
	b = append(b, ',')
	b = strconv.AppendInt(b, int64(ev.DyadID), 10)
	b = append(b, ',')
	b = appendQuoted(b, ev.DyadName)
	b = append(b, ',')
	b = strconv.AppendInt(b, int64(ev.SideAID), 10)
	b = append(b, ',')
	b = appendQuoted(b, ev.SideA)
	b = append(b, ',')
	b = strconv.AppendInt(b, int64(ev.SideBID), 10)
	b = append(b, ",,"...) // gwnob: none of the simulated side Bs is a state
	b = appendQuoted(b, ev.SideB)
	b = append(b, ',')
	b = strconv.AppendInt(b, int64(ev.NumSources), 10)
	b = append(b, ',')

	// source_article holds "office,date,headline" in quotes of its own, one
	// per source joined by ";", so its quotes are doubled inside the field.
	b = append(b, '"')
	for i, name := range ev.sources.names {
		if i > 0 {
			b = append(b, ';')
		}
		b = append(b, `""`...)
		b = appendEscaped(b, name)
		b = append(b, ',')
		b = append(b, ev.end[:]...)
		b = append(b, ',')
		b = appendEscaped(b, ev.Headline)
		b = append(b, `""`...)
	}
	b = append(b, `",`...)
	b = appendQuoted(b, ev.Sources)
	b = append(b, ',', '"')
	for i := range ev.NumSources {
		if i > 0 {
			b = append(b, ';')
		}
		b = append(b, ev.end[:]...)
	}
	b = append(b, `","`...)
	for i := range ev.NumSources {
		if i > 0 {
			b = append(b, ';')
		}
		b = appendEscaped(b, ev.Headline)
	}
	b = append(b, `",`...)
	b = appendQuoted(b, ev.SourceOriginal)
	b = append(b, ',')

	loc := &ev.Location
	b = strconv.AppendInt(b, int64(loc.Precision), 10)
	b = append(b, ',')
	b = appendQuoted(b, loc.Place)
	b = append(b, ',')
	b = appendOptQuoted(b, loc.Admin1)
	b = append(b, ',')
	b = appendOptQuoted(b, loc.Admin2)
	b = append(b, ',')
	// Each coordinate is formatted once and copied into geom_wkt.
	latAt := len(b)
	b = appendMicro(b, loc.Lat)
	lat := b[latAt:]
	b = append(b, ',')
	lonAt := len(b)
	b = appendMicro(b, loc.Lon)
	lon := b[lonAt:]
	b = append(b, `,"POINT (`...)
	b = append(b, lon...)
	b = append(b, ' ')
	b = append(b, lat...)
	b = append(b, `)",`...)
	b = strconv.AppendInt(b, priogrid(loc.Lon, loc.Lat), 10)
	b = append(b, `,"Syria",652,"Middle East",`...)
	b = strconv.AppendInt(b, int64(ev.EventClarity), 10)
	b = append(b, ',')
	b = strconv.AppendInt(b, int64(ev.DatePrecision), 10)
	b = append(b, ',', '"')
	b = append(b, ev.start[:]...)
	b = append(b, `","`...)
	b = append(b, ev.end[:]...)
	b = append(b, `",`...)
	for _, x := range [...]int{ev.DeathsA, ev.DeathsB, ev.Fatalities.Civilians, ev.DeathsUnknown,
		ev.Fatalities.Low, ev.Fatalities.Best, ev.Fatalities.High} {
		b = strconv.AppendInt(b, int64(x), 10)
		b = append(b, ',')
	}
	b = appendQuoted(b, ev.Truth.Zone)
	b = appendBit(b, ev.Truth.Violation)
	return appendBit(b, ev.Truth.Excluded)
}

func appendBit(b []byte, v bool) []byte {
	if v {
		return append(b, ",1"...)
	}
	return append(b, ",0"...)
}

// appendMicro writes x, a multiple of 1e-6 (all coordinates are rounded so),
// exactly as strconv's shortest 'f' format would, at a fraction of its cost:
// no shorter decimal than x's six-place one can round-trip to the same
// float64 at these magnitudes. (Negative zero is written "0", not "-0".)
func appendMicro(b []byte, x float64) []byte {
	n := int64(math.Round(x * 1e6))
	if n < 0 {
		b = append(b, '-')
		n = -n
	}
	b = strconv.AppendInt(b, n/1e6, 10)
	frac := n % 1e6
	if frac == 0 {
		return b
	}
	var d [7]byte
	d[0] = '.'
	for i := 6; i >= 1; i-- {
		d[i] = byte('0' + frac%10)
		frac /= 10
	}
	end := 7
	for d[end-1] == '0' {
		end--
	}
	return append(b, d[:end]...)
}

// priogrid returns the PRIO-GRID cell id: 0.5° cells numbered row by row
// from (-180, -90), starting at 1.
func priogrid(lon, lat float64) int64 {
	row := int64((lat + 90) * 2)
	col := int64((lon + 180) * 2)
	return row*720 + col + 1
}

func appendQuoted(b []byte, s string) []byte {
	b = append(b, '"')
	b = appendEscaped(b, s)
	return append(b, '"')
}

// appendOptQuoted writes "" as a missing value (empty, unquoted), as R wrote
// NA.
func appendOptQuoted(b []byte, s string) []byte {
	if s == "" {
		return b
	}
	return appendQuoted(b, s)
}

func appendEscaped(b []byte, s string) []byte {
	for {
		i := strings.IndexByte(s, '"')
		if i < 0 {
			return append(b, s...)
		}
		b = append(b, s[:i+1]...)
		b = append(b, '"')
		s = s[i+1:]
	}
}
