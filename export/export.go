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

// Writer streams incidents in one output format: Write each, then Close.
type Writer struct {
	Write func(*truce.Incident) error
	Close func() error
}

// CSVHeader is the CSV export's header row.
var CSVHeader = []string{"id", "source", "source_key", "date_start", "date_end", "date_prec", "lon", "lat", "loc_prec",
	"admin1", "admin2", "place", "event_type", "sub_event_type", "side_a", "side_b", "deaths_low", "deaths_best", "deaths_high",
	"deaths_civilians", "sources", "zones"}

// ZonesText lists an incident's memberships as ZONE:PLACEMENT, space-separated.
func ZonesText(inc *truce.Incident) string {
	parts := make([]string, len(inc.Zones))
	for i, z := range inc.Zones {
		parts[i] = z.ZoneID + ":" + string(z.Placement)
	}
	return strings.Join(parts, " ")
}

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
			Write: func(inc *truce.Incident) error {
				l := inc.Location
				return cw.Write([]string{strconv.FormatInt(inc.ID, 10), inc.Source, inc.SourceKey, inc.DateStart.Format(truce.DateLayout), inc.DateEnd.Format(truce.DateLayout),
					strconv.Itoa(int(inc.DatePrecision)), coord(inc, l.Lon), coord(inc, l.Lat), strconv.Itoa(int(l.Precision)),
					l.Admin1, l.Admin2, l.Place, inc.EventType, inc.SubEventType, inc.SideA, inc.SideB,
					strconv.Itoa(inc.Fatalities.Low), strconv.Itoa(inc.Fatalities.Best), strconv.Itoa(inc.Fatalities.High), strconv.Itoa(inc.Fatalities.Civilians),
					inc.Sources, ZonesText(inc)})
			},
			Close: func() error { cw.Flush(); return cw.Error() },
		}, nil
	case "json":
		return jsonStream(out, "[\n", "\n]\n", func(inc *truce.Incident) any { return IncidentJSON(inc) })
	case "geojson":
		return jsonStream(out, `{"type":"FeatureCollection","features":[`+"\n", "\n]}\n", func(inc *truce.Incident) any {
			f := map[string]any{"type": "Feature", "id": inc.ID, "properties": IncidentJSON(inc), "geometry": nil}
			if inc.Location.HasPoint {
				f["geometry"] = map[string]any{"type": "Point", "coordinates": []float64{inc.Location.Lon, inc.Location.Lat}}
			}
			return f
		})
	default:
		return nil, truce.Errorf(truce.EINVALID, "unknown export format %q: want csv, json or geojson", format)
	}
}

// IncidentJSON is the JSON shape of an incident in exports: flat, snake_case,
// close to the source datasets' own column names.
func IncidentJSON(inc *truce.Incident) map[string]any {
	l := inc.Location
	zones := make([]map[string]string, len(inc.Zones))
	for i, z := range inc.Zones {
		zones[i] = map[string]string{"zone": z.ZoneID, "placement": string(z.Placement), "reason": z.Reason}
	}
	out := map[string]any{
		"id": inc.ID, "source": inc.Source, "source_key": inc.SourceKey,
		"date_start": inc.DateStart.Format(truce.DateLayout), "date_end": inc.DateEnd.Format(truce.DateLayout), "date_prec": inc.DatePrecision,
		"loc_prec": l.Precision, "country": l.Country, "admin1": l.Admin1, "admin2": l.Admin2, "place": l.Place,
		"event_type": inc.EventType, "sub_event_type": inc.SubEventType, "type_reason": inc.TypeReason, "violence_type": inc.ViolenceType,
		"side_a": inc.SideA, "side_b": inc.SideB, "assoc_a": inc.AssocA, "assoc_b": inc.AssocB,
		"deaths_low": inc.Fatalities.Low, "deaths_best": inc.Fatalities.Best, "deaths_high": inc.Fatalities.High, "deaths_civilians": inc.Fatalities.Civilians,
		"sources": inc.Sources, "num_sources": inc.NumSources, "source_text": inc.SourceText, "zones": zones,
	}
	if l.HasPoint {
		out["lon"], out["lat"] = l.Lon, l.Lat
	}
	return out
}

// jsonStream writes open, then each incident as item(inc) in JSON, one per
// line and comma-separated, then close: a JSON array that never has to be
// held whole in memory.
func jsonStream(out io.Writer, open, close string, item func(*truce.Incident) any) (*Writer, error) {
	if _, err := io.WriteString(out, open); err != nil {
		return nil, err
	}
	first := true
	return &Writer{
		Write: func(inc *truce.Incident) error {
			b, err := json.Marshal(item(inc))
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
