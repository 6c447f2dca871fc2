package http

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	nethttp "net/http"
	"strconv"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/planar"

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
		if u.NameAr != "" {
			f.Properties["name_ar"] = u.NameAr
		}
		fc.Features = append(fc.Features, f)
	}
	// Boundaries change only with `truce boundaries load`: a client may
	// keep them a few minutes and then revalidate by ETag.
	s.writeCached(w, r, "application/geo+json", "private, max-age=300", fc)
}

// handlePlaces serves the built-in gazetteer's cities and towns as GeoJSON
// points, cities first (governorate seats and the largest towns), then towns
// in the gazetteer's order; each with its rank (1 city, 2 town). The
// gazetteer records no population, so the rank is its kind.
//
// With ?q= it is a search instead (see searchPlaces).
func (s *Server) handlePlaces(w nethttp.ResponseWriter, r *nethttp.Request) {
	if q := r.URL.Query(); q.Has("q") {
		s.searchPlaces(w, r, q.Get("q"), q.Get("limit"))
		return
	}
	s.places.once.Do(func() {
		fc := geojson.NewFeatureCollection()
		for rank, kind := range []string{gazetteer.City, gazetteer.Town} {
			for _, p := range s.gazetteer.Places() {
				if p.Kind != kind {
					continue
				}
				f := geojson.NewFeature(orb.Point{p.Lon, p.Lat})
				f.Properties = geojson.Properties{"name": p.Name, "kind": p.Kind, "rank": rank + 1, "admin1": p.Admin1}
				if p.Admin2 != "" {
					f.Properties["admin2"] = p.Admin2
				}
				if p.NameAr != "" {
					f.Properties["name_ar"] = p.NameAr
				}
				fc.Features = append(fc.Features, f)
			}
		}
		s.places.fc = fc
	})
	// Built into the binary (and the file of --gazetteer): the same until
	// the server is restarted.
	s.writeCached(w, r, "application/geo+json", "private, max-age=86400", s.places.fc)
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

// searchPlaces answers ?q=: up to limit (default 10, at most 50) places a
// name of which, or a word of it, begins with q, case- and
// diacritic-insensitive (gazetteer.Fold): the gazetteer's governorates,
// regions, cities and towns (by their name or an alias), then the stored
// governorates and districts (by their English or Arabic name). A
// gazetteer governorate takes the Arabic name of the stored one of the
// same name, which is then not listed twice. Each is a point (a district's
// is its centroid) with name, name_ar when known, kind, admin1, admin2,
// matched (the spelling the query began, when not the name) and source
// (gazetteer or boundaries); a district carries its bbox.
func (s *Server) searchPlaces(w nethttp.ResponseWriter, r *nethttp.Request, q, limit string) {
	n := 10
	if limit != "" {
		v, err := strconv.Atoi(limit)
		if err != nil || v < 1 {
			s.Error(w, r, invalid("limit %q: want a positive number", limit))
			return
		}
		n = min(v, 50)
	}
	fq := gazetteer.Fold(q)
	fc := geojson.NewFeatureCollection()
	if fq == "" {
		s.writeJSON(w, r, "application/geo+json", fc)
		return
	}
	units, err := s.store.AdminUnits(r.Context())
	if err != nil {
		s.Error(w, r, err)
		return
	}
	govAr := map[string]string{} // gazetteer key of a stored governorate's name → its Arabic name
	for _, u := range units {
		if u.Level == 1 && u.NameAr != "" {
			govAr[gazetteer.Key(u.Name)] = u.NameAr
		}
	}
	usedGov := map[string]bool{}
	for _, m := range s.gazetteer.Search(q, n) {
		p := m.Place
		f := geojson.NewFeature(orb.Point{p.Lon, p.Lat})
		f.Properties = geojson.Properties{"name": p.Name, "kind": p.Kind, "admin1": p.Admin1, "source": "gazetteer"}
		if p.Admin2 != "" {
			f.Properties["admin2"] = p.Admin2
		}
		if m.Name != p.Name {
			f.Properties["matched"] = m.Name
		}
		if p.NameAr != "" {
			f.Properties["name_ar"] = p.NameAr
		}
		if p.Kind == gazetteer.Governorate {
			for _, nm := range append([]string{p.Name}, p.Aliases...) {
				if ar, ok := govAr[gazetteer.Key(nm)]; ok {
					f.Properties["name_ar"] = ar
					usedGov[gazetteer.Key(nm)] = true
					break
				}
			}
		}
		fc.Features = append(fc.Features, f)
	}
	for _, u := range units {
		if len(fc.Features) >= n {
			break
		}
		if u.Level == 1 && usedGov[gazetteer.Key(u.Name)] {
			continue
		}
		matched := ""
		switch {
		case gazetteer.PrefixMatch(u.Name, fq):
		case u.NameAr != "" && gazetteer.PrefixMatch(u.NameAr, fq):
			matched = u.NameAr
		default:
			continue
		}
		c, _ := planar.CentroidArea(u.Geometry)
		f := geojson.NewFeature(c)
		kind := "district"
		if u.Level == 1 {
			kind = gazetteer.Governorate
		}
		f.Properties = geojson.Properties{"name": u.Name, "kind": kind, "code": u.Code, "source": "boundaries"}
		if u.NameAr != "" {
			f.Properties["name_ar"] = u.NameAr
		}
		if matched != "" && matched != u.Name {
			f.Properties["matched"] = matched
		}
		for _, g := range units {
			if g.Level == 1 && g.Code == u.Parent {
				f.Properties["admin1"] = g.Name
			}
		}
		b := u.Geometry.Bound()
		f.BBox = geojson.BBox{b.Min[0], b.Min[1], b.Max[0], b.Max[1]}
		fc.Features = append(fc.Features, f)
	}
	s.writeJSON(w, r, "application/geo+json", fc)
}
