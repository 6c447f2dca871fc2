// Package geojson owns the import of GeoJSON FeatureCollections of incident
// points (exports of mapping tools, hand-made files) into reports. Files are
// streamed feature by feature, so memory stays flat however large the
// collection. Feature properties carry the fields of the generic CSV mapping
// (ingest.FieldNames) under those names and are read by the same code, so a
// value means the same in either format.
package geojson

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/ingest"
)

// Source is the Report.Source of GeoJSON reports without a "source" property.
const Source = "geojson"

// Reader reads GeoJSON reports; it implements ingest.Reader.
type Reader struct {
	origin string
	opts   ingest.Options
	dec    *json.Decoder
	lc     *lineCounter
	inside bool  // within the features array
	err    error // sticky: io.EOF or a fatal error

	raw json.RawMessage
	buf bytes.Buffer
}

var _ ingest.Reader = (*Reader)(nil)

// NewReader reads up to the start of the "features" array.
func NewReader(r io.Reader, origin string, opts ...ingest.Option) (*Reader, error) {
	lc := &lineCounter{r: r}
	rd := &Reader{origin: origin, opts: ingest.Apply(opts), dec: json.NewDecoder(lc), lc: lc}
	tok, err := rd.dec.Token()
	if err != nil {
		return nil, rd.jsonErr(err)
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return nil, truce.Errorf(truce.EINVALID, "%s:%d: want a GeoJSON FeatureCollection object", origin, rd.line())
	}
	if err := rd.walk(); err != nil {
		return nil, err
	}
	if !rd.inside {
		return nil, truce.Errorf(truce.EINVALID, "%s: no \"features\" array; want a GeoJSON FeatureCollection", origin)
	}
	return rd, nil
}

// walk reads members of the top-level object until it enters the features
// array or reaches the object's end.
func (rd *Reader) walk() error {
	for rd.dec.More() {
		tok, err := rd.dec.Token()
		if err != nil {
			return rd.jsonErr(err)
		}
		key, _ := tok.(string)
		switch key {
		case "features":
			tok, err := rd.dec.Token()
			if err != nil {
				return rd.jsonErr(err)
			}
			if d, ok := tok.(json.Delim); !ok || d != '[' {
				return truce.Errorf(truce.EINVALID, "%s:%d: \"features\" is not an array", rd.origin, rd.line())
			}
			rd.inside = true
			return nil
		case "type":
			var typ any
			if err := rd.dec.Decode(&typ); err != nil {
				return rd.jsonErr(err)
			}
			if typ != "FeatureCollection" {
				return truce.Errorf(truce.EINVALID, "%s:%d: type is %v; want FeatureCollection", rd.origin, rd.line(), jsonText(typ))
			}
		default:
			// bbox, crs, name, foreign members: nothing Truce reads.
			var skip json.RawMessage
			if err := rd.dec.Decode(&skip); err != nil {
				return rd.jsonErr(err)
			}
		}
	}
	if _, err := rd.dec.Token(); err != nil { // the closing '}'
		return rd.jsonErr(err)
	}
	if _, err := rd.dec.Token(); err != io.EOF {
		if err == nil {
			return truce.Errorf(truce.EINVALID, "%s:%d: data after the FeatureCollection", rd.origin, rd.line())
		}
		return rd.jsonErr(err)
	}
	return nil
}

func jsonText(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func (rd *Reader) line() int { return rd.lc.lineAt(rd.dec.InputOffset()) }

// jsonErr turns a decoding failure into a fatal error naming the line: after
// broken JSON there is no next feature to go on with.
func (rd *Reader) jsonErr(err error) error {
	var se *json.SyntaxError
	switch {
	case errors.As(err, &se):
		return truce.Errorf(truce.EINVALID, "%s:%d: not valid JSON: %v", rd.origin, rd.lc.lineAt(se.Offset), se)
	case err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF):
		return truce.Errorf(truce.EINVALID, "%s:%d: unexpected end of file", rd.origin, rd.line())
	default:
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return truce.Errorf(truce.EINVALID, "%s:%d: %v", rd.origin, rd.line(), err)
		}
		return fmt.Errorf("%s: reading: %w", rd.origin, err)
	}
}

