package sim

import (
	"math"
	"time"

	"github.com/paulmach/orb"

	"github.com/truce-monitor/truce"
)

// Config says what to simulate. Fields whose zero value would be meaningless
// (dates, Days, BaseRate, Dispersion, Bounds, IDBase) get defaults when zero;
// Effect, OutsideRate and ExcludedShare are taken as given, because zero is a
// legitimate value for each. Start from DefaultConfig to get them all.
type Config struct {
	Seed uint64

	Start     time.Time // first day, truncated to a UTC date; zero: 2017-01-01
	Days      int       // zero: 365
	Ceasefire time.Time // when the ceasefire takes effect in zones without EffectiveFrom; zero: 2017-05-06 (Astana memorandum)

	// Effect is the ratio of the event rate inside a zone while its
	// ceasefire is in force to the rate before (0.35: a 65 % decline; 1: no
	// effect; 0: nothing happens in zones after the ceasefire).
	Effect float64
	// BaseRate is the mean number of events per zone per day before the
	// ceasefire; zero: 6.
	BaseRate float64
	// OutsideRate is the mean number of events per day outside all zones.
	OutsideRate float64
	// ExcludedShare is the share of events inside zones that are fought
	// against an excluded group, and so are no violations.
	ExcludedShare float64
	// Hidden is the share of those whose sources name only the aggregate
	// "Syrian insurgents", as UCDP does for most of the government's war
	// with HTS: the truth (Truth.Excluded, the CSV's sim_excluded) keeps
	// what the reported sides hide. 0: every excluded group is named.
	Hidden float64
	// Dispersion is the shape k of the gamma mixing the daily rates: smaller
	// means burstier, +Inf means plain Poisson; zero: 2.
	Dispersion float64

	Zones  []truce.Zone // where zone events are placed; each needs an ID and a polygon with area
	Bounds orb.Bound    // where outside events are placed; zero: Syria's bbox, 35.7–42.4 E, 32.3–37.4 N
	IDBase int64        // the first event's id; zero: 1

	// Limit stops the run after this many events, however many days are
	// left; zero: no limit. Benchmarks and "--rows" use it to get an exact
	// row count.
	Limit int64
}

// Defaults, exported so that the CLI's flags and the docs can quote them.
var (
	DefaultStart     = time.Date(2017, 1, 1, 0, 0, 0, 0, time.UTC)
	DefaultCeasefire = time.Date(2017, 5, 6, 0, 0, 0, 0, time.UTC)
	DefaultBounds    = orb.Bound{Min: orb.Point{35.7, 32.3}, Max: orb.Point{42.4, 37.4}}
)

// Default values of the numeric fields.
const (
	DefaultDays          = 365
	DefaultEffect        = 0.35
	DefaultBaseRate      = 6
	DefaultOutsideRate   = 8
	DefaultExcludedShare = 0.3
	DefaultDispersion    = 2
)

// DefaultConfig returns a Config with every default filled in, for the
// given seed and zones.
func DefaultConfig(seed uint64, zones []truce.Zone) Config {
	return Config{
		Seed:          seed,
		Start:         DefaultStart,
		Days:          DefaultDays,
		Ceasefire:     DefaultCeasefire,
		Effect:        DefaultEffect,
		BaseRate:      DefaultBaseRate,
		OutsideRate:   DefaultOutsideRate,
		ExcludedShare: DefaultExcludedShare,
		Dispersion:    DefaultDispersion,
		Zones:         zones,
		Bounds:        DefaultBounds,
		IDBase:        1,
	}
}

// normalize fills the defaults and checks the rest, naming the field at
// fault in words a CLI user can act on.
func (c Config) normalize() (Config, error) {
	if c.Start.IsZero() {
		c.Start = DefaultStart
	}
	c.Start = utcDate(c.Start)
	if c.Ceasefire.IsZero() {
		c.Ceasefire = DefaultCeasefire
	}
	c.Ceasefire = utcDate(c.Ceasefire)
	if c.Days == 0 {
		c.Days = DefaultDays
	}
	if c.BaseRate == 0 {
		c.BaseRate = DefaultBaseRate
	}
	if c.Dispersion == 0 {
		c.Dispersion = DefaultDispersion
	}
	if c.Bounds == (orb.Bound{}) {
		c.Bounds = DefaultBounds
	}
	if c.IDBase == 0 {
		c.IDBase = 1
	}
	switch {
	case c.Days < 0:
		return c, truce.Errorf(truce.EINVALID, "sim: days must be positive, got %d", c.Days)
	case !finiteNonNeg(c.Effect):
		return c, truce.Errorf(truce.EINVALID, "sim: effect must be a finite number ≥ 0, got %v", c.Effect)
	case !finiteNonNeg(c.BaseRate):
		return c, truce.Errorf(truce.EINVALID, "sim: base rate must be a finite number ≥ 0, got %v", c.BaseRate)
	case !finiteNonNeg(c.OutsideRate):
		return c, truce.Errorf(truce.EINVALID, "sim: outside rate must be a finite number ≥ 0, got %v", c.OutsideRate)
	case !(c.ExcludedShare >= 0 && c.ExcludedShare <= 1):
		return c, truce.Errorf(truce.EINVALID, "sim: excluded share must be between 0 and 1, got %v", c.ExcludedShare)
	case !(c.Hidden >= 0 && c.Hidden <= 1):
		return c, truce.Errorf(truce.EINVALID, "sim: hidden share must be between 0 and 1, got %v", c.Hidden)
	case !(c.Dispersion > 0):
		return c, truce.Errorf(truce.EINVALID, "sim: dispersion must be > 0 (+Inf for Poisson), got %v", c.Dispersion)
	case c.Start.AddDate(0, 0, c.Days+400).Year() > 9999:
		// Dates are written as YYYY-MM-DD; 400 days leave room for the
		// longest date window.
		return c, truce.Errorf(truce.EINVALID, "sim: %d days from %s run past the year 9999", c.Days, c.Start.Format(truce.DateLayout))
	case c.Limit < 0:
		return c, truce.Errorf(truce.EINVALID, "sim: limit must be ≥ 0, got %d", c.Limit)
	case !(c.Bounds.Min[0] < c.Bounds.Max[0] && c.Bounds.Min[1] < c.Bounds.Max[1]):
		return c, truce.Errorf(truce.EINVALID, "sim: bounds must have area, got %v", c.Bounds)
	}
	seen := make(map[string]bool, len(c.Zones))
	for i, z := range c.Zones {
		if z.ID == "" {
			return c, truce.Errorf(truce.EINVALID, "sim: zone %d (%q) has no ID", i+1, z.Name)
		}
		if seen[z.ID] {
			return c, truce.Errorf(truce.EINVALID, "sim: zone ID %q appears twice", z.ID)
		}
		seen[z.ID] = true
	}
	return c, nil
}

func finiteNonNeg(x float64) bool { return x >= 0 && !math.IsInf(x, 1) }

func utcDate(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
