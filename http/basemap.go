package http

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	nethttp "net/http"
	"strconv"
	"sync"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/gazetteer"
	"github.com/truce-monitor/truce/geo"
)

// Display geometry of the boundaries: Douglas-Peucker to 0.005° (about
// 500 m) and coordinates to 0.001°, so that the 61 districts of the OCHA
// file (3 MB at full resolution) draw from a few hundred kilobytes.
const (
	boundaryTolerance = 0.005
	boundaryPlaces    = 1000
)

// handleBoundaries serves the stored admin units of one level (1,
// governorates, the default; 2, districts) as GeoJSON simplified for
// display: the dashboard's base layer when no tile server is configured.
// No units stored is an empty collection, not an error: the dashboard says
// how to load them.
func (s *Server) handleBoundaries(w nethttp.ResponseWriter, r *nethttp.Request) {
	level := 1
	if v := r.URL.Query().Get("level"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 2 {
			s.Error(w, r, invalid("level %q: want 1 (governorates) or 2 (districts)", v))
			return
		}
		level = n
	}
	units, err := s.store.AdminUnits(r.Context())
	if err != nil {
		s.Error(w, r, err)
		return
	}
	fc := geojson.NewFeatureCollection()
	for _, u := range units {
		if u.Level != level {
			continue
		}
		g := geo.ForDisplay(u.Geometry, boundaryTolerance, boundaryPlaces)
		if len(g) == 0 {
			continue
		}
		f := geojson.NewFeature(g)
		f.ID = u.Code
		f.Properties = geojson.Properties{"code": u.Code, "name": u.Name, "level": u.Level, "parent": u.Parent}
		fc.Features = append(fc.Features, f)
	}
	// Boundaries change only with `truce boundaries load`: a client may
	// keep them a few minutes and then revalidate by ETag.
	s.writeCached(w, r, "application/geo+json", "private, max-age=300", fc)
}

var places struct {
	once sync.Once
	fc   *geojson.FeatureCollection
}

// handlePlaces serves the built-in gazetteer's cities and towns as GeoJSON
// points, cities first (governorate seats and the largest towns), then towns
// in the gazetteer's order; each with its rank (1 city, 2 town). The
// gazetteer records no population, so the rank is its kind.
func (s *Server) handlePlaces(w nethttp.ResponseWriter, r *nethttp.Request) {
	places.once.Do(func() {
		fc := geojson.NewFeatureCollection()
		for rank, kind := range []string{gazetteer.City, gazetteer.Town} {
			for _, p := range gazetteer.Default().Places() {
				if p.Kind != kind {
					continue
				}
				f := geojson.NewFeature(orb.Point{p.Lon, p.Lat})
				f.Properties = geojson.Properties{"name": p.Name, "kind": p.Kind, "rank": rank + 1, "admin1": p.Admin1}
				if p.Admin2 != "" {
					f.Properties["admin2"] = p.Admin2
				}
				fc.Features = append(fc.Features, f)
			}
		}
		places.fc = fc
	})
	// Built into the binary: the same until the server is upgraded.
	s.writeCached(w, r, "application/geo+json", "private, max-age=86400", places.fc)
}

// writeCached writes v as JSON with Cache-Control cc and an ETag of its
// bytes, answering 304 when the client already holds them.
func (s *Server) writeCached(w nethttp.ResponseWriter, r *nethttp.Request, contentType, cc string, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		s.Error(w, r, truce.Errorf(truce.EINTERNAL, "encode: %v", err))
		return
	}
	sum := sha256.Sum256(b)
	etag := `"` + hex.EncodeToString(sum[:12]) + `"`
	h := w.Header()
	h.Set("Cache-Control", cc)
	h.Set("ETag", etag)
	h.Set("Vary", "Authorization")
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(nethttp.StatusNotModified)
		return
	}
	h.Set("Content-Type", contentType)
	w.Write(append(b, '\n'))
}
