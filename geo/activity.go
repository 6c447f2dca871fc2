package geo

import (
	"context"
	"fmt"
	"math"
	"sync"
	"sync/atomic"
	"time"

	"github.com/truce-monitor/truce"
)

// Activity is where and when precisely located events happened: counts on
// a grid of cells by month, kept apart for the part of a cell inside each
// zone. It weighs an imprecise location's area of uncertainty by where
// fighting actually was, because events are not spread evenly over the
// land: an event reported "near Douma" in 2018 most likely happened where
// the other events near Douma happened, inside the besieged enclave, not
// evenly over the 25 km around it. Cells cut by a zone's border are split
// at it, so that fighting on one side does not spill over to the other.
//
// Build one with Index.NewActivity and Add, then Freeze; a frozen Activity
// is safe for concurrent use.
type Activity struct {
	ix      *Index
	cells   map[[2]int32]*cellCounts
	pending []pendingPoint // points added before Freeze
	first   int            // month index of the first event
	last    int
	total   int
	frozen  bool

	// zoneMonths counts events by zone (-1: all) and month, cumulative, for
	// locations known only to the country.
	zoneMonths map[int32][]int32

	// shares remembers weighed shares: sources repeat a place's point for
	// many events (UCDP gives every event "near Douma" the same point), so
	// most imprecise locations are weighed once per zone and month. The
	// cache is bounded, so that endless distinct points cannot grow it.
	shares  sync.Map // shareKey → weighed
	nShares atomic.Int64
}

type shareKey struct {
	x, y  float64
	unit  int32 // the admin unit + 1, for locations known to a unit (x, y 0)
	prec  truce.LocPrecision
	zone  int32
	month int
}

type weighed struct {
	share float64
	what  string
}

const maxShares = 1 << 16

// cellCounts are one cell's events per month (cumulative, from Activity's
// first month), in all and in each zone that covers part of the cell, with
// the part of the cell that zone covers.
type cellCounts struct {
	all   []int32
	zones []zoneCount
}

type zoneCount struct {
	zone   int32
	counts []int32
	frac   float64
}

// Activity's grid and time window.
const (
	// ActivityCellDeg is the grid's cell size, about 11 km: coarse enough
	// that a cell holds events to weigh by, fine enough to tell a besieged
	// enclave from the city beside it once cells are split at the zone's
	// border. On simulated data with known truth, 0.025° and 0.05° cells
	// made the weighed shares too low (sparse cells leave the prior to
	// speak), 0.1° gave shares within a few points of the truth.
	ActivityCellDeg = 0.1
	// ActivityMonths is how many months either side of an event's month
	// count towards the activity it is weighed by: fronts move within a
	// season, and a quarter each way gives counts enough to weigh by.
	ActivityMonths = 3
	// activityPrior is the events per cell and window every place gets
	// before any is counted: where nothing was recorded precisely, the
	// weighing falls back on area alone, and one cell's count cannot make
	// its neighbours impossible. It is small beside the counts of places
	// where fighting was, so that it does not dilute them.
	activityPrior = 0.01
	// fracSamples is the side of the grid of points that measures how much
	// of a cell lies in a zone.
	fracSamples = 8
)

// NewActivity returns an empty Activity over the index's zones.
func (ix *Index) NewActivity() *Activity {
	return &Activity{ix: ix, cells: map[[2]int32]*cellCounts{}, first: math.MaxInt, last: math.MinInt}
}

func monthIndex(t time.Time) int {
	y, m, _ := t.UTC().Date()
	return y*12 + int(m) - 1
}

func cellOf(x, y float64) [2]int32 {
	return [2]int32{int32(math.Floor(x / ActivityCellDeg)), int32(math.Floor(y / ActivityCellDeg))}
}

// pendingPoint is a point added before Freeze, when the range of months is
// not yet known.
type pendingPoint struct {
	cell  [2]int32
	zone  int32 // the zone it lies in, -1 for none
	month int
}

// Add counts an event at (lon, lat) on day. Points without finite
// coordinates are ignored. It must not be called after Freeze.
func (a *Activity) Add(lon, lat float64, day time.Time) {
	if a.frozen || !finite(lon) || !finite(lat) || day.IsZero() {
		return
	}
	m := monthIndex(day)
	a.pending = append(a.pending, pendingPoint{cellOf(lon, lat), a.ix.zoneAt(lon, lat), m})
	a.first, a.last = min(a.first, m), max(a.last, m)
}

// zoneAt is the first zone containing (x, y), or -1.
func (ix *Index) zoneAt(x, y float64) int32 {
	var buf [maxCand]int32
	for _, zi := range ix.candidates(x, y, &buf) {
		if ix.zones[zi].prep.contains(x, y) {
			return zi
		}
	}
	return -1
}

