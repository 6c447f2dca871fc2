package http

import (
	"cmp"
	"context"
	"errors"
	"maps"
	"slices"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/assess"
)

// The map's answers come from memory. Counting a million incidents in the
// store takes seconds (each a row of the incidents table and a probe of its
// judgement; 10-19 s for a 1 M-incident period on the embedded store here),
// far too slow for a map that asks again whenever it is moved; the same
// million held as columns sorted by day are counted in milliseconds. The
// columns are read whole once (truce serve starts at start-up), then kept
// up to date from what the store says changed: the days whose judgements
// the rollup's change log names and the incidents of new reports are read
// again. A store holding more than maxMapCachePoints is not copied: its
// map is counted by the store.
var maxMapCachePoints = 5_000_000

// slowMapBuild is how long a whole reading of the columns may take for a
// request to wait for the next one; past it, a store judged again as a
// whole is answered from the columns read before (marked stale) while they
// are read again. A variable, so that a test can make a small store's
// reading count as slow.
var slowMapBuild = time.Second

// maxMapDeltaReports is the most new reports the copy is updated for one
// by one (a lookup of each one's incident); a larger import reads it whole.
const maxMapDeltaReports = 2000

// mapStamp says which state of the store a copy was read from: every new
// report (events, revisions, withdrawals) raises the reports' high-water
// mark, every judging logs a rollup change, and every placement (loading an
// agreement or boundaries) is an entry of the log.
type mapStamp struct{ reports, rollup, log int64 }

