package http

import (
	"cmp"
	"errors"
	"math"
	nethttp "net/http"
	"slices"
	"strconv"
	"time"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/assess"
)

// MapPointLimit is how many incidents /api/v1/map sends as points; a view
// holding more gets grid cells. Beyond a few thousand, points overlap into
// one mass on a country-sized map, and the JSON grows by ~60 bytes a point.
const MapPointLimit = 3000

// mapCellPixels is the width of a grid cell on screen at the zoom asked
// for: cells big enough to hold a readable count.
const mapCellPixels = 32

// mapCellDegrees is the grid cell size for a Web Mercator zoom: mapCellPixels
// at that zoom, at whole zooms only, so that fractional zooming keeps the
// same cells.
func mapCellDegrees(zoom float64) float64 {
	return mapCellPixels * 360 / (256 * math.Exp2(math.Floor(zoom)))
}

// handleMap answers the dashboard's map: the judged incidents of a period
// in a box, as points while there are at most max_points of them
// (MapPointLimit by default and at most)
// (kind "points": [id, lon, lat, day, verdict, severity, deaths] each),
// else as the cells of a grid sized for the zoom with their counts, deaths
// and verdict mix (kind "cells"), counted by the store.
func (s *Server) handleMap(w nethttp.ResponseWriter, r *nethttp.Request) {
	q := r.URL.Query()
	ctx := r.Context()
	a, version, err := assess.ActiveVersion(ctx, s.store, "")
	if err != nil {
		s.Error(w, r, err)
		return
	}
	f := truce.MapFilter{AgreementID: a.ID, Version: version, BBox: [4]float64{-180, -90, 180, 90}}
	for _, p := range []struct {
		name string
		dst  *time.Time
	}{{"from", &f.From}, {"to", &f.To}} {
		if v := q.Get(p.name); v != "" {
			if *p.dst, err = truce.ParseDate(v); err != nil {
				s.Error(w, r, invalid("%s %q: want a date as YYYY-MM-DD", p.name, v))
				return
			}
		}
	}
	if !f.From.IsZero() && !f.To.IsZero() && f.To.Before(f.From) {
		s.Error(w, r, invalid("the end day %s is before the first %s", date(f.To), date(f.From)))
		return
	}
	if v := q.Get("bbox"); v != "" {
		b, err := parseBBox(v)
		if err != nil {
			s.Error(w, r, err)
			return
		}
		f.BBox = *b
	}
	zoom := 7.0
	if v := q.Get("zoom"); v != "" {
		if zoom, err = strconv.ParseFloat(v, 64); err != nil || zoom < 0 || zoom > 22 {
			s.Error(w, r, invalid("zoom %q: want a map zoom from 0 to 22", v))
			return
		}
	}
	limit := MapPointLimit
	if v := q.Get("max_points"); v != "" {
		if limit, err = strconv.Atoi(v); err != nil || limit < 0 || limit > MapPointLimit {
			s.Error(w, r, invalid("max_points %q: want 0 to %d", v, MapPointLimit))
			return
		}
	}
	if v := q.Get("verdict"); v != "" {
		vs, err := assess.Verdicts(v)
		if err != nil {
			s.Error(w, r, invalid("%s", truce.ErrorMessage(err)))
			return
		}
		for _, vd := range truce.Verdicts {
			if vs[vd] {
				f.Verdicts = append(f.Verdicts, vd)
			}
		}
	}
	total := map[string]any{}
	byVerdict := map[truce.Verdict]int{}
	out := map[string]any{"agreement": a.ID, "version": version, "from": date(f.From), "to": date(f.To), "total": total}
	ix, stale, err := s.mapCache.get(ctx, a.ID, version)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if stale {
		out["stale"] = true
	}
	cell := mapCellDegrees(zoom)
	var points []truce.MapPoint
	var cells []truce.DensityCell
	more := false
	if ix != nil {
		if points, more = ix.points(f, limit); more {
			cells = ix.density(f, cell)
		}
	} else {
		// Too many incidents to keep a copy of: the store counts them.
		stop := errors.New("more than the limit")
		err := s.store.MapPoints(ctx, f, func(p truce.MapPoint) error {
			if len(points) == limit {
				more = true
				return stop
			}
			points = append(points, p)
			return nil
		})
		if errors.Is(err, stop) {
			cells, err = s.store.Density(ctx, f, cell)
		}
		if err != nil {
			s.Error(w, r, err)
			return
		}
		slices.SortFunc(points, func(a, b truce.MapPoint) int { return cmp.Compare(a.ID, b.ID) })
	}
	n, deaths := 0, 0
	if !more {
		list := make([][]any, len(points))
		for i, p := range points {
			list[i] = []any{p.ID, p.Lon, p.Lat, date(p.Day), p.Verdict, p.Severity, p.Deaths}
			n, deaths = n+1, deaths+p.Deaths
			byVerdict[p.Verdict]++
		}
		out["kind"], out["points"] = "points", list
	} else {
		list := make([]map[string]any, len(cells))
		for i, c := range cells {
			x0, y0 := float64(c.X)*cell-180, float64(c.Y)*cell-90
			list[i] = map[string]any{"lon": c.Lon, "lat": c.Lat, "incidents": c.Incidents, "deaths": c.Deaths,
				"verdicts": c.Verdicts, "severity": c.Severity, "bbox": [4]float64{x0, y0, x0 + cell, y0 + cell}}
			n, deaths = n+c.Incidents, deaths+c.Deaths
			for v, k := range c.Verdicts {
				byVerdict[v] += k
			}
		}
		out["kind"], out["cells"], out["cell_degrees"] = "cells", list, cell
	}
	total["incidents"], total["deaths"], total["verdicts"] = n, deaths, byVerdict
	s.writeJSON(w, r, "application/json", out)
}
