// Package export writes incidents in the exchange formats the CLI and the
// HTTP API share: CSV, JSON and GeoJSON, streamed one incident at a time.
package export

import (
	"encoding/csv"
	"encoding/json"
	"io"
	"strconv"
	"strings"

	"github.com/truce-monitor/truce"
)

// Writer streams incidents in one output format: Write each, with its
// judgement when there is one (nil: not judged, or not asked for), then
// Close.
type Writer struct {
	Write func(*truce.Incident, *truce.Judgement) error
	Close func() error
}

// CSVHeader is the CSV export's header row. The verdict columns are empty
// for an incident not judged.
var CSVHeader = []string{"id", "source", "source_key", "date_start", "date_end", "date_prec", "lon", "lat", "loc_prec",
	"admin1", "admin2", "place", "event_type", "sub_event_type", "side_a", "side_b", "deaths_low", "deaths_best", "deaths_high",
	"deaths_civilians", "deaths_unknown", "sources", "zones", "verdict", "p_violation", "p_violation_low", "p_violation_high", "severity", "alleged_party"}

// ZonesText lists an incident's memberships as ZONE:PLACEMENT, space-separated.
func ZonesText(inc *truce.Incident) string {
	parts := make([]string, len(inc.Zones))
	for i, z := range inc.Zones {
		parts[i] = z.ZoneID + ":" + string(z.Placement)
	}
	return strings.Join(parts, " ")
}

// prob writes a probability to four decimals, as verdicts keep them.
func prob(p float64) string { return strconv.FormatFloat(p, 'f', -1, 64) }