// mapIndex is one copy: the judged incidents with a point under one
// agreement version, as columns sorted by day, then ID. A copy is never
// changed once made: an update makes a new one.
type mapIndex struct {
	agreement string
	version   int
	stamp     mapStamp
	// fullRead is how long reading the copy whole took.
	fullRead time.Duration

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
	// building is closed when the update in progress ends; nil when none.
	building chan struct{}
	// wholeRead says the update in progress reads the store whole.
	wholeRead bool
	buildErr  error
	// tooBig names the agreement version found to hold more than
	// maxMapCachePoints.
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

// get returns a copy for the agreement version: the current one, or, while
// a slow whole reading is under way, the one before with stale set; nil
// when the store is too big to copy.
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
		// Once too big, an agreement version stays so: trying again would
		// read 5 million rows at each change to find it out again.
		if same(big) {
			return nil, false, nil
		}
		if same(cur) && cur.stamp == st {
			return cur, false, nil
		}
		c.mu.Lock()
		wait, whole := c.building, c.wholeRead
		mine := wait == nil
		if mine {
			wait = make(chan struct{})
			c.building, c.wholeRead, c.buildErr = wait, false, nil
		}
		c.mu.Unlock()
		if mine {
			// The update outlives the request that started it: others wait
			// for it. It returns once done, unless it reads the store whole.
			whole = c.update(context.WithoutCancel(ctx), cur, agreement, version, st, wait)
		}
		if whole && same(cur) && cur.fullRead > slowMapBuild {
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

// finish installs the result of an update and wakes those waiting for it.
func (c *mapCache) finish(done chan struct{}, ix, big *mapIndex, err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	defer close(done)
	c.building = nil
	if err != nil {
		c.buildErr = err
		return
	}
	c.cur, c.tooBig, c.buildErr = ix, big, nil
}

// update brings the copy to st: from cur when only some days and
// incidents changed, else by reading the store whole in the background
// (whole reports which).
func (c *mapCache) update(ctx context.Context, cur *mapIndex, agreement string, version int, st mapStamp, done chan struct{}) (whole bool) {
	if cur != nil && cur.agreement == agreement && cur.version == version {
		days, ids, ok, err := c.changed(ctx, cur, st)
		if err != nil {
			c.finish(done, nil, nil, err)
			return false
		}
		if ok {
			ix, err := cur.with(ctx, c.st, days, ids, st)
			if errors.Is(err, errTooManyPoints) {
				c.finish(done, nil, &mapIndex{agreement: agreement, version: version, stamp: st}, nil)
				return false
			}
			c.finish(done, ix, nil, err)
			return false
		}
	}
	c.mu.Lock()
	c.wholeRead = true
	c.mu.Unlock()
	go func() {
		ix, err := c.read(ctx, agreement, version, st)
		if errors.Is(err, errTooManyPoints) {
			c.finish(done, nil, &mapIndex{agreement: agreement, version: version, stamp: st}, nil)
			return
		}
		c.finish(done, ix, nil, err)
	}()
	return true
}

// changed lists what changed for cur's map since cur was made: the days of
// the rollup changes of its agreement version, and the incidents of new
// reports (with their days). ok is false when the copy must be read whole:
// a version judged whole (its change log says everything changed, or has
// been trimmed past cur), or more new reports than maxMapDeltaReports.
func (c *mapCache) changed(ctx context.Context, cur *mapIndex, st mapStamp) (days map[int32]bool, ids map[int64]bool, ok bool, err error) {
	days, ids = map[int32]bool{}, map[int64]bool{}
	if st.reports-cur.stamp.reports > maxMapDeltaReports {
		return nil, nil, false, nil
	}
	changes, _, err := c.st.RollupChanges(ctx, cur.stamp.rollup)
	if err != nil {
		return nil, nil, false, err
	}
	for i, ch := range changes {
		if ch.Seq > st.rollup {
			break // newer than st: the next update reads it
		}
		// A gap means the log was trimmed past cur; an empty agreement,
		// that it was trimmed at all; an empty zone, that the version was
		// judged whole.
		if i == 0 && ch.Seq != cur.stamp.rollup+1 || ch.AgreementID == "" {
			return nil, nil, false, nil
		}
		if ch.AgreementID == cur.agreement && ch.AgreementVersion == cur.version {
			if ch.ZoneID == "" || ch.Day.IsZero() {
				return nil, nil, false, nil
			}
			days[int32(ch.Day.Unix()/86400)] = true
		}
	}
	var keys []truce.Report
	if st.reports > cur.stamp.reports {
		if err := c.st.ReportRange(ctx, cur.stamp.reports, st.reports, func(r *truce.Report) error {
			keys = append(keys, truce.Report{Source: r.Source, SourceKey: r.SourceKey})
			return nil
		}); err != nil {
			return nil, nil, false, err
		}
	}
	for _, k := range keys {
		if err := c.st.Incidents(ctx, truce.IncidentFilter{Source: k.Source, SourceKey: k.SourceKey, WithWithdrawn: true}, func(inc *truce.Incident) error {
			ids[inc.ID] = true
			days[int32(inc.DateStart.Unix()/86400)] = true
			return nil
		}); err != nil {
			return nil, nil, false, err
		}
	}
	return days, ids, true, nil
}

// with returns a copy of ix with the incidents of days and ids read again
// from st (those no longer judged or standing dropped), stamped s.
func (ix *mapIndex) with(ctx context.Context, st Store, days map[int32]bool, ids map[int64]bool, s mapStamp) (*mapIndex, error) {
	out := &mapIndex{agreement: ix.agreement, version: ix.version, stamp: s, fullRead: ix.fullRead,
		verdicts: slices.Clone(ix.verdicts), severities: slices.Clone(ix.severities)}
	var fresh []truce.MapPoint
	for _, d := range slices.Sorted(maps.Keys(days)) {
		day := time.Unix(int64(d)*86400, 0).UTC()
		if err := st.MapPoints(ctx, truce.MapFilter{AgreementID: ix.agreement, Version: ix.version, From: day, To: day, BBox: [4]float64{-180, -90, 180, 90}},
			func(p truce.MapPoint) error { fresh = append(fresh, p); return nil }); err != nil {
			return nil, err
		}
	}
	slices.SortFunc(fresh, func(a, b truce.MapPoint) int {
		if c := a.Day.Compare(b.Day); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	codes := newMapCodes(out)
	n := len(ix.ids) + len(fresh)
	if n > maxMapCachePoints {
		return nil, errTooManyPoints
	}
	out.grow(n)
	// Merge the kept entries (in order already) with the fresh ones.
	i, j := 0, 0
	for i < len(ix.ids) || j < len(fresh) {
		if i < len(ix.ids) && (days[ix.days[i]] || ids[ix.ids[i]]) {
			i++
			continue
		}
		if j < len(fresh) && (i == len(ix.ids) || mapBefore(int32(fresh[j].Day.Unix()/86400), fresh[j].ID, ix.days[i], ix.ids[i])) {
			out.add(fresh[j], codes)
			j++
			continue
		}
		out.days = append(out.days, ix.days[i])
		out.ids = append(out.ids, ix.ids[i])
		out.lon, out.lat = append(out.lon, ix.lon[i]), append(out.lat, ix.lat[i])
		out.verdict, out.severity = append(out.verdict, ix.verdict[i]), append(out.severity, ix.severity[i])
		out.deaths = append(out.deaths, ix.deaths[i])
		i++
	}
	return out, nil
}

func mapBefore(d1 int32, id1 int64, d2 int32, id2 int64) bool {
	return d1 < d2 || d1 == d2 && id1 < id2
}

// mapCodes numbers a copy's verdicts and severities.
type mapCodes struct {
	verdict  map[truce.Verdict]uint8
	severity map[string]uint8
}

func newMapCodes(ix *mapIndex) mapCodes {
	c := mapCodes{map[truce.Verdict]uint8{}, map[string]uint8{}}
	for i, v := range ix.verdicts {
		c.verdict[v] = uint8(i)
	}
	for i, s := range ix.severities {
		c.severity[s] = uint8(i)
	}
	return c
}

func (ix *mapIndex) grow(n int) {
	ix.days, ix.ids = make([]int32, 0, n), make([]int64, 0, n)
	ix.lon, ix.lat = make([]float64, 0, n), make([]float64, 0, n)
	ix.verdict, ix.severity, ix.deaths = make([]uint8, 0, n), make([]uint8, 0, n), make([]int32, 0, n)
}

// add appends p to ix's columns.
func (ix *mapIndex) add(p truce.MapPoint, codes mapCodes) {
	v, ok := codes.verdict[p.Verdict]
	if !ok {
		v = uint8(len(ix.verdicts))
		codes.verdict[p.Verdict], ix.verdicts = v, append(ix.verdicts, p.Verdict)
	}
	sv, ok := codes.severity[p.Severity]
	if !ok {
		sv = uint8(len(ix.severities))
		codes.severity[p.Severity], ix.severities = sv, append(ix.severities, p.Severity)
	}
	ix.days = append(ix.days, int32(p.Day.Unix()/86400))
	ix.ids = append(ix.ids, p.ID)
	ix.lon, ix.lat = append(ix.lon, p.Lon), append(ix.lat, p.Lat)
	ix.verdict, ix.severity = append(ix.verdict, v), append(ix.severity, sv)
	ix.deaths = append(ix.deaths, int32(p.Deaths))
}

// wholeReads counts the copies read whole, for tests of the updates.
var wholeReads atomic.Int64

// beforeWholeRead, when set, is called as a whole reading starts: a test
// holds the reading there to see what is answered meanwhile.
var beforeWholeRead func()

// read reads a copy of the store whole, as it was at st (or later: a
// change that lands during the reading is read again at the next request).
func (c *mapCache) read(ctx context.Context, agreement string, version int, st mapStamp) (*mapIndex, error) {
	wholeReads.Add(1)
	if beforeWholeRead != nil {
		beforeWholeRead()
	}
	t0 := time.Now()
	ix := &mapIndex{agreement: agreement, version: version, stamp: st}
	codes := newMapCodes(ix)
	err := c.st.MapPoints(ctx, truce.MapFilter{AgreementID: agreement, Version: version, BBox: [4]float64{-180, -90, 180, 90}}, func(p truce.MapPoint) error {
		if len(ix.ids) >= maxMapCachePoints {
			return errTooManyPoints
		}
		ix.add(p, codes)
		return nil
	})
	if err != nil {
		return nil, err
	}
	ix.sortByDay()
	ix.fullRead = time.Since(t0)
	return ix, nil
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