// Freeze turns the added points into cumulative counts per cell and
// month, so that any window's count is one subtraction, and measures how
// much of each cell with events every nearby zone covers.
func (a *Activity) Freeze() *Activity {
	if a.frozen {
		return a
	}
	a.frozen = true
	months := a.last - a.first + 1
	a.zoneMonths = map[int32][]int32{}
	byZone := func(zi int32, m int) {
		c := a.zoneMonths[zi]
		if c == nil {
			c = make([]int32, months)
			a.zoneMonths[zi] = c
		}
		c[m-a.first]++
	}
	for _, p := range a.pending {
		c := a.cells[p.cell]
		if c == nil {
			c = a.newCell(p.cell, months)
			a.cells[p.cell] = c
		}
		c.all[p.month-a.first]++
		byZone(-1, p.month)
		if p.zone >= 0 {
			for i := range c.zones {
				if c.zones[i].zone == p.zone {
					c.zones[i].counts[p.month-a.first]++
				}
			}
			byZone(p.zone, p.month)
		}
		a.total++
	}
	a.pending = nil
	for _, c := range a.cells {
		cumulate(c.all)
		for _, z := range c.zones {
			cumulate(z.counts)
		}
	}
	for _, c := range a.zoneMonths {
		cumulate(c)
	}
	return a
}

// newCell makes a cell's counts, with an entry for every zone that covers
// part of it.
func (a *Activity) newCell(cell [2]int32, months int) *cellCounts {
	c := &cellCounts{all: make([]int32, months)}
	x0, y0 := float64(cell[0])*ActivityCellDeg, float64(cell[1])*ActivityCellDeg
	for zi := range a.ix.zones {
		z := a.ix.zones[zi].prep
		b := z.Bound()
		if x0 > b.Max[0] || x0+ActivityCellDeg < b.Min[0] || y0 > b.Max[1] || y0+ActivityCellDeg < b.Min[1] {
			continue
		}
		in := 0
		for i := 0; i < fracSamples; i++ {
			for j := 0; j < fracSamples; j++ {
				if z.contains(x0+(float64(i)+0.5)/fracSamples*ActivityCellDeg, y0+(float64(j)+0.5)/fracSamples*ActivityCellDeg) {
					in++
				}
			}
		}
		if in > 0 {
			c.zones = append(c.zones, zoneCount{zone: int32(zi), counts: make([]int32, months), frac: float64(in) / (fracSamples * fracSamples)})
		}
	}
	return c
}

func cumulate(c []int32) {
	for i := 1; i < len(c); i++ {
		c[i] += c[i-1]
	}
}

// Len is the number of events counted.
func (a *Activity) Len() int { return a.total }

// window is the events of cumulative monthly counts c within
// ActivityMonths of month m.
func (a *Activity) window(c []int32, m int) float64 {
	if c == nil {
		return 0
	}
	lo, hi := m-ActivityMonths-a.first, min(m+ActivityMonths-a.first, len(c)-1)
	if hi < 0 || lo > len(c)-1 {
		return 0
	}
	n := c[hi]
	if lo > 0 {
		n -= c[lo-1]
	}
	return float64(n)
}

// density is the activity per unit of cell area around (x, y) within
// ActivityMonths of month m, on the side of zone zi's border the point is
// (inZone): the events of that part of the cell over the part's area, plus
// the prior every place has.
func (a *Activity) density(x, y float64, m int, zi int32, inZone bool) float64 {
	c := a.cells[cellOf(x, y)]
	if c == nil {
		return activityPrior
	}
	all := a.window(c.all, m)
	if all == 0 {
		return activityPrior
	}
	for _, z := range c.zones {
		if z.zone != zi || z.frac >= 1 {
			continue
		}
		in := a.window(z.counts, m)
		if inZone {
			return (in + activityPrior*z.frac) / z.frac
		}
		return (all - in + activityPrior*(1-z.frac)) / (1 - z.frac)
	}
	return all + activityPrior
}

