package ingest

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/truce-monitor/truce"
)

const dateWant = "want YYYY-MM-DD, DD/MM/YYYY or 02 January 2017"

var monthNames = map[string]time.Month{}

func init() {
	for m := time.January; m <= time.December; m++ {
		full := strings.ToLower(m.String())
		monthNames[full] = m
		monthNames[full[:3]] = m
	}
	monthNames["sept"] = time.September
	for t, subs := range truce.SubEventTypes {
		eventTypes[strings.ToLower(t)] = t
		for _, s := range subs {
			subEventTypes[strings.ToLower(s)] = s
		}
	}
}

// ParseDate reads a calendar date as UTC midnight. It accepts YYYY-MM-DD
// (with a time of day after it, which is ignored, because database exports
// such as UCDP's write "2016-01-01 00:00:00.000"), DD/MM/YYYY, and ACLED's
// "02 January 2017" or "2 Jan 2017". Slashed dates are always day first: a
// value that only makes sense month first is rejected, not guessed.
// Event dates outside [FirstEventDate, tomorrow] are refused: 0001-01-01
// and 9999-12-31 are a cell's placeholder or a typing slip, not an event,
// and one would stretch every chart over centuries.
var FirstEventDate = time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)

// now is the clock CheckEventDate compares with; tests replace it.
var now = time.Now

// CheckEventDate returns an error when t cannot be an event's date: before
// FirstEventDate or after tomorrow (UTC).
func CheckEventDate(t time.Time) error {
	tomorrow := now().UTC().Truncate(24*time.Hour).AddDate(0, 0, 1)
	switch {
	case t.Before(FirstEventDate):
		return fmt.Errorf("%s is before %s: not a plausible event date", t.Format(truce.DateLayout), FirstEventDate.Format(truce.DateLayout))
	case t.After(tomorrow):
		return fmt.Errorf("%s is in the future (after %s): not a plausible event date", t.Format(truce.DateLayout), tomorrow.Format(truce.DateLayout))
	}
	return nil
}

func ParseDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, errors.New("empty date")
	}
	if len(s) >= 10 && s[4] == '-' && s[7] == '-' {
		y, ok1 := digits(s[0:4])
		m, ok2 := digits(s[5:7])
		d, ok3 := digits(s[8:10])
		if ok1 && ok2 && ok3 && (len(s) == 10 || timeSuffix(s[10:])) {
			return makeDate(s, y, m, d)
		}
		return time.Time{}, fmt.Errorf("not a date: %q (%s)", s, dateWant)
	}
	if i := strings.IndexByte(s, '/'); i > 0 {
		parts := strings.Split(s, "/")
		if len(parts) == 3 && len(parts[0]) <= 2 && len(parts[1]) <= 2 && len(parts[2]) == 4 {
			d, ok1 := digits(parts[0])
			m, ok2 := digits(parts[1])
			y, ok3 := digits(parts[2])
			if ok1 && ok2 && ok3 {
				if m > 12 {
					return time.Time{}, fmt.Errorf("not a date: %q: slashed dates are read DD/MM/YYYY and there is no month %d", s, m)
				}
				return makeDate(s, y, m, d)
			}
		}
		return time.Time{}, fmt.Errorf("not a date: %q (%s)", s, dateWant)
	}
	f := strings.Fields(s)
	if len(f) == 3 && len(f[0]) <= 2 && len(f[2]) == 4 {
		d, ok1 := digits(f[0])
		m, ok2 := monthNames[strings.ToLower(strings.TrimSuffix(f[1], "."))]
		y, ok3 := digits(f[2])
		if ok1 && ok2 && ok3 {
			return makeDate(s, y, int(m), d)
		}
	}
	return time.Time{}, fmt.Errorf("not a date: %q (%s)", s, dateWant)
}

func makeDate(s string, y, m, d int) (time.Time, error) {
	if y < 1 || m < 1 || m > 12 || d < 1 {
		return time.Time{}, fmt.Errorf("not a date: %q (%s)", s, dateWant)
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d { // time.Date normalizes 31 April to 1 May
		return time.Time{}, fmt.Errorf("not a date: %q: %s has no day %d", s, time.Month(m), d)
	}
	return t, nil
}

func digits(s string) (int, bool) {
	if s == "" {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// timeSuffix reports whether s looks like a time of day after a date:
// " 00:00:00", " 00:00:00.000", "T00:00:00Z", "T12:30:00+02:00".
func timeSuffix(s string) bool {
	if len(s) < 6 || (s[0] != ' ' && s[0] != 'T') || s[3] != ':' {
		return false
	}
	for i := 1; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9', c == ':', c == '.', c == 'Z', c == '+', c == '-':
		default:
			return false
		}
	}
	return true
}

// DatePrecisionOf places a window of start..end (inclusive days) on UCDP's
// date_prec scale, for sources that give a window but no precision code.
func DatePrecisionOf(start, end time.Time) truce.DatePrecision {
	days := int(end.Sub(start).Hours()/24) + 1
	switch {
	case days <= 1:
		return truce.DateExact
	case days <= 6:
		return truce.DateDays
	case days <= 7:
		return truce.DateWeek
	case days <= 31:
		return truce.DateMonth
	default:
		return truce.DateLongerAgo
	}
}

// ParseCount reads a non-negative whole number; empty reads as 0 because
// every source leaves a zero count blank somewhere.
func ParseCount(s string) (int, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		// R and spreadsheets write whole numbers as "4.0" or "1e+05".
		f, ferr := strconv.ParseFloat(s, 64)
		if ferr != nil || f != math.Trunc(f) || math.IsInf(f, 0) || f > math.MaxInt32 || f < math.MinInt32 {
			return 0, fmt.Errorf("not a whole number: %q", s)
		}
		n = int(f)
	}
	if n < 0 {
		return 0, fmt.Errorf("negative: %d", n)
	}
	return n, nil
}