// Next returns the next report; see ingest.Reader.
func (rd *Reader) Next() (*truce.Report, error) {
	if rd.err != nil {
		return nil, rd.err
	}
	if !rd.dec.More() {
		if _, err := rd.dec.Token(); err != nil { // the closing ']'
			rd.err = rd.jsonErr(err)
			return nil, rd.err
		}
		rd.inside = false
		if err := rd.walk(); err != nil {
			rd.err = err
			return nil, err
		}
		if rd.inside {
			rd.err = truce.Errorf(truce.EINVALID, "%s:%d: a second \"features\" array", rd.origin, rd.line())
			return nil, rd.err
		}
		rd.err = io.EOF
		return nil, io.EOF
	}
	rd.raw = rd.raw[:0]
	start := rd.line()
	rd.lc.limitAt = rd.lc.read + MaxFeatureBytes
	err := rd.dec.Decode(&rd.raw)
	rd.lc.limitAt = 0
	if errors.Is(err, errFeatureTooLarge) {
		rd.err = truce.Errorf(truce.EINVALID, "%s:%d: the feature starting here runs over %d bytes (an incident is a point with a few properties): nothing from here on was imported",
			rd.origin, start, MaxFeatureBytes)
		return nil, rd.err
	}
	if err != nil {
		rd.err = rd.jsonErr(err)
		return nil, rd.err
	}
	end := rd.dec.InputOffset()
	line := rd.lc.lineAt(end - int64(len(rd.raw)))
	rd.lc.lineAt(end)

	rep, fld, msg := rd.feature(rd.raw)
	if msg != "" {
		return nil, &ingest.RowError{Origin: rd.origin, Line: line, Field: fld, Msg: msg}
	}
	rd.buf.Reset()
	_ = json.Compact(&rd.buf, rd.raw) // the decoder has checked the syntax
	// Compact, so the hash ignores indentation but not content.
	rep.Origin, rep.Line, rep.Raw = rd.origin, line, rd.buf.String()
	rep.Hash = ingest.HashRaw(rd.buf.Bytes())
	rep.ReceivedAt = rd.opts.ReceivedAt
	rep.Release = rd.opts.Release
	return rep, nil
}

type feature struct {
	Type       string                     `json:"type"`
	ID         json.RawMessage            `json:"id"`
	Geometry   *geometry                  `json:"geometry"`
	Properties map[string]json.RawMessage `json:"properties"`
}

type geometry struct {
	Type        string          `json:"type"`
	Coordinates json.RawMessage `json:"coordinates"`
}