// WeightedShare is the part of loc's area of uncertainty that lies in zone,
// each place of the area weighed by the activity around it when the event
// happened (day): the probability that the event was in the zone, given
// where events of the time were. ok is false when loc has no area of
// uncertainty the index can weigh (an exact point, a location known only
// to the country, a zone the index does not have); the caller then keeps
// the area share placement gave.
func (ix *Index) WeightedShare(loc truce.Location, zoneID string, day time.Time, a *Activity) (share float64, why string, ok bool) {
	zi := int32(-1)
	for i := range ix.zones {
		if ix.zones[i].id == zoneID {
			zi = int32(i)
			break
		}
	}
	if zi < 0 || a == nil || !a.frozen || a.ix != ix {
		return 0, "", false
	}
	if loc.Precision != truce.PrecCountry && (!loc.HasPoint || !finite(loc.Lon) || !finite(loc.Lat)) {
		return 0, "", false
	}
	z := &ix.zones[zi]
	m := monthIndex(day)
	// Locations known to an admin unit share the unit's weighing, whatever
	// their point; others are weighed around their own point.
	x, y := loc.Lon, loc.Lat
	key := shareKey{x: x, y: y, prec: loc.Precision, zone: zi, month: m}
	unit := int32(-1)
	switch loc.Precision {
	case truce.PrecCountry:
		key.x, key.y = 0, 0
	case truce.PrecAdmin2, truce.PrecAdmin1:
		level := 2
		if loc.Precision == truce.PrecAdmin1 {
			level = 1
		}
		if u := ix.admin.locate(level, loc.Lon, loc.Lat); u >= 0 {
			unit = int32(u)
			key.x, key.y, key.unit = 0, 0, unit+1
		}
	}
	if v, hit := a.shares.Load(key); hit {
		w := v.(weighed)
		return w.share, w.what, true
	}
	var in, all float64
	add := func(x, y float64) {
		inZone := z.prep.contains(x, y)
		w := a.density(x, y, m, zi, inZone)
		all += w
		if inZone {
			in += w
		}
	}
	var what string
	switch loc.Precision {
	case truce.PrecNear:
		discPoints(x, y, NearKm, add)
		what = "the 25 km around its point"
	case truce.PrecAdmin2, truce.PrecAdmin1:
		level, r := 2, float64(Admin2DiscKm)
		if loc.Precision == truce.PrecAdmin1 {
			level, r = 1, Admin1DiscKm
		}
		if u := int(unit); u >= 0 {
			pts := ix.admin.samples(level, u)
			for _, p := range pts {
				add(p[0], p[1])
			}
			what = ix.admin.levels[level].units[u].Name
		} else {
			discPoints(x, y, r, add)
			what = fmt.Sprintf("the %g km around its point", r)
		}
	case truce.PrecFuzzy, 0:
		discPoints(x, y, FuzzyKm, add)
		what = "the 50 km around its point"
	case truce.PrecCountry:
		// Known only to the country: the zone's part of all the activity.
		all := a.window(a.zoneMonths[-1], m)
		if all == 0 {
			return 0, "", false
		}
		share = roundShare(a.window(a.zoneMonths[zi], m) / all)
		why = fmt.Sprintf("located only to the country: %.0f %% of the precisely located events within %d months of %s were in the zone",
			share*100, ActivityMonths, day.Format("2006-01"))
		a.remember(key, share, why)
		return share, why, true
	default:
		return 0, "", false
	}
	if all == 0 {
		return 0, "", false
	}
	share = roundShare(in / all)
	why = fmt.Sprintf("weighing %s by where precisely located events were within %d months of %s: %.0f %% of that activity lies in the zone",
		what, ActivityMonths, day.Format("2006-01"), share*100)
	a.remember(key, share, why)
	return share, why, true
}

func (a *Activity) remember(k shareKey, share float64, why string) {
	if a.nShares.Load() < maxShares {
		if _, loaded := a.shares.LoadOrStore(k, weighed{share, why}); !loaded {
			a.nShares.Add(1)
		}
	}
}

// unitSamples bounds the points that stand for an admin unit when its area
// is weighed by activity.
const unitSamples = 256

// samples returns points spread evenly over unit u of level, computed once.
func (a *AdminAreas) samples(level, u int) [][2]float64 {
	lv := &a.levels[level]
	a.sampleMu.Lock()
	defer a.sampleMu.Unlock()
	if pts, ok := a.sampleCache[[2]int{level, u}]; ok {
		return pts
	}
	var pts [][2]float64
	gridPoints(lv.prep[u], unitSamples, func(x, y float64) { pts = append(pts, [2]float64{x, y}) })
	a.sampleCache[[2]int{level, u}] = pts
	return pts
}

// ActivityModel weighs imprecise locations in an index's zones by an
// Activity: what a judge uses in place of the area shares placement gave.
type ActivityModel struct {
	Index    *Index
	Activity *Activity
}

// ExactPointReader lists every standing incident located exactly (a store's
// truce.IncidentService does).
type ExactPointReader interface {
	ExactPoints(ctx context.Context, fn func(lon, lat float64, day time.Time) error) error
}

// LoadActivityModel weighs ix's zones by where the precisely located
// incidents r lists were: the model every judge of a store's incidents
// uses, whether the CLI or the server judges them.
func (ix *Index) LoadActivityModel(ctx context.Context, r ExactPointReader) (ActivityModel, error) {
	act := ix.NewActivity()
	if err := r.ExactPoints(ctx, func(lon, lat float64, day time.Time) error {
		act.Add(lon, lat, day)
		return nil
	}); err != nil {
		return ActivityModel{}, err
	}
	return ActivityModel{Index: ix, Activity: act.Freeze()}, nil
}

// WeightedShare is Index.WeightedShare with the model's Activity.
func (m ActivityModel) WeightedShare(loc truce.Location, zoneID string, day time.Time) (float64, string, bool) {
	return m.Index.WeightedShare(loc, zoneID, day, m.Activity)
}
