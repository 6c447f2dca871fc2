package geo

import (
	"context"
	"fmt"
	"math"
	"sync"
	"sync/atomic"
	"time"

	"github.com/paulmach/orb"
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
// Events are also counted by kind (the pair of sides, truce.DyadKind):
// fighting between the government and the opposition happened in other
// places than the Islamic State's, so an imprecise event is weighed first
// by where events of its own kind were, and by all activity where its kind
// was rarely seen (see WeightedShare).
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
	// locations known only to the country; kindMonths the same by kind.
	zoneMonths map[int32][]int32
	kindMonths map[int32]map[int32][]int32

	kinds map[string]int32 // kind → its index

	// shares remembers weighed shares: sources repeat a place's point for
	// many events (UCDP gives every event "near Douma" the same point), so
	// most imprecise locations are weighed once per zone and month. The
	// cache is bounded, so that endless distinct points cannot grow it.
	shares      sync.Map // shareKey → weighed
	nShares     atomic.Int64
	nUnitShares atomic.Int64
}

type shareKey struct {
	x, y  float64
	unit  int32 // the admin unit + 1, for locations known to a unit (x, y 0)
	prec  truce.LocPrecision
	zone  int32
	month int
	kind  int32 // -1: all activity
}

type weighed struct {
	share float64
	what  string
}

const (
	maxShares     = 1 << 16
	maxUnitShares = 1 << 20
)

// cellCounts are one cell's events per month (cumulative, from Activity's
// first month), in all and in each zone that covers part of the cell, with
// the part of the cell that zone covers.
type cellCounts struct {
	all    []int32
	zones  []zoneCount
	byKind map[int32]*kindCounts
}

// kindCounts are one kind's events in a cell, as cellCounts counts all:
// in the cell, and in each of its zone parts (in cellCounts.zones order).
type kindCounts struct {
	all   []int32
	zones [][]int32
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
	// KindWeight is how many events of an incident's own kind, in its area
	// of uncertainty, count as much as all the area's activity: with
	// fewer, the weighing leans on all activity; with many, on the kind's.
	KindWeight = 5
)

// NewActivity returns an empty Activity over the index's zones.
func (ix *Index) NewActivity() *Activity {
	return &Activity{ix: ix, cells: map[[2]int32]*cellCounts{}, first: math.MaxInt, last: math.MinInt, kinds: map[string]int32{}}
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
	kind  int32 // -1 for none
}

