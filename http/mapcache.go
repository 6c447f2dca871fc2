package http

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/assess"
)

// The map's answers come from memory. Counting a million incidents in the
// store takes seconds (each a row of the incidents table and a probe of its
// judgement; 10-19 s for a 1 M-incident period on the embedded store here),
// far too slow for a map that asks again whenever it is moved; the same
// million held as columns sorted by day are counted in milliseconds. The
// columns are read once (truce serve starts reading at start-up) and read
// again when the store changes. A store holding more than
// maxMapCachePoints is not copied: its map is counted by the store.
var maxMapCachePoints = 5_000_000

// slowMapBuild is how long a reading of the columns may take for a request
// to wait for the next one; past it, a store that changed is answered from
// the columns read before (marked stale) while they are read again.
const slowMapBuild = time.Second

// mapStamp says which state of the store a copy was read from: every new
// report (events, revisions, withdrawals) raises the reports' high-water
// mark, every judging logs a rollup change, and every placement (loading an
// agreement or boundaries) is an entry of the log.
type mapStamp struct{ reports, rollup, log int64 }

// mapIndex is one copy: the judged incidents with a point under one
// agreement version, as columns sorted by day.
type mapIndex struct {
	agreement string
	version   int
	stamp     mapStamp
	took      time.Duration

	days       []int32 // days since 1970-01-01, ascending
	ids        []int64
	lon, lat   []float64
	verdict    []uint8 // index into verdicts
	severity   []uint8 // index into severities
	deaths     []int32
	verdicts   []truce.Verdict
	severities []string
}

type mapCache struct {
	st Store
	mu sync.Mutex
	// cur is the latest copy; nil before the first.
	cur *mapIndex
	// building is closed when the reading in progress ends; nil when none.
	building chan struct{}
	buildErr error
	// tooBig names the agreement version found to hold more than
	// maxMapCachePoints, with the stamp it was found at.
	tooBig *mapIndex
}

func newMapCache(st Store) *mapCache { return &mapCache{st: st} }

var errTooManyPoints = errors.New("too many points to copy")

// storeStamp reads the store's state (three indexed reads); since is the
// rollup change of the last stamp read, so that only newer ones are read.
func storeStamp(ctx context.Context, st Store, since int64) (mapStamp, error) {
	hw, err := st.ReportsHighWater(ctx)
	if err != nil {
		return mapStamp{}, err
	}
	_, latest, err := st.RollupChanges(ctx, since)
	if err != nil {
		return mapStamp{}, err
	}
	n, err := st.LogSize(ctx)
	if err != nil {
		return mapStamp{}, err
	}
	return mapStamp{hw, max(latest, since), n}, nil
}

// get returns a copy for the agreement version, current or (when reading
// it again is slow) the previous one with stale set; nil when the store is
// too big to copy.
func (c *mapCache) get(ctx context.Context, agreement string, version int) (ix *mapIndex, stale bool, err error) {
	for {
		c.mu.Lock()
		cur, big := c.cur, c.tooBig
		c.mu.Unlock()
		since := int64(0)
		if cur != nil {
			since = cur.stamp.rollup
		}
		st, err := storeStamp(ctx, c.st, since)
		if err != nil {
			return nil, false, err
		}
		same := func(x *mapIndex) bool { return x != nil && x.agreement == agreement && x.version == version }
		if same(big) && big.stamp == st {
			return nil, false, nil
		}
		if same(cur) && cur.stamp == st {
			return cur, false, nil
		}
		c.mu.Lock()
		if c.building == nil {
			done := make(chan struct{})
			c.building = done
			go c.build(agreement, version, st, done)
		}
		wait := c.building
		c.mu.Unlock()
		if same(cur) && cur.took > slowMapBuild {
			return cur, true, nil
		}
		select {
		case <-wait:
		case <-ctx.Done():
			return nil, false, ctx.Err()
		}
		c.mu.Lock()
		err = c.buildErr
		c.mu.Unlock()
		if err != nil {
			return nil, false, err
		}
	}
}

// build reads a copy of the store as it was at st (or later: a change that
// lands during the reading is read again at the next request).
func (c *mapCache) build(agreement string, version int, st mapStamp, done chan struct{}) {
	// The reading outlives the request that started it: others wait for it.
	ctx := context.Background()
	t0 := time.Now()
	ix := &mapIndex{agreement: agreement, version: version, stamp: st}
	vcode, scode := map[truce.Verdict]uint8{}, map[string]uint8{}
	err := c.st.MapPoints(ctx, truce.MapFilter{AgreementID: agreement, Version: version, BBox: [4]float64{-180, -90, 180, 90}}, func(p truce.MapPoint) error {
		if len(ix.ids) >= maxMapCachePoints {
			return errTooManyPoints
		}
		v, ok := vcode[p.Verdict]
		if !ok {
			v = uint8(len(ix.verdicts))
			vcode[p.Verdict], ix.verdicts = v, append(ix.verdicts, p.Verdict)
		}
		sv, ok := scode[p.Severity]
		if !ok {
			sv = uint8(len(ix.severities))
			scode[p.Severity], ix.severities = sv, append(ix.severities, p.Severity)
		}
		ix.days = append(ix.days, int32(p.Day.Unix()/86400))
		ix.ids = append(ix.ids, p.ID)
		ix.lon, ix.lat = append(ix.lon, p.Lon), append(ix.lat, p.Lat)
		ix.verdict, ix.severity = append(ix.verdict, v), append(ix.severity, sv)
		ix.deaths = append(ix.deaths, int32(p.Deaths))
		return nil
	})
	c.mu.Lock()
	defer c.mu.Unlock()
	defer close(done)
	c.building = nil
	switch {
	case errors.Is(err, errTooManyPoints):
		c.tooBig, c.cur, c.buildErr = &mapIndex{agreement: agreement, version: version, stamp: st}, nil, nil
		return
	case err != nil:
		c.buildErr = err
		return
	}
	ix.sortByDay()
	ix.took = time.Since(t0)
	c.cur, c.tooBig, c.buildErr = ix, nil, nil
}

