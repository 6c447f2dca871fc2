package truce

import (
	"context"
	"math"
	"time"
)

// MapService answers the dashboard's map. A period can hold a million
// incidents: sending each as a point would take minutes and draw one solid
// mass, so the map sends points only while there are few, and otherwise a
// grid of cells with their counts.
type MapService interface {
	// MapPoints calls fn with each incident f selects, in no set order,
	// stopping at the first error fn returns (and returning it).
	MapPoints(ctx context.Context, f MapFilter, fn func(MapPoint) error) error
	// Density groups the incidents f selects on a grid of cell degrees
	// (columns and rows counted from 180°W and 90°S), returning the cells
	// that hold any, ordered by column then row.
	Density(ctx context.Context, f MapFilter, cell float64) ([]DensityCell, error)
}

// MapFilter selects the incidents a map view draws: standing, with a
// point inside BBox, starting within [From, To], and judged under Version
// of AgreementID with one of Verdicts (any verdict when empty). Incidents
// without a judgement under that version are not drawn, since the map
// colours by verdict.
type MapFilter struct {
	AgreementID string
	Version     int
	From, To    time.Time  // whole days; zero: open
	BBox        [4]float64 // minLon, minLat, maxLon, maxLat, edges included
	Verdicts    []Verdict
}

// MapPoint is one incident as the map draws it; the rest is fetched when
// it is clicked.
type MapPoint struct {
	ID       int64
	Lon, Lat float64
	Day      time.Time // DateStart
	Verdict  Verdict
	Severity string
	Deaths   int // best estimate
}

// DensityCell counts the incidents of one grid cell.
type DensityCell struct {
	X, Y      int     // column and row (see MapService.Density)
	Lon, Lat  float64 // the mean of its incidents' points, where it is drawn
	Incidents int
	Deaths    int             // best estimates, summed
	Verdicts  map[Verdict]int // incidents by verdict
	Severity  map[string]int  // incidents by severity ("" for none)
}

// GridCell returns the column and row of a point on a grid of cell
// degrees, as the stores count them: floor((lon+180)/cell),
// floor((lat+90)/cell).
func GridCell(lon, lat, cell float64) (x, y int) {
	return int(math.Floor((lon + 180) / cell)), int(math.Floor((lat + 90) / cell))
}