func coord(inc *truce.Incident, v float64) string {
	if !inc.Location.HasPoint {
		return ""
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// NewWriter returns a Writer of format csv, json or geojson to out.
func NewWriter(format string, out io.Writer) (*Writer, error) {
	switch format {
	case "csv":
		cw := csv.NewWriter(out)
		if err := cw.Write(CSVHeader); err != nil {
			return nil, err
		}
		return &Writer{
			Write: func(inc *truce.Incident, j *truce.Judgement) error {
				l := inc.Location
				verdict := []string{"", "", "", "", "", ""}
				if j != nil {
					verdict = []string{string(j.Verdict), prob(j.P.Mid), prob(j.P.Low), prob(j.P.High), j.Severity, j.AllegedParty}
				}
				return cw.Write(append([]string{strconv.FormatInt(inc.ID, 10), inc.Source, inc.SourceKey, inc.DateStart.Format(truce.DateLayout), inc.DateEnd.Format(truce.DateLayout),
					strconv.Itoa(int(inc.DatePrecision)), coord(inc, l.Lon), coord(inc, l.Lat), strconv.Itoa(int(l.Precision)),
					l.Admin1, l.Admin2, l.Place, inc.EventType, inc.SubEventType, inc.SideA, inc.SideB,
					strconv.Itoa(inc.Fatalities.Low), strconv.Itoa(inc.Fatalities.Best), strconv.Itoa(inc.Fatalities.High), strconv.Itoa(inc.Fatalities.Civilians),
					strconv.Itoa(inc.Fatalities.Unknown), inc.Sources, ZonesText(inc)}, verdict...))
			},
			Close: func() error { cw.Flush(); return cw.Error() },
		}, nil
	case "json":
		return jsonStream(out, "[\n", "\n]\n", func(inc *truce.Incident, j *truce.Judgement) any { return Judged(inc, j) })
	case "geojson":
		return jsonStream(out, `{"type":"FeatureCollection","features":[`+"\n", "\n]}\n", func(inc *truce.Incident, j *truce.Judgement) any {
			f := map[string]any{"type": "Feature", "id": inc.ID, "properties": Judged(inc, j), "geometry": nil}
			if inc.Location.HasPoint {
				f["geometry"] = map[string]any{"type": "Point", "coordinates": []float64{inc.Location.Lon, inc.Location.Lat}}
			}
			return f
		})
	default:
		return nil, truce.Errorf(truce.EINVALID, "unknown export format %q: want csv, json or geojson", format)
	}
}

// Incident is the JSON shape of an incident in exports and the API: flat,
// snake_case, close to the source datasets' own column names. Its fields
// are in alphabetical order of their names, the order encoding/json gave
// the map this once was, so exports stay byte-identical; a struct encodes
// several times faster than a map, whose keys must be sorted each time.
type Incident struct {
	Admin1          string              `json:"admin1"`
	Admin2          string              `json:"admin2"`
	AllegedParty    string              `json:"alleged_party,omitempty"` // set from the verdict
	AssocA          string              `json:"assoc_a"`
	AssocB          string              `json:"assoc_b"`
	Country         string              `json:"country"`
	DateEnd         string              `json:"date_end"`
	DatePrec        truce.DatePrecision `json:"date_prec"`
	DateStart       string              `json:"date_start"`
	DeathsBest      int                 `json:"deaths_best"`
	DeathsCivilians int                 `json:"deaths_civilians"`
	DeathsHigh      int                 `json:"deaths_high"`
	DeathsLow       int                 `json:"deaths_low"`
	DeathsUnknown   int                 `json:"deaths_unknown"` // of unknown status (GED's deaths_unknown)
	EventType       string              `json:"event_type"`
	ID              int64               `json:"id"`
	Lat             *float64            `json:"lat,omitempty"`
	LocPrec         truce.LocPrecision  `json:"loc_prec"`
	Lon             *float64            `json:"lon,omitempty"`
	NumSources      int                 `json:"num_sources"`
	PViolation      *truce.Range        `json:"p_violation,omitempty"` // set from the verdict
	Place           string              `json:"place"`
	Severity        string              `json:"severity,omitempty"` // set from the verdict
	SideA           string              `json:"side_a"`
	SideB           string              `json:"side_b"`
	Source          string              `json:"source"`
	SourceKey       string              `json:"source_key"`
	SourceText      string              `json:"source_text"`
	Sources         string              `json:"sources"`
	SubEventType    string              `json:"sub_event_type"`
	TypeReason      string              `json:"type_reason"`
	Verdict         truce.Verdict       `json:"verdict,omitempty"` // set from the verdict
	ViolenceType    int                 `json:"violence_type"`
	Zones           []Membership        `json:"zones"`
}

// Membership is an incident's place in one zone, as exported.
type Membership struct {
	Placement string `json:"placement"`
	Reason    string `json:"reason"`
	Zone      string `json:"zone"`
}

// IncidentJSON returns inc in its exported shape.
func IncidentJSON(inc *truce.Incident) *Incident {
	l := inc.Location
	zones := make([]Membership, len(inc.Zones))
	for i, z := range inc.Zones {
		zones[i] = Membership{Zone: z.ZoneID, Placement: string(z.Placement), Reason: z.Reason}
	}
	out := &Incident{
		ID: inc.ID, Source: inc.Source, SourceKey: inc.SourceKey,
		DateStart: inc.DateStart.Format(truce.DateLayout), DateEnd: inc.DateEnd.Format(truce.DateLayout), DatePrec: inc.DatePrecision,
		LocPrec: l.Precision, Country: l.Country, Admin1: l.Admin1, Admin2: l.Admin2, Place: l.Place,
		EventType: inc.EventType, SubEventType: inc.SubEventType, TypeReason: inc.TypeReason, ViolenceType: inc.ViolenceType,
		SideA: inc.SideA, SideB: inc.SideB, AssocA: inc.AssocA, AssocB: inc.AssocB,
		DeathsLow: inc.Fatalities.Low, DeathsBest: inc.Fatalities.Best, DeathsHigh: inc.Fatalities.High, DeathsCivilians: inc.Fatalities.Civilians, DeathsUnknown: inc.Fatalities.Unknown,
		Sources: inc.Sources, NumSources: inc.NumSources, SourceText: inc.SourceText, Zones: zones,
	}
	if l.HasPoint {
		lon, lat := l.Lon, l.Lat
		out.Lon, out.Lat = &lon, &lat
	}
	return out
}

// Judged returns inc in its exported shape with its judgement's verdict,
// probability, severity and alleged party (none when j is nil).
func Judged(inc *truce.Incident, j *truce.Judgement) *Incident {
	m := IncidentJSON(inc)
	if j != nil {
		p := j.P
		m.Verdict, m.PViolation, m.Severity, m.AllegedParty = j.Verdict, &p, j.Severity, j.AllegedParty
	}
	return m
}

// jsonStream writes open, then each incident as item(inc) in JSON, one per
// line and comma-separated, then close: a JSON array that never has to be
// held whole in memory.
func jsonStream(out io.Writer, open, close string, item func(*truce.Incident, *truce.Judgement) any) (*Writer, error) {
	if _, err := io.WriteString(out, open); err != nil {
		return nil, err
	}
	first := true
	return &Writer{
		Write: func(inc *truce.Incident, j *truce.Judgement) error {
			b, err := json.Marshal(item(inc, j))
			if err != nil {
				return err
			}
			if !first {
				if _, err := io.WriteString(out, ",\n"); err != nil {
					return err
				}
			}
			first = false
			_, err = out.Write(b)
			return err
		},
		Close: func() error { _, err := io.WriteString(out, close); return err },
	}, nil
}