// sortByDay orders the columns by day, then ID.
func (ix *mapIndex) sortByDay() {
	order := make([]int32, len(ix.ids))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int {
		if d := cmp.Compare(ix.days[a], ix.days[b]); d != 0 {
			return d
		}
		return cmp.Compare(ix.ids[a], ix.ids[b])
	})
	days, ids, lon, lat := make([]int32, len(order)), make([]int64, len(order)), make([]float64, len(order)), make([]float64, len(order))
	verdict, severity, deaths := make([]uint8, len(order)), make([]uint8, len(order)), make([]int32, len(order))
	for i, k := range order {
		days[i], ids[i], lon[i], lat[i] = ix.days[k], ix.ids[k], ix.lon[k], ix.lat[k]
		verdict[i], severity[i], deaths[i] = ix.verdict[k], ix.severity[k], ix.deaths[k]
	}
	ix.days, ix.ids, ix.lon, ix.lat, ix.verdict, ix.severity, ix.deaths = days, ids, lon, lat, verdict, severity, deaths
}

// each calls fn with the index of every incident f selects, in day order.
func (ix *mapIndex) each(f truce.MapFilter, fn func(i int) bool) {
	lo, hi := 0, len(ix.days)
	if !f.From.IsZero() {
		d := int32(f.From.Unix() / 86400)
		lo = sort.Search(len(ix.days), func(i int) bool { return ix.days[i] >= d })
	}
	if !f.To.IsZero() {
		d := int32(f.To.Unix() / 86400)
		hi = sort.Search(len(ix.days), func(i int) bool { return ix.days[i] > d })
	}
	keep := make([]bool, len(ix.verdicts))
	for i, v := range ix.verdicts {
		keep[i] = len(f.Verdicts) == 0 || slices.Contains(f.Verdicts, v)
	}
	b := f.BBox
	for i := lo; i < hi; i++ {
		if !keep[ix.verdict[i]] || ix.lon[i] < b[0] || ix.lon[i] > b[2] || ix.lat[i] < b[1] || ix.lat[i] > b[3] {
			continue
		}
		if !fn(i) {
			return
		}
	}
}

func (ix *mapIndex) point(i int) truce.MapPoint {
	return truce.MapPoint{ID: ix.ids[i], Lon: ix.lon[i], Lat: ix.lat[i], Day: time.Unix(int64(ix.days[i])*86400, 0).UTC(),
		Verdict: ix.verdicts[ix.verdict[i]], Severity: ix.severities[ix.severity[i]], Deaths: int(ix.deaths[i])}
}

// points returns up to limit of the incidents f selects and whether there
// are more.
func (ix *mapIndex) points(f truce.MapFilter, limit int) ([]truce.MapPoint, bool) {
	var out []truce.MapPoint
	more := false
	ix.each(f, func(i int) bool {
		if len(out) == limit {
			more = true
			return false
		}
		out = append(out, ix.point(i))
		return true
	})
	return out, more
}

// density counts the incidents f selects on a grid of cell degrees, as
// the stores' Density does.
func (ix *mapIndex) density(f truce.MapFilter, cell float64) []truce.DensityCell {
	type acc struct {
		c        truce.DensityCell
		lon, lat float64
	}
	cells := map[[2]int]*acc{}
	ix.each(f, func(i int) bool {
		x, y := truce.GridCell(ix.lon[i], ix.lat[i], cell)
		a := cells[[2]int{x, y}]
		if a == nil {
			a = &acc{c: truce.DensityCell{X: x, Y: y, Verdicts: map[truce.Verdict]int{}, Severity: map[string]int{}}}
			cells[[2]int{x, y}] = a
		}
		a.c.Incidents++
		a.c.Deaths += int(ix.deaths[i])
		a.c.Verdicts[ix.verdicts[ix.verdict[i]]]++
		a.c.Severity[ix.severities[ix.severity[i]]]++
		a.lon, a.lat = a.lon+ix.lon[i], a.lat+ix.lat[i]
		return true
	})
	out := make([]truce.DensityCell, 0, len(cells))
	for _, a := range cells {
		a.c.Lon, a.c.Lat = a.lon/float64(a.c.Incidents), a.lat/float64(a.c.Incidents)
		out = append(out, a.c)
	}
	slices.SortFunc(out, func(a, b truce.DensityCell) int {
		if d := cmp.Compare(a.X, b.X); d != 0 {
			return d
		}
		return cmp.Compare(a.Y, b.Y)
	})
	return out
}

// WarmMap reads the map's copy of the store and counts the zones'
// incidents, so that the first visitor does not wait for them; truce serve
// calls it once it listens. A store without an active, judged agreement
// has nothing to copy.
func (s *Server) WarmMap(ctx context.Context) error {
	a, version, err := assess.ActiveVersion(ctx, s.store, "")
	if truce.ErrorCode(err) == truce.ENOTFOUND {
		return nil
	}
	if err != nil {
		return err
	}
	if _, err := s.zoneCounts(ctx, a.ID); err != nil {
		return err
	}
	_, _, err = s.mapCache.get(ctx, a.ID, version)
	return err
}