// feature parses one feature; msg is non-empty for a bad one.
func (rd *Reader) feature(raw []byte) (rep *truce.Report, field, msg string) {
	if !utf8.Valid(raw) {
		return nil, "", "is not valid UTF-8 (save the file as UTF-8)"
	}
	var f feature
	if err := json.Unmarshal(raw, &f); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) && te.Field != "" {
			return nil, te.Field, fmt.Sprintf("is a JSON %s, want %s", te.Value, jsonKind(te.Type.Kind().String()))
		}
		return nil, "", "not a GeoJSON feature object"
	}
	if f.Type != "Feature" {
		return nil, "type", fmt.Sprintf("is %q, want \"Feature\"", f.Type)
	}
	var v ingest.Values
	source := Source
	// Sorted, so that a feature with two bad properties always names the same one.
	for _, k := range slices.Sorted(maps.Keys(f.Properties)) {
		val := f.Properties[k]
		s, ok := scalar(val)
		if !ok {
			return nil, k, "want a string or a number"
		}
		if msg := ingest.BadText(s); msg != "" {
			return nil, k, msg
		}
		if strings.EqualFold(k, "source") {
			if s = strings.TrimSpace(s); s != "" {
				if truce.IsReservedSource(s) && !strings.EqualFold(s, Source) {
					return nil, k, fmt.Sprintf("%q is the source of another importer or of the API (%s): a file may name its own source, not revise theirs",
						s, strings.Join(truce.ReservedSources, ", "))
				}
				source = s
			}
			continue
		}
		fld, ok := ingest.ParseField(k)
		if !ok || fld == ingest.FieldLat || fld == ingest.FieldLon {
			continue // the geometry has the point; other properties are the file's own
		}
		v[fld] = s
	}
	if strings.TrimSpace(v[ingest.FieldID]) == "" && len(f.ID) > 0 {
		if s, ok := scalar(f.ID); ok {
			v[ingest.FieldID] = s
		}
	}
	rep = &truce.Report{Source: source}
	inc := &rep.Incident
	if fe := v.Incident(inc); fe != nil {
		return nil, fe.Field.String(), fe.Msg
	}
	if f.Geometry != nil {
		if f.Geometry.Type != "Point" {
			return nil, "geometry", fmt.Sprintf("geometry type %s is not supported; incidents are points", f.Geometry.Type)
		}
		var c []float64
		if err := json.Unmarshal(f.Geometry.Coordinates, &c); err != nil || len(c) < 2 {
			return nil, "geometry", "coordinates are not [longitude, latitude]"
		}
		lon, lat := c[0], c[1]
		if math.Abs(lon) > 180 || math.Abs(lat) > 90 {
			return nil, "geometry", fmt.Sprintf("coordinates [%g, %g] are out of range; want [longitude, latitude]", lon, lat)
		}
		inc.Location.HasPoint, inc.Location.Lon, inc.Location.Lat = true, lon, lat
	}
	inc.Source = source
	rep.SourceKey = inc.SourceKey
	return rep, "", ""
}

func jsonKind(k string) string {
	switch k {
	case "map", "struct":
		return "an object"
	case "slice":
		return "an array"
	}
	return "a " + k
}

// scalar returns a JSON string's text or a number's literal; null is "".
func scalar(raw json.RawMessage) (string, bool) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return "", true
	}
	switch raw[0] {
	case '"':
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return "", false
		}
		return s, true
	case 'n':
		return "", true
	case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		if _, err := strconv.ParseFloat(string(raw), 64); err != nil {
			return "", false
		}
		return string(raw), true
	}
	return "", false
}

// lineCounter remembers the bytes the decoder has read but whose lines are
// not counted yet, so that a decoder offset can be turned into a line number
// while memory stays bounded by the decoder's look-ahead.
type lineCounter struct {
	r       io.Reader
	pending []byte
	base    int64 // input offset of pending[0]
	lines   int   // newlines before base
	read    int64 // bytes read in all
	limitAt int64 // reading past this offset fails (errFeatureTooLarge); 0: no limit
}

func (lc *lineCounter) Read(p []byte) (int, error) {
	if lc.limitAt > 0 && lc.read >= lc.limitAt {
		return 0, errFeatureTooLarge
	}
	n, err := lc.r.Read(p)
	lc.pending = append(lc.pending, p[:n]...)
	lc.read += int64(n)
	return n, err
}

// MaxFeatureBytes bounds one feature: an incident is a point with a few
// properties, and a feature of hundreds of megabytes would be held in
// memory whole before it could be refused.
const MaxFeatureBytes = 1 << 20

var errFeatureTooLarge = errors.New("feature too large")

// lineAt returns the 1-based line of input offset off. Offsets must not go
// backwards past one already asked for.
func (lc *lineCounter) lineAt(off int64) int {
	if k := off - lc.base; k > 0 {
		if k > int64(len(lc.pending)) {
			k = int64(len(lc.pending))
		}
		lc.lines += bytes.Count(lc.pending[:k], []byte{'\n'})
		n := copy(lc.pending, lc.pending[k:])
		lc.pending = lc.pending[:n]
		lc.base += k
	}
	return lc.lines + 1
}
