package http

import (
	"encoding/json"
	nethttp "net/http"
	"net/url"
	"strconv"

	"github.com/paulmach/orb/geojson"
	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/export"
)

// OGC API – Features conformance classes served under /ogc.
var conformance = []string{
	"http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
	"http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
	"http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
}

// OGC default and maximum page sizes of incidents.
const (
	ogcDefaultLimit = 10
)

// base returns the scheme and host the request came to, for absolute links.
func base(r *nethttp.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

func link(href, rel, typ, title string) map[string]string {
	return map[string]string{"href": href, "rel": rel, "type": typ, "title": title}
}

// ogcFormat rejects an f= other than json.
func (s *Server) ogcFormat(w nethttp.ResponseWriter, r *nethttp.Request) bool {
	if f := r.URL.Query().Get("f"); f != "" && f != "json" && f != "geojson" {
		s.Error(w, r, invalid("f=%s: only json is served", f))
		return false
	}
	return true
}

func (s *Server) handleLanding(w nethttp.ResponseWriter, r *nethttp.Request) {
	if !s.ogcFormat(w, r) {
		return
	}
	b := base(r)
	s.writeJSON(w, r, "application/json", map[string]any{
		"title":       "Truce",
		"description": "Ceasefire zones and the incidents placed in them (OGC API – Features)",
		"links": []map[string]string{
			link(b+"/ogc", "self", "application/json", "this document"),
			link(b+"/api/v1/openapi.json", "service-desc", "application/vnd.oai.openapi+json;version=3.0", "the API definition"),
			link(b+"/ogc/conformance", "conformance", "application/json", "conformance classes"),
			link(b+"/ogc/collections", "data", "application/json", "collections"),
		},
	})
}

func (s *Server) handleConformance(w nethttp.ResponseWriter, r *nethttp.Request) {
	if !s.ogcFormat(w, r) {
		return
	}
	s.writeJSON(w, r, "application/json", map[string]any{"conformsTo": conformance})
}

var collectionTitles = map[string]string{
	"zones":     "Zones of the active agreement, with incident counts",
	"incidents": "Incidents, with their zone memberships",
}

func collection(r *nethttp.Request, id string) map[string]any {
	b := base(r) + "/ogc/collections/" + id
	return map[string]any{
		"id": id, "title": collectionTitles[id], "itemType": "feature",
		"crs": []string{"http://www.opengis.net/def/crs/OGC/1.3/CRS84"},
		"links": []map[string]string{
			link(b, "self", "application/json", id),
			link(b+"/items", "items", "application/geo+json", id+" as GeoJSON"),
		},
	}
}

func (s *Server) handleCollections(w nethttp.ResponseWriter, r *nethttp.Request) {
	if !s.ogcFormat(w, r) {
		return
	}
	b := base(r)
	s.writeJSON(w, r, "application/json", map[string]any{
		"links":       []map[string]string{link(b+"/ogc/collections", "self", "application/json", "collections")},
		"collections": []map[string]any{collection(r, "zones"), collection(r, "incidents")},
	})
}

func (s *Server) collectionID(w nethttp.ResponseWriter, r *nethttp.Request) (string, bool) {
	id := r.PathValue("collection")
	if _, ok := collectionTitles[id]; !ok {
		s.Error(w, r, truce.Errorf(truce.ENOTFOUND, "no collection %q: there are zones and incidents", id))
		return "", false
	}
	return id, s.ogcFormat(w, r)
}

func (s *Server) handleCollection(w nethttp.ResponseWriter, r *nethttp.Request) {
	if id, ok := s.collectionID(w, r); ok {
		s.writeJSON(w, r, "application/json", collection(r, id))
	}
}

// incidentFeature is an incident as a GeoJSON feature.
func incidentFeature(inc *truce.Incident) map[string]any {
	f := map[string]any{"type": "Feature", "id": inc.ID, "properties": export.IncidentJSON(inc), "geometry": nil}
	if inc.Location.HasPoint {
		f["geometry"] = map[string]any{"type": "Point", "coordinates": []float64{inc.Location.Lon, inc.Location.Lat}}
	}
	return f
}

func (s *Server) handleItems(w nethttp.ResponseWriter, r *nethttp.Request) {
	id, ok := s.collectionID(w, r)
	if !ok {
		return
	}
	q := r.URL.Query()
	self := base(r) + r.URL.Path
	if id == "zones" {
		_, fs, err := s.zoneFeatures(r.Context())
		if err != nil {
			s.Error(w, r, err)
			return
		}
		var bbox *[4]float64
		if v := q.Get("bbox"); v != "" {
			if bbox, err = parseBBox(v); err != nil {
				s.Error(w, r, err)
				return
			}
		}
		var out []*geojson.Feature
		for _, f := range fs {
			if bbox != nil {
				b := f.Geometry.Bound()
				if b.Min[0] > bbox[2] || b.Max[0] < bbox[0] || b.Min[1] > bbox[3] || b.Max[1] < bbox[1] {
					continue
				}
			}
			out = append(out, f)
		}
		if out == nil {
			out = []*geojson.Feature{}
		}
		s.writeJSON(w, r, "application/geo+json", map[string]any{
			"type": "FeatureCollection", "features": out, "numberReturned": len(out), "numberMatched": len(out),
			"links": []map[string]string{link(self+"?"+q.Encode(), "self", "application/geo+json", "this page")},
		})
		return
	}
	iq, err := s.parseIncidentQuery(r.Context(), q, ogcDefaultLimit)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	incs, _, next, err := s.page(r.Context(), iq)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	features := make([]map[string]any, len(incs))
	for i, inc := range incs {
		features[i] = incidentFeature(inc)
	}
	links := []map[string]string{link(self+"?"+q.Encode(), "self", "application/geo+json", "this page")}
	if next != "" {
		nq := url.Values{}
		for k, v := range q {
			nq[k] = v
		}
		nq.Set("cursor", next)
		nq.Set("limit", strconv.Itoa(iq.limit))
		links = append(links, link(self+"?"+nq.Encode(), "next", "application/geo+json", "next page"))
	}
	s.writeJSON(w, r, "application/geo+json", map[string]any{
		"type": "FeatureCollection", "features": features, "numberReturned": len(features), "links": links,
	})
}

func (s *Server) handleItem(w nethttp.ResponseWriter, r *nethttp.Request) {
	id, ok := s.collectionID(w, r)
	if !ok {
		return
	}
	fid := r.PathValue("fid")
	if id == "zones" {
		_, fs, err := s.zoneFeatures(r.Context())
		if err != nil {
			s.Error(w, r, err)
			return
		}
		for _, f := range fs {
			if f.ID == fid {
				s.writeJSON(w, r, "application/geo+json", f)
				return
			}
		}
		s.Error(w, r, truce.Errorf(truce.ENOTFOUND, "no zone %q", fid))
		return
	}
	n, err := strconv.ParseInt(fid, 10, 64)
	if err != nil || n < 1 {
		s.Error(w, r, truce.Errorf(truce.ENOTFOUND, "no incident %q", fid))
		return
	}
	agreementID := ""
	if a, err := s.store.ActiveAgreement(r.Context()); err == nil {
		agreementID = a.ID
	}
	inc, err := s.store.FindIncident(r.Context(), n, agreementID)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	b, err := json.Marshal(incidentFeature(inc))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/geo+json")
	w.Write(append(b, '\n'))
}