// ParseCode reads an integer code that must lie in lo..hi.
func ParseCode(s string, lo, hi int) (int, error) {
	s = strings.TrimSpace(s)
	n, err := strconv.Atoi(s)
	if err != nil {
		if s == "" {
			return 0, fmt.Errorf("empty, want a code %d–%d", lo, hi)
		}
		return 0, fmt.Errorf("not a code %d–%d: %q", lo, hi, s)
	}
	if n < lo || n > hi {
		return 0, fmt.Errorf("not a code %d–%d: %d", lo, hi, n)
	}
	return n, nil
}

// ParseCoord reads a latitude (max 90) or longitude (max 180) in degrees.
func ParseCoord(s string, max float64) (float64, error) {
	s = strings.TrimSpace(s)
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, fmt.Errorf("not a number: %q", s)
	}
	if f < -max || f > max {
		return 0, fmt.Errorf("out of range ±%g: %s", max, s)
	}
	return f, nil
}

// ParsePoint fills the coordinates of loc. Both empty is allowed (the source
// knows only a place name or an admin unit) and leaves HasPoint false; one
// without the other is an error. field names the coordinate at fault: "lat"
// or "lon".
func ParsePoint(lat, lon string, loc *truce.Location) (field string, err error) {
	lat, lon = strings.TrimSpace(lat), strings.TrimSpace(lon)
	if lat == "" && lon == "" {
		loc.HasPoint = false
		return "", nil
	}
	if loc.Lat, err = ParseCoord(lat, 90); err != nil {
		if lat == "" {
			return "lat", errors.New("empty while the longitude is given")
		}
		return "lat", err
	}
	if loc.Lon, err = ParseCoord(lon, 180); err != nil {
		if lon == "" {
			return "lon", errors.New("empty while the latitude is given")
		}
		return "lon", err
	}
	loc.HasPoint = true
	return "", nil
}

var precisionNames = map[string]truce.LocPrecision{
	"exact": truce.PrecExact, "near": truce.PrecNear, "admin2": truce.PrecAdmin2, "admin1": truce.PrecAdmin1,
	"fuzzy": truce.PrecFuzzy, "country": truce.PrecCountry, "sea_air": truce.PrecSeaAir,
}

// ParseLocPrecision reads a location precision as a UCDP where_prec code 1–7
// or its name (exact, near, admin2, admin1, fuzzy, country, sea_air); empty
// means unknown (0).
func ParseLocPrecision(s string) (truce.LocPrecision, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	if p, ok := precisionNames[strings.ToLower(s)]; ok {
		return p, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > 7 {
		return 0, fmt.Errorf("not a precision: %q (want 1–7 or exact, near, admin2, admin1, fuzzy, country, sea_air)", s)
	}
	return truce.LocPrecision(n), nil
}

var (
	eventTypes    = map[string]string{}
	subEventTypes = map[string]string{}
)

// CanonicalType checks an ACLED event type and sub-event type against
// truce.SubEventTypes, ignoring case, and returns them spelled as ACLED does.
// Either may be empty; an empty event type is taken from the sub-event type.
// field is "event_type" or "sub_event_type" when err is not nil.
func CanonicalType(eventType, subEventType string) (et, st, field string, err error) {
	eventType, subEventType = strings.TrimSpace(eventType), strings.TrimSpace(subEventType)
	if eventType != "" {
		var ok bool
		if et, ok = eventTypes[strings.ToLower(eventType)]; !ok {
			return "", "", "event_type", fmt.Errorf("unknown event type %q", eventType)
		}
	}
	if subEventType == "" {
		return et, "", "", nil
	}
	st, ok := subEventTypes[strings.ToLower(subEventType)]
	if !ok {
		return "", "", "sub_event_type", fmt.Errorf("unknown sub-event type %q", subEventType)
	}
	parent := truce.EventTypeOf(st)
	if et == "" {
		et = parent
	} else if parent != et {
		return "", "", "sub_event_type", fmt.Errorf("%q is a sub-event type of %q, not of %q", st, parent, et)
	}
	return et, st, "", nil
}
