package ingest

import (
	"fmt"
	"strings"

	"github.com/truce-monitor/truce"
)

// Field is a Truce field that a generic source (a CSV with a column mapping,
// a GeoJSON feature's properties) can fill. Both sources read them through
// Values.Incident, so a value means the same whichever format carried it.
type Field int

// Fields, in the order they are documented and checked.
const (
	FieldID           Field = iota // the source's stable key (Report.SourceKey); required
	FieldDate                      // the event's (first) day; required
	FieldDateEnd                   // the last day of the window; empty: the same day
	FieldLat                       // WGS 84 degrees; empty with lon: no point
	FieldLon                       //
	FieldPrecision                 // location precision, UCDP where_prec 1–7 or its name
	FieldEventType                 // ACLED event type
	FieldSubEventType              // ACLED sub-event type
	FieldSideA                     //
	FieldSideB                     //
	FieldFatalities                // one figure: Low = Best = High
	FieldCivilians                 // civilian deaths among the fatalities
	FieldPlace                     //
	FieldAdmin1                    //
	FieldAdmin2                    //
	FieldCountry                   //
	FieldSources                   // who reported it
	FieldNotes                     // the source's words (Incident.SourceText)
	NumFields
)

var fieldNames = [NumFields]string{
	"id", "date", "date_end", "lat", "lon", "precision", "event_type", "sub_event_type",
	"side_a", "side_b", "fatalities", "civilians", "place", "admin1", "admin2", "country",
	"sources", "notes",
}

func (f Field) String() string {
	if f < 0 || f >= NumFields {
		return fmt.Sprintf("Field(%d)", int(f))
	}
	return fieldNames[f]
}

// ParseField returns the field with the given name (case-insensitive).
func ParseField(name string) (Field, bool) {
	name = strings.ToLower(strings.TrimSpace(name))
	for i, n := range fieldNames {
		if n == name {
			return Field(i), true
		}
	}
	return 0, false
}

// FieldNames lists the field names, for messages and docs.
func FieldNames() []string { return append([]string(nil), fieldNames[:]...) }

// Values holds one record's raw text per field; "" is absent.
type Values [NumFields]string

// FieldError is a value that cannot be read; the caller turns it into a
// RowError naming its own column or property for Field.
type FieldError struct {
	Field Field
	Msg   string
}

func fieldErr(f Field, err error) *FieldError { return &FieldError{Field: f, Msg: err.Error()} }

// Incident fills inc from v. It sets everything the values determine and
// leaves Source to the caller.
func (v *Values) Incident(inc *truce.Incident) *FieldError {
	inc.SourceKey = strings.TrimSpace(v[FieldID])
	if inc.SourceKey == "" {
		return &FieldError{FieldID, "empty; every record needs a stable id so that re-imports match"}
	}
	start, err := ParseDate(v[FieldDate])
	if err == nil {
		err = CheckEventDate(start)
	}
	if err != nil {
		return fieldErr(FieldDate, err)
	}
	end := start
	if strings.TrimSpace(v[FieldDateEnd]) != "" {
		if end, err = ParseDate(v[FieldDateEnd]); err == nil {
			err = CheckEventDate(end)
		}
		if err != nil {
			return fieldErr(FieldDateEnd, err)
		}
		if end.Before(start) {
			return &FieldError{FieldDateEnd, fmt.Sprintf("%s is before the start date %s",
				end.Format(truce.DateLayout), start.Format(truce.DateLayout))}
		}
	}
	inc.DateStart, inc.DateEnd, inc.DatePrecision = start, end, DatePrecisionOf(start, end)

	if f, err := ParsePoint(v[FieldLat], v[FieldLon], &inc.Location); err != nil {
		fld := FieldLat
		if f == "lon" {
			fld = FieldLon
		}
		return fieldErr(fld, err)
	}
	if inc.Location.Precision, err = ParseLocPrecision(v[FieldPrecision]); err != nil {
		return fieldErr(FieldPrecision, err)
	}
	et, st, f, err := CanonicalType(v[FieldEventType], v[FieldSubEventType])
	if err != nil {
		fld := FieldEventType
		if f == "sub_event_type" {
			fld = FieldSubEventType
		}
		return fieldErr(fld, err)
	}
	inc.EventType, inc.SubEventType = et, st

	n, err := ParseCount(v[FieldFatalities])
	if err != nil {
		return fieldErr(FieldFatalities, err)
	}
	c, err := ParseCount(v[FieldCivilians])
	if err != nil {
		return fieldErr(FieldCivilians, err)
	}
	if strings.TrimSpace(v[FieldFatalities]) == "" {
		n = c // a count of civilian deaths alone is still a count of deaths
	}
	if c > n {
		return &FieldError{FieldCivilians, fmt.Sprintf("%d civilian deaths exceed the %d fatalities", c, n)}
	}
	inc.Fatalities = truce.Fatalities{Low: n, Best: n, High: n, Civilians: c}

	inc.SideA = strings.TrimSpace(v[FieldSideA])
	inc.SideB = strings.TrimSpace(v[FieldSideB])
	inc.Location.Place = strings.TrimSpace(v[FieldPlace])
	inc.Location.Admin1 = strings.TrimSpace(v[FieldAdmin1])
	inc.Location.Admin2 = strings.TrimSpace(v[FieldAdmin2])
	inc.Location.Country = strings.TrimSpace(v[FieldCountry])
	inc.Sources = strings.TrimSpace(v[FieldSources])
	inc.SourceText = strings.TrimSpace(v[FieldNotes])
	return nil
}