// Add counts an event of kind (truce.DyadKind; "" for none) at (lon, lat)
// on day. Points without finite coordinates are ignored. It must not be
// called after Freeze.
func (a *Activity) Add(lon, lat float64, day time.Time, kind string) {
	if a.frozen || !finite(lon) || !finite(lat) || day.IsZero() {
		return
	}
	m := monthIndex(day)
	k := int32(-1)
	if kind != "" {
		var ok bool
		if k, ok = a.kinds[kind]; !ok {
			k = int32(len(a.kinds))
			a.kinds[kind] = k
		}
	}
	a.pending = append(a.pending, pendingPoint{cellOf(lon, lat), a.ix.zoneAt(lon, lat), m, k})
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
	a.kindMonths = map[int32]map[int32][]int32{}
	count := func(byZone map[int32][]int32, zi int32, m int) {
		c := byZone[zi]
		if c == nil {
			c = make([]int32, months)
			byZone[zi] = c
		}
		c[m-a.first]++
	}
	for _, p := range a.pending {
		c := a.cells[p.cell]
		if c == nil {
			c = a.newCell(p.cell, months)
			a.cells[p.cell] = c
		}
		var kc *kindCounts
		var kindZones map[int32][]int32
		if p.kind >= 0 {
			if c.byKind == nil {
				c.byKind = map[int32]*kindCounts{}
			}
			if kc = c.byKind[p.kind]; kc == nil {
				kc = &kindCounts{all: make([]int32, months), zones: make([][]int32, len(c.zones))}
				for i := range kc.zones {
					kc.zones[i] = make([]int32, months)
				}
				c.byKind[p.kind] = kc
			}
			kc.all[p.month-a.first]++
			if kindZones = a.kindMonths[p.kind]; kindZones == nil {
				kindZones = map[int32][]int32{}
				a.kindMonths[p.kind] = kindZones
			}
			count(kindZones, -1, p.month)
		}
		c.all[p.month-a.first]++
		count(a.zoneMonths, -1, p.month)
		if p.zone >= 0 {
			for i := range c.zones {
				if c.zones[i].zone == p.zone {
					c.zones[i].counts[p.month-a.first]++
					if kc != nil {
						kc.zones[i][p.month-a.first]++
					}
				}
			}
			count(a.zoneMonths, p.zone, p.month)
			if kindZones != nil {
				count(kindZones, p.zone, p.month)
			}
		}
		a.total++
	}
	a.pending = nil
	for _, c := range a.cells {
		cumulate(c.all)
		for _, z := range c.zones {
			cumulate(z.counts)
		}
		for _, kc := range c.byKind {
			cumulate(kc.all)
			for _, z := range kc.zones {
				cumulate(z)
			}
		}
	}
	for _, c := range a.zoneMonths {
		cumulate(c)
	}
	for _, byZone := range a.kindMonths {
		for _, c := range byZone {
			cumulate(c)
		}
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
// the prior every place has. With kind ≥ 0 it counts only that kind's
// events, and adds no prior (kindShare blends the kind with all activity).
func (a *Activity) density(x, y float64, m int, zi int32, inZone bool, kind int32) float64 {
	prior := activityPrior
	if kind >= 0 {
		prior = 0
	}
	c := a.cells[cellOf(x, y)]
	if c == nil {
		return prior
	}
	all := c.all
	var kc *kindCounts
	if kind >= 0 {
		if kc = c.byKind[kind]; kc == nil {
			return 0
		}
		all = kc.all
	}
	n := a.window(all, m)
	if n == 0 {
		return prior
	}
	for i, z := range c.zones {
		if z.zone != zi || z.frac >= 1 {
			continue
		}
		counts := z.counts
		if kc != nil {
			counts = kc.zones[i]
		}
		in := a.window(counts, m)
		if inZone {
			return (in + prior*z.frac) / z.frac
		}
		return (n - in + prior*(1-z.frac)) / (1 - z.frac)
	}
	return n + prior
}

// WeightedShare is the part of loc's area of uncertainty that lies in zone,
// each place of the area weighed by the activity around it when the event
// happened (day): the probability that the event was in the zone, given
// where events of the time were. Events of the same kind (truce.DyadKind;
// "" for none) weigh first: with n of them in the area, sharing s_kind of
// their activity with the zone, the share is (n·s_kind + KindWeight·s_all)
// / (n + KindWeight), where s_all weighs all activity. ok is false when loc
// has no area of uncertainty the index can weigh (an exact point, a zone
// the index does not have); the caller then keeps the area share placement
// gave.
func (ix *Index) WeightedShare(loc truce.Location, zoneID string, day time.Time, a *Activity, kind string) (share float64, why string, ok bool) {
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
	k, known := a.kinds[kind]
	if !known {
		k = -1
	}
	m := monthIndex(day)
	// Locations known to an admin unit share the unit's weighing, whatever
	// their point; others are weighed around their own point.
	x, y := loc.Lon, loc.Lat
	key := shareKey{x: x, y: y, prec: loc.Precision, zone: zi, month: m, kind: k}
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
	var kindShare, kindN float64
	var what string
	if loc.Precision == truce.PrecCountry {
		// Known only to the country: the zone's part of all the activity,
		// and of the kind's.
		all := a.window(a.zoneMonths[-1], m)
		if all == 0 {
			return 0, "", false
		}
		share = a.window(a.zoneMonths[zi], m) / all
		if k >= 0 {
			kindN = a.window(a.kindMonths[k][-1], m)
			if kindN > 0 {
				kindShare = a.window(a.kindMonths[k][zi], m) / kindN
			}
		}
		what = "the country"
	} else {
		var parts []areaPart
		var pointArea float64 // in degrees², each point's part of the area
		r := float64(0)       // a disc's radius, when the area is one
		switch loc.Precision {
		case truce.PrecNear:
			r = NearKm
		case truce.PrecFuzzy, 0:
			r = FuzzyKm
		case truce.PrecAdmin2, truce.PrecAdmin1:
			level := 2
			r = Admin2DiscKm
			if loc.Precision == truce.PrecAdmin1 {
				level, r = 1, Admin1DiscKm
			}
			if u := int(unit); u >= 0 {
				parts, pointArea = ix.unitParts(level, u, zi)
				what, r = ix.admin.levels[level].units[u].Name, 0
			}
		default:
			return 0, "", false
		}
		if r > 0 {
			parts, pointArea = ix.discParts(x, y, r, zi)
			what = fmt.Sprintf("the %g km around its point", r)
		}
		var in, all, kindIn, kindAll float64
		for _, p := range parts {
			w := p.n * a.density(p.x, p.y, m, zi, p.in, -1)
			all += w
			if p.in {
				in += w
			}
			if k >= 0 {
				w := p.n * a.density(p.x, p.y, m, zi, p.in, k)
				kindAll += w
				if p.in {
					kindIn += w
				}
			}
		}
		if all == 0 {
			return 0, "", false
		}
		share = in / all
		if kindAll > 0 {
			kindShare = kindIn / kindAll
			kindN = kindAll * pointArea / (ActivityCellDeg * ActivityCellDeg)
		}
	}
	allShare := share
	share = roundShare((kindN*kindShare + KindWeight*allShare) / (kindN + KindWeight))
	why = fmt.Sprintf("weighing %s by where precisely located events were within %d months of %s: %.0f %% of all that activity lies in the zone",
		what, ActivityMonths, day.Format("2006-01"), allShare*100)
	if kindN >= 0.5 {
		why += fmt.Sprintf("; %.0f %% of the %.0f events of its kind (%s); the two weighed %.0f to %d: %.0f %%", kindShare*100, kindN, kind, kindN, KindWeight, share*100)
	}
	a.remember(key, share, why)
	return share, why, true
}

// areaPart is the points of an area of uncertainty that fall in one part
// of one activity cell (in zone or not), which all weigh alike: n of them,
// represented by (x, y).
type areaPart struct {
	x, y float64
	in   bool
	n    float64
}

// partsOf groups points by activity cell and side of zone zi's border.
func (ix *Index) partsOf(zi int32, each func(fn func(x, y float64))) []areaPart {
	z := &ix.zones[zi]
	type key struct {
		cell [2]int32
		in   bool
	}
	at := map[key]int{}
	var parts []areaPart
	each(func(x, y float64) {
		k := key{cellOf(x, y), z.prep.contains(x, y)}
		if i, ok := at[k]; ok {
			parts[i].n++
			return
		}
		at[k] = len(parts)
		parts = append(parts, areaPart{x, y, k.in, 1})
	})
	return parts
}

// discParts is the circle of rKm around (x, y), as parts, and the area
// each of its points stands for, in degrees².
func (ix *Index) discParts(x, y, rKm float64, zi int32) ([]areaPart, float64) {
	parts := ix.partsOf(zi, func(fn func(x, y float64)) { discPoints(x, y, rKm, fn) })
	kx, ky := kmScale(y)
	if kx <= 0 {
		return parts, 0
	}
	return parts, math.Pi * rKm * rKm / (kx * ky) / float64(len(unitDisc))
}

// unitParts is admin unit u of level, as parts for zone zi, computed once
// (a governorate stands for thousands of points, but a few hundred parts),
// and the area each of its points stands for, in degrees².
func (ix *Index) unitParts(level, u int, zi int32) ([]areaPart, float64) {
	pts, b := ix.admin.samples(level, u)
	pointArea := (b.Max[0] - b.Min[0]) * (b.Max[1] - b.Min[1]) / float64(unitSampleCount(b))
	key := [3]int32{int32(level), int32(u), zi}
	if v, ok := ix.unitPartCache.Load(key); ok {
		return v.([]areaPart), pointArea
	}
	parts := ix.partsOf(zi, func(fn func(x, y float64)) {
		for _, p := range pts {
			fn(p[0], p[1])
		}
	})
	ix.unitPartCache.Store(key, parts)
	return parts, pointArea
}

func (a *Activity) remember(k shareKey, share float64, why string) {
	// Keys of admin units and of the country are bounded by the units,
	// zones, months and kinds, and each costs hundreds of cells to weigh
	// again: they get a bound of their own, so that endless distinct
	// points cannot crowd them out.
	n, bound := &a.nShares, int64(maxShares)
	if k.unit > 0 || k.prec == truce.PrecCountry {
		n, bound = &a.nUnitShares, maxUnitShares
	}
	if n.Load() < bound {
		if _, loaded := a.shares.LoadOrStore(k, weighed{share, why}); !loaded {
			n.Add(1)
		}
	}
}

// Points that stand for an admin unit when its area is weighed by
// activity: about four to each activity cell, so that a small zone where
// the fighting was (Eastern Ghouta is under 1 % of Rif Dimashq) holds
// some of them. A fixed 256 left it none in most draws, and a
// governorate-level event from a besieged enclave weighed 0 in it. The
// bounds keep tiny units sampled and huge ones affordable.
const (
	minUnitSamples = 256
	maxUnitSamples = 1 << 15
)

// unitSampleCount is how many grid points gridPoints spreads over a
// unit's bounding box b.
func unitSampleCount(b orb.Bound) int {
	step := ActivityCellDeg / 2
	n := int(math.Ceil((b.Max[0] - b.Min[0]) / step * (b.Max[1] - b.Min[1]) / step))
	return min(max(n, minUnitSamples), maxUnitSamples)
}

// samples returns points spread evenly over unit u of level, computed
// once, and the unit's bounding box.
func (a *AdminAreas) samples(level, u int) ([][2]float64, orb.Bound) {
	lv := &a.levels[level]
	b := lv.prep[u].Bound()
	a.sampleMu.Lock()
	defer a.sampleMu.Unlock()
	if pts, ok := a.sampleCache[[2]int{level, u}]; ok {
		return pts, b
	}
	var pts [][2]float64
	gridPoints(lv.prep[u], unitSampleCount(b), func(x, y float64) { pts = append(pts, [2]float64{x, y}) })
	a.sampleCache[[2]int{level, u}] = pts
	return pts, b
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
	ExactPoints(ctx context.Context, fn func(lon, lat float64, day time.Time, kind string) error) error
}

// LoadActivityModel weighs ix's zones by where the precisely located
// incidents r lists were: the model every judge of a store's incidents
// uses, whether the CLI or the server judges them.
func (ix *Index) LoadActivityModel(ctx context.Context, r ExactPointReader) (ActivityModel, error) {
	act := ix.NewActivity()
	if err := r.ExactPoints(ctx, func(lon, lat float64, day time.Time, kind string) error {
		act.Add(lon, lat, day, kind)
		return nil
	}); err != nil {
		return ActivityModel{}, err
	}
	return ActivityModel{Index: ix, Activity: act.Freeze()}, nil
}

// WeightedShare is Index.WeightedShare with the model's Activity.
func (m ActivityModel) WeightedShare(loc truce.Location, zoneID string, day time.Time, kind string) (float64, string, bool) {
	return m.Index.WeightedShare(loc, zoneID, day, m.Activity, kind)
}
