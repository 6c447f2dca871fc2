package storesql

import (
	"fmt"

	"github.com/truce-monitor/truce"
)

// MapPoints calls fn with each row of rows: id, lon, lat, day, verdict,
// severity, deaths, as both stores' map queries select them. An error fn
// returns comes back as it is; one reading rows, prefixed with store's
// name.
func MapPoints(rows Rows, store string, fn func(truce.MapPoint) error) error {
	var stopped error
	err := Each(rows, func(row Row) (p truce.MapPoint, err error) {
		var v string
		err = row.Scan(&p.ID, &p.Lon, &p.Lat, Time(&p.Day), &v, &p.Severity, &p.Deaths)
		p.Verdict = truce.Verdict(v)
		return p, err
	}, func(p truce.MapPoint) error {
		stopped = fn(p)
		return stopped
	})
	switch {
	case stopped != nil:
		return stopped
	case err != nil:
		return fmt.Errorf("%s: map points: %w", store, err)
	}
	return nil
}

// DensityCells gathers rows ordered by cell (x, y, verdict, severity,
// incidents, deaths, and the sums of longitudes and latitudes) into one
// cell each, placed at its incidents' mean point.
func DensityCells(rows Rows) ([]truce.DensityCell, error) {
	var out []truce.DensityCell
	var lon, lat float64 // sums for the last cell
	finish := func() {
		if k := len(out) - 1; k >= 0 {
			out[k].Lon, out[k].Lat = lon/float64(out[k].Incidents), lat/float64(out[k].Incidents)
		}
	}
	type group struct {
		x, y, n, deaths int
		verdict, sev    string
		sumLon, sumLat  float64
	}
	err := Each(rows, func(row Row) (g group, err error) {
		return g, row.Scan(&g.x, &g.y, &g.verdict, &g.sev, &g.n, &g.deaths, &g.sumLon, &g.sumLat)
	}, func(g group) error {
		if k := len(out) - 1; k < 0 || out[k].X != g.x || out[k].Y != g.y {
			finish()
			out = append(out, truce.DensityCell{X: g.x, Y: g.y, Verdicts: map[truce.Verdict]int{}, Severity: map[string]int{}})
			lon, lat = 0, 0
		}
		c := &out[len(out)-1]
		c.Incidents += g.n
		c.Deaths += g.deaths
		c.Verdicts[truce.Verdict(g.verdict)] += g.n
		c.Severity[g.sev] += g.n
		lon, lat = lon+g.sumLon, lat+g.sumLat
		return nil
	})
	if err != nil {
		return nil, err
	}
	finish()
	return out, nil
}
