package http

import (
	"context"
	"sync"
	"time"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/assess"
)

// rollupCache keeps the zone-day rollup rows the server has read, by
// agreement, version, zone and day, so that a status or trend costs a look
// at the store's change log instead of a scan of the rollup. Before every
// read it applies the changes logged since its last look (by this server or
// any other process), dropping exactly the zone-days rebuilt; so it never
// serves a row the store has since replaced. The store is never called
// with the lock held: concurrent readers only queue for map updates.
type rollupCache struct {
	st Store
	mu sync.Mutex
	// seq is the last change applied; -1: not started.
	seq int64
	// resetSeq is the last "everything changed" change applied: rows read
	// before it must not be kept.
	resetSeq int64
	zones    map[rollupZone]*rollupDays
	rows     int // rows kept since the cache last started over (an upper bound of its size)
	// gen counts the times the cache started over, forgetting which days
	// changed: an answer built across a start-over is not kept.
	gen int
	// answers holds status answers, each valid while no rollup row it
	// read has changed (see Status).
	answers map[statusKey]statusAnswer
}

// statusKey names one zone's status answer: the agreement's stored
// version, the version whose verdicts the rollup holds, the day, the zone
// and the window asked for.
type statusKey struct {
	agreement       string
	version, judged int
	day             int64
	zone            string
	window          int
	// dataEnd is the store's last day of data, which an import outside
	// the zones may move without a rollup change.
	dataEnd int64
}

// statusAnswer is a zone's status answer with the last rollup change it
// includes and the days of the rollup it read.
type statusAnswer struct {
	rep      *assess.StatusReport
	seq      int64
	from, to int64
}

// maxStatusAnswers bounds the zone answers kept; past it, they start
// over. An answer is about a kilobyte, and a year of days for a dozen
// zones and a few windows fits.
const maxStatusAnswers = 16384

type rollupZone struct {
	agreement string
	version   int
	zone      string
}

// rollupDays holds one zone's rows by day (dayNumber); a day present with
// no rows is known to have none. changed holds, by day, the last change
// that rebuilt it, so a read that raced that change is not kept.
type rollupDays struct {
	days    map[int64][]truce.ZoneDay
	changed map[int64]int64
}

// dayNumber numbers UTC days, cheaper as a map key than a formatted date.
func dayNumber(t time.Time) int64 { return t.Unix() / 86400 }

// maxCachedRows bounds the cache; past it, it starts over.
const maxCachedRows = 2_000_000

func newRollupCache(st Store) *rollupCache {
	return &rollupCache{st: st, seq: -1, zones: map[rollupZone]*rollupDays{}, answers: map[statusKey]statusAnswer{}}
}

func (c *rollupCache) zone(k rollupZone) *rollupDays {
	z := c.zones[k]
	if z == nil {
		z = &rollupDays{days: map[int64][]truce.ZoneDay{}, changed: map[int64]int64{}}
		c.zones[k] = z
	}
	return z
}

// refresh applies the changes the store logged since the last refresh.
func (c *rollupCache) refresh(ctx context.Context) error {
	c.mu.Lock()
	since := max(c.seq, 0)
	c.mu.Unlock()
	changes, latest, err := c.st.RollupChanges(ctx, since)
	if err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.seq < 0 {
		// Starting out: everything up to latest is in the store already.
		c.seq, c.resetSeq = latest, latest
		return nil
	}
	for _, ch := range changes {
		if ch.Seq <= c.seq {
			continue // applied by a concurrent refresh
		}
		if ch.ZoneID == "" {
			for k := range c.zones {
				if ch.AgreementID == "" || k.agreement == ch.AgreementID && k.version == ch.AgreementVersion {
					delete(c.zones, k)
				}
			}
			c.resetSeq = ch.Seq
			continue
		}
		z := c.zone(rollupZone{ch.AgreementID, ch.AgreementVersion, ch.ZoneID})
		d := dayNumber(ch.Day)
		delete(z.days, d)
		z.changed[d] = ch.Seq
	}
	c.seq = max(c.seq, latest)
	return nil
}

// ZoneDays answers from the cache when f names a zone and a version and
// bounds its days; anything else goes to the store.
func (c *rollupCache) ZoneDays(ctx context.Context, f truce.ZoneDayFilter) ([]truce.ZoneDay, error) {
	if f.ZoneID == "" || f.Version == 0 || f.From.IsZero() || f.To.IsZero() || f.To.Before(f.From) || f.To.Sub(f.From) > 5*366*24*time.Hour {
		return c.st.ZoneDays(ctx, f)
	}
	if err := c.refresh(ctx); err != nil {
		return nil, err
	}
	key := rollupZone{f.AgreementID, f.Version, f.ZoneID}
	first, last := dayNumber(f.From), dayNumber(f.To)
	c.mu.Lock()
	seen := c.seq
	z := c.zone(key)
	lo, hi := int64(-1), int64(-1)
	// snap holds the cached days as they are now: a concurrent refresh may
	// drop them while the missing ones are read.
	snap := make([][]truce.ZoneDay, last-first+1)
	for d := first; d <= last; d++ {
		rows, ok := z.days[d]
		if !ok {
			if lo < 0 {
				lo = d
			}
			hi = d
		}
		snap[d-first] = rows
	}
	var out []truce.ZoneDay
	if lo < 0 {
		// Sized once: a status copies tens of days of rows per zone.
		n := 0
		for _, rows := range snap {
			n += len(rows)
		}
		out = make([]truce.ZoneDay, 0, n)
		for _, rows := range snap {
			out = append(out, rows...)
		}
		c.mu.Unlock()
		return out, nil
	}
	c.mu.Unlock()
	// Everything changed up to seen is in what this read returns.
	rows, err := c.st.ZoneDays(ctx, truce.ZoneDayFilter{AgreementID: f.AgreementID, Version: f.Version, ZoneID: f.ZoneID,
		From: time.Unix(lo*86400, 0).UTC(), To: time.Unix(hi*86400, 0).UTC()})
	if err != nil {
		return nil, err
	}
	fetched := map[int64][]truce.ZoneDay{}
	for _, r := range rows {
		d := dayNumber(r.Day)
		fetched[d] = append(fetched[d], r)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	keep := seen >= c.resetSeq
	if keep {
		if c.rows += len(rows) + 1; c.rows > maxCachedRows {
			c.zones, c.rows = map[rollupZone]*rollupDays{}, len(rows)
			c.gen++
			c.answers = map[statusKey]statusAnswer{}
		}
	}
	z = c.zone(key)
	for d := first; d <= last; d++ {
		if d < lo || d > hi {
			out = append(out, snap[d-first]...) // cached before this read
			continue
		}
		out = append(out, fetched[d]...)
		// A change after seen may have rebuilt the day since this read's
		// snapshot; then the next read fetches it again.
		if _, ok := z.days[d]; keep && !ok && z.changed[d] <= seen {
			z.days[d] = fetched[d]
		}
	}
	return out, nil
}

// Status returns assess.BuildStatus's answer for a, stored as version,
// from zone answers kept from earlier requests: each is kept while no
// rollup row of its zone in the days it read (assess.StatusDays) has
// changed since. A status read then costs a look at the store's change
// log, not a grading, and a write makes only the zones and days it touched
// be graded again (a zone's grade reads only its own rows). Statuses with
// transitions (opts.From) are built every time.
func (c *rollupCache) Status(ctx context.Context, a *truce.Agreement, version int, day time.Time, opts assess.StatusOptions) (*assess.StatusReport, error) {
	if !opts.From.IsZero() || !opts.To.IsZero() || len(a.Zones) == 0 || opts.Zone != "" && !a.HasZone(opts.Zone) {
		return assess.BuildStatus(ctx, c, a, day, opts)
	}
	judged, err := c.st.JudgedVersion(ctx, a.ID)
	if err != nil {
		return nil, err
	}
	if judged == 0 {
		return assess.BuildStatus(ctx, c, a, day, opts) // nothing judged: its error says so
	}
	if err := c.refresh(ctx); err != nil {
		return nil, err
	}
	// The data's last day, read once for every zone's answer.
	if opts.DataEnd, err = c.DataEnd(ctx); err != nil {
		return nil, err
	}
	var rep *assess.StatusReport
	for _, z := range a.Zones {
		if opts.Zone != "" && z.ID != opts.Zone {
			continue
		}
		zr, err := c.zoneStatus(ctx, a, version, judged, day, opts, z.ID)
		if err != nil {
			return nil, err
		}
		if rep == nil {
			rep = &assess.StatusReport{AgreementID: zr.AgreementID, Date: zr.Date, WindowDays: zr.WindowDays, Zones: make([]assess.ZoneReport, 0, len(a.Zones))}
		}
		rep.Zones = append(rep.Zones, zr.Zones...)
	}
	return rep, nil
}

// zoneStatus returns the status of one zone, kept or built; see Status.
func (c *rollupCache) zoneStatus(ctx context.Context, a *truce.Agreement, version, judged int, day time.Time, opts assess.StatusOptions, zone string) (*assess.StatusReport, error) {
	from, to := assess.StatusDays(a, day, opts)
	k := statusKey{agreement: a.ID, version: version, judged: judged, day: dayNumber(day), zone: zone, window: opts.Window, dataEnd: dayNumber(opts.DataEnd)}
	c.mu.Lock()
	seen, gen := c.seq, c.gen
	if ans, ok := c.answers[k]; ok && c.unchanged(k, ans) {
		c.mu.Unlock()
		return ans.rep, nil
	}
	c.mu.Unlock()
	// Built from rows that hold every change up to seen, at least.
	opts.Zone = zone
	rep, err := assess.BuildStatus(ctx, judgedRows{c, judged}, a, day, opts)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen == c.gen && seen >= c.resetSeq {
		if len(c.answers) >= maxStatusAnswers {
			c.answers = map[statusKey]statusAnswer{}
		}
		c.answers[k] = statusAnswer{rep: rep, seq: seen, from: dayNumber(from), to: dayNumber(to)}
	}
	return rep, nil
}

// judgedRows reads one zone's rollup rows of the judged version through the
// cache: assess.BuildStatus asks for a single zone's rows without naming
// the version, which the cache would leave to the store.
type judgedRows struct {
	c       *rollupCache
	version int
}

// DataEnd is the store's last day of data (assess.DataEnd), not kept:
// one look at an index.
func (c *rollupCache) DataEnd(ctx context.Context) (time.Time, error) {
	return assess.DataEnd(ctx, c.st)
}

func (j judgedRows) ZoneDays(ctx context.Context, f truce.ZoneDayFilter) ([]truce.ZoneDay, error) {
	if f.Version == 0 {
		f.Version = j.version
	}
	return j.c.ZoneDays(ctx, f)
}

// unchanged says whether no rollup row of the zone and days ans was built
// from has changed since; c.mu is held.
func (c *rollupCache) unchanged(k statusKey, ans statusAnswer) bool {
	if ans.seq < c.resetSeq {
		return false
	}
	// No entry: no change to the zone since the cache started (or started
	// over, which dropped the answers too).
	zd := c.zones[rollupZone{k.agreement, k.judged, k.zone}]
	if zd == nil {
		return true
	}
	for d := ans.from; d <= ans.to; d++ {
		if zd.changed[d] > ans.seq {
			return false
		}
	}
	return true
}

// JudgedVersion passes through, so assess.BuildStatus reads zone by zone.
func (c *rollupCache) JudgedVersion(ctx context.Context, agreementID string) (int, error) {
	return c.st.JudgedVersion(ctx, agreementID)
}
