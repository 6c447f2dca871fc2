package geo

import (
	"fmt"
	"math"
	"sync"

	"github.com/paulmach/orb"
	"github.com/tidwall/rtree"

	"github.com/truce-monitor/truce"
)

// Radii of the areas of uncertainty, in km.
const (
	NearKm       = 25 // UCDP where_prec 2: "within 25 km of a known point"
	Admin2DiscKm = 30 // a district, when its boundary is unknown: roughly a Syrian district's half-width
	Admin1DiscKm = 80 // a governorate, likewise
	FuzzyKm      = 50 // where_prec 5 and unknown precision: near enough to be worth a look
)

// Options configures an Index.
type Options struct {
	// Admin holds the boundaries for locations known only to a district or a
	// governorate. Nil: such locations are treated as discs of Admin2DiscKm
	// or Admin1DiscKm around their point.
	Admin *AdminAreas
}

// Index places locations in a fixed set of zones. It implements truce.Placer
// and is safe for concurrent use.
type Index struct {
	zones []zoneEntry
	all   []int32             // 0..len(zones)-1, for points near too many zones to list
	tree  rtree.RTreeG[int32] // zone bboxes padded by the widest reach
	admin *AdminAreas
	rels  [3][][]adminRel // [level][unit]: the zones the unit is not disjoint from, in zone order
	// countryKm2 is the area of the governorates, for the share of a zone in
	// a location known only to the country; 0 without admin boundaries.
	countryKm2 float64
	// unitPartCache holds each admin unit's sample points grouped for one
	// zone ([level, unit, zone] → []areaPart), for weighing by activity.
	unitPartCache sync.Map
}

// Disc kinds: which area of uncertainty, and why it is a disc.
const (
	discNear = iota
	discAdm2NoAdmin
	discAdm2NoUnit
	discAdm1NoAdmin
	discAdm1NoUnit
	nDisc
)

var discKm = [nDisc]float64{NearKm, Admin2DiscKm, Admin2DiscKm, Admin1DiscKm, Admin1DiscKm}

// Reach cases: how far from a zone a location can be and still matter.
const (
	reachExact = iota
	reachNear
	reachAdm2
	reachAdm1
	reachFuzzy
	nReach
)

type zoneEntry struct {
	id      string
	name    string // for reasons: the zone's name, or its id
	prep    *Prepared
	buffer  float64
	sigma   float64 // the border's standard error in km (Zone.BorderErrorKm)
	areaKm2 float64
	reach   [nReach]orb.Bound // bbox padded by each case's reach, for a cheap reject

	// Reasons are built once here so that Place does not allocate.
	exactInside, exactBuffer   string
	disc                       [nDisc][3]string // inside, uncertain, buffer
	fuzzyInside, fuzzyNear     string
	unknownInside, unknownNear string
	country, countryNoPoint    string
}

type adminRel struct {
	zone      int32
	placement truce.Placement
	reason    string
	share     float64
}

// NewIndex prepares zones for placement. It validates each zone (a non-empty
// id not used twice, non-empty geometry of closed rings with at least four
// finite lon/lat positions enclosing an area, a finite non-negative buffer)
// and fails with an EINVALID *truce.Error naming the zone. With opts.Admin it
// also relates every admin unit to every zone, once.
func NewIndex(zones []truce.Zone, opts Options) (*Index, error) {
	ix := &Index{admin: opts.Admin}
	seen := make(map[string]bool, len(zones))
	for i, z := range zones {
		if z.ID == "" {
			return nil, truce.Errorf(truce.EINVALID, "zone %d (%q): empty id", i, z.Name)
		}
		if seen[z.ID] {
			return nil, truce.Errorf(truce.EINVALID, "zone %q: id used twice", z.ID)
		}
		seen[z.ID] = true
		if err := validateGeometry(z.Geometry); err != nil {
			return nil, truce.Errorf(truce.EINVALID, "zone %q: geometry: %v", z.ID, err)
		}
		if !finite(z.BufferKm) || z.BufferKm < 0 {
			return nil, truce.Errorf(truce.EINVALID, "zone %q: buffer %v km, want a finite number >= 0", z.ID, z.BufferKm)
		}
		if !finite(z.BorderErrorKm) || z.BorderErrorKm < 0 {
			return nil, truce.Errorf(truce.EINVALID, "zone %q: border error %v km, want a finite number >= 0", z.ID, z.BorderErrorKm)
		}
		e := zoneEntry{id: z.ID, prep: Prepare(z.Geometry), buffer: z.BufferKm, sigma: z.BorderErrorKm, areaKm2: areaKm2(z.Geometry)}
		e.setReach()
		e.setReasons(z)
		ix.zones = append(ix.zones, e)
		ix.all = append(ix.all, int32(i))
		r := e.reach[reachAdm1].Union(e.reach[reachFuzzy])
		ix.tree.Insert(r.Min, r.Max, int32(i))
	}
	if a := opts.Admin; a != nil {
		for level := 1; level <= 2; level++ {
			lv := &a.levels[level]
			ix.rels[level] = make([][]adminRel, len(lv.units))
			for zi := range ix.zones {
				z := &ix.zones[zi]
				b := z.prep.Bound()
				lv.tree.Search(b.Min, b.Max, func(_, _ [2]float64, ui int32) bool {
					rel := Relate(lv.prep[ui], z.prep)
					if rel == Disjoint {
						return true
					}
					r := z.adminRel(int32(zi), &lv.units[ui], rel)
					r.share = 1
					if rel != Contained {
						r.share = roundShare(unitShare(lv.prep[ui], z.prep))
					}
					ix.rels[level][ui] = append(ix.rels[level][ui], r)
					return true
				})
			}
			// The tree visits units in its own order; zones were visited in
			// order, so each unit's list is already sorted by zone.
		}
		for _, u := range a.levels[1].units {
			ix.countryKm2 += areaKm2(u.Geometry)
		}
	}
	return ix, nil
}

// setReach pads the zone's bbox by each case's reach. Longitude degrees are
// converted at the latitude nearest a pole, so the box never falls short.
func (e *zoneEntry) setReach() {
	km := [nReach]float64{
		reachExact: e.buffer,
		reachNear:  NearKm + e.buffer,
		reachAdm2:  Admin2DiscKm + e.buffer,
		reachAdm1:  Admin1DiscKm + e.buffer,
		reachFuzzy: FuzzyKm,
	}
	b := e.prep.Bound()
	for i, k := range km {
		dLat := k / kmPerDeg * 1.001
		maxLat := math.Max(math.Abs(b.Min[1]-dLat), math.Abs(b.Max[1]+dLat))
		dLon := 360.0
		if c := math.Cos(maxLat * math.Pi / 180); maxLat < 89 {
			dLon = math.Min(360, k/(kmPerDeg*c)*1.001)
		}
		e.reach[i] = orb.Bound{
			Min: orb.Point{b.Min[0] - dLon, b.Min[1] - dLat},
			Max: orb.Point{b.Max[0] + dLon, b.Max[1] + dLat},
		}
	}
}

func (e *zoneEntry) setReasons(z truce.Zone) {
	name := z.Name
	if name == "" {
		name = z.ID
	}
	e.name = name
	buf := fmt.Sprintf("its %s km security buffer", trimKm(z.BufferKm))
	e.exactInside = "exact point (precision 1) inside zone " + name
	e.exactBuffer = fmt.Sprintf("exact point (precision 1) outside zone %s, within %s", name, buf)
	prefixes := [nDisc]string{
		discNear:        "located only to within 25 km (precision 2)",
		discAdm2NoAdmin: "located only to a district (precision 3) and no district boundaries are loaded, so taken as a 30 km circle",
		discAdm2NoUnit:  "located only to a district (precision 3) but the point lies in no known district, so taken as a 30 km circle",
		discAdm1NoAdmin: "located only to a governorate (precision 4) and no governorate boundaries are loaded, so taken as an 80 km circle",
		discAdm1NoUnit:  "located only to a governorate (precision 4) but the point lies in no known governorate, so taken as an 80 km circle",
	}
	for k, p := range prefixes {
		e.disc[k] = [3]string{
			p + "; the whole circle lies inside zone " + name,
			p + "; the circle partly overlaps zone " + name,
			p + "; the circle misses zone " + name + " but reaches " + buf + ", so it may be in the buffer",
		}
	}
	e.fuzzyInside = "fuzzy location (precision 5); its point lies inside zone " + name + " but the event may have been elsewhere"
	e.fuzzyNear = "fuzzy location (precision 5); its point lies within 50 km of zone " + name
	e.unknownInside = "location precision unknown, so taken as fuzzy; its point lies inside zone " + name
	e.unknownNear = "location precision unknown, so taken as fuzzy; its point lies within 50 km of zone " + name
	e.country = "located only to the country (precision 6); it may have been in zone " + name
	e.countryNoPoint = "no coordinates, located only to the country; it may have been in zone " + name
}

func trimKm(km float64) string { return fmt.Sprintf("%g", km) }

func (e *zoneEntry) adminRel(zi int32, u *AdminUnit, rel Relation) adminRel {
	kind, prec := "district", 3
	if u.Level == 1 {
		kind, prec = "governorate", 4
	}
	name := e.name
	r := adminRel{zone: zi, placement: truce.Uncertain}
	what := fmt.Sprintf("located only to %s %s (%s, precision %d)", kind, u.Name, u.Code, prec)
	if rel == Contained {
		r.placement = truce.Inside
		r.reason = what + ", which lies wholly inside zone " + name
	} else {
		r.reason = what + ", which partly overlaps zone " + name
	}
	return r
}

// Place appends loc's memberships in the zones to dst, in zone order, and
// returns the extended slice. It allocates nothing when dst has room.
//
// The rules, by loc.Precision (UCDP where_prec):
//   - no usable point (none, NaN, out of range): nothing, except with
//     PrecCountry, which is Uncertain in every zone;
//   - 1, exact: Inside if in the zone (boundary included), else InBuffer if
//     within the zone's buffer;
//   - 2, a 25 km circle: Inside if the whole circle is in the zone, Uncertain
//     if it overlaps the zone, InBuffer if it reaches only the buffer;
//   - 3 and 4: the district or governorate containing the point (UCDP puts
//     such points at its centroid or seat): Inside if the unit lies wholly in
//     the zone, Uncertain if it overlaps. Without admin boundaries, or when no
//     unit contains the point, a circle of 30 or 80 km as for precision 2;
//   - 5, fuzzy, 0 and any unknown value: Uncertain if the point is in the zone
//     or within 50 km of it;
//   - 6, country: Uncertain in every zone;
//   - 7, sea or air: nothing.
func (ix *Index) Place(loc truce.Location, dst []truce.Membership) []truce.Membership {
	prec := loc.Precision
	if prec < 0 || prec > truce.PrecSeaAir {
		prec = 0
	}
	x, y := loc.Lon, loc.Lat
	if !loc.HasPoint || !finite(x) || !finite(y) || x < -180 || x > 180 || y < -90 || y > 90 {
		if prec == truce.PrecCountry {
			for i := range ix.zones {
				dst = append(dst, truce.Membership{ZoneID: ix.zones[i].id, Placement: truce.Uncertain, Reason: ix.zones[i].countryNoPoint, Share: ix.countryShare(i)})
			}
		}
		return dst
	}
	switch prec {
	case truce.PrecSeaAir:
		return dst
	case truce.PrecCountry:
		for i := range ix.zones {
			dst = append(dst, truce.Membership{ZoneID: ix.zones[i].id, Placement: truce.Uncertain, Reason: ix.zones[i].country, Share: ix.countryShare(i)})
		}
		return dst
	case truce.PrecExact:
		return ix.placeExact(x, y, dst)
	case truce.PrecNear:
		return ix.placeDisc(x, y, discNear, dst)
	case truce.PrecAdmin2, truce.PrecAdmin1:
		level, noAdmin, noUnit := 2, discAdm2NoAdmin, discAdm2NoUnit
		if prec == truce.PrecAdmin1 {
			level, noAdmin, noUnit = 1, discAdm1NoAdmin, discAdm1NoUnit
		}
		if ix.admin == nil || len(ix.admin.levels[level].units) == 0 {
			return ix.placeDisc(x, y, noAdmin, dst)
		}
		u := ix.admin.locate(level, x, y)
		if u < 0 {
			return ix.placeDisc(x, y, noUnit, dst)
		}
		for _, r := range ix.rels[level][u] {
			dst = append(dst, truce.Membership{ZoneID: ix.zones[r.zone].id, Placement: r.placement, Reason: r.reason, Share: r.share})
		}
		return dst
	default:
		return ix.placeFuzzy(x, y, prec == truce.PrecFuzzy, dst)
	}
}

// maxCand bounds the candidate zones kept on the stack; a point near more
// zones than this falls back to a scan of all zones.
const maxCand = 64

// candidates returns the zones whose widest reach box contains (x, y), in
// zone order, using buf as storage so nothing is allocated.
func (ix *Index) candidates(x, y float64, buf *[maxCand]int32) []int32 {
	n, ok := 0, true
	ix.tree.Search([2]float64{x, y}, [2]float64{x, y}, func(_, _ [2]float64, zi int32) bool {
		if n == maxCand {
			ok = false
			return false
		}
		// Insertion sort: the tree's order is not the zones' order.
		j := n
		for j > 0 && buf[j-1] > zi {
			buf[j] = buf[j-1]
			j--
		}
		buf[j] = zi
		n++
		return true
	})
	if !ok {
		return ix.all
	}
	return buf[:n]
}

func (ix *Index) placeExact(x, y float64, dst []truce.Membership) []truce.Membership {
	var buf [maxCand]int32
	for _, zi := range ix.candidates(x, y, &buf) {
		z := &ix.zones[zi]
		if !z.reach[reachExact].Contains(orb.Point{x, y}) {
			continue
		}
		if z.prep.contains(x, y) {
			dst = append(dst, truce.Membership{ZoneID: z.id, Placement: truce.Inside, Reason: z.exactInside, Share: z.borderShare(x, y, 1)})
		} else if z.buffer > 0 && z.prep.WithinKm(orb.Point{x, y}, z.buffer) {
			dst = append(dst, truce.Membership{ZoneID: z.id, Placement: truce.InBuffer, Reason: z.exactBuffer, Share: z.borderShare(x, y, -1)})
		}
	}
	return dst
}

// placeDisc places a circle of discKm[kind] around (x, y).
func (ix *Index) placeDisc(x, y float64, kind int, dst []truce.Membership) []truce.Membership {
	rc := reachNear
	switch kind {
	case discAdm2NoAdmin, discAdm2NoUnit:
		rc = reachAdm2
	case discAdm1NoAdmin, discAdm1NoUnit:
		rc = reachAdm1
	}
	r := discKm[kind]
	r2 := r * r
	kx, ky := kmScale(y)
	var buf [maxCand]int32
	for _, zi := range ix.candidates(x, y, &buf) {
		z := &ix.zones[zi]
		if !z.reach[rc].Contains(orb.Point{x, y}) {
			continue
		}
		var pl truce.Placement
		var why string
		if z.prep.contains(x, y) {
			// A circle touching the boundary from inside is still inside
			// the closed zone, so only a strictly closer edge matters.
			if z.prep.nearest(x, y, kx, ky, r2, math.Nextafter(r2, 0)) < r2 {
				pl, why = truce.Uncertain, z.disc[kind][1]
			} else {
				pl, why = truce.Inside, z.disc[kind][0]
			}
		} else {
			lim := r + z.buffer
			d2 := z.prep.nearest(x, y, kx, ky, lim*lim, r2)
			switch {
			case d2 <= r2:
				pl, why = truce.Uncertain, z.disc[kind][1]
			case z.buffer > 0 && d2 <= lim*lim:
				pl, why = truce.InBuffer, z.disc[kind][2]
			default:
				continue
			}
		}
		share := 1.0
		if pl != truce.Inside {
			share = roundShare(discShare(z.prep, x, y, r))
		}
		dst = append(dst, truce.Membership{ZoneID: z.id, Placement: pl, Reason: why, Share: share})
	}
	return dst
}

// countryShare is zone i's part of the country, for a location known only
// to the country: its area over the governorates' (0 without them, when
// there is nothing to measure the country by).
func (ix *Index) countryShare(i int) float64 {
	if ix.countryKm2 <= 0 {
		return 0
	}
	return roundShare(math.Min(1, ix.zones[i].areaKm2/ix.countryKm2))
}

// borderShare is the chance that an exact point inside (side 1) or outside
// (side −1) the drawn zone lies inside the real one, given the border's
// standard error: 1 or 0 without one, or when the border is more than four
// standard errors away.
func (z *zoneEntry) borderShare(x, y float64, side float64) float64 {
	if z.sigma <= 0 {
		return math.Max(0, side)
	}
	kx, ky := kmScale(y)
	lim := 4 * z.sigma
	d2 := z.prep.nearest(x, y, kx, ky, lim*lim, 0)
	if math.IsInf(d2, 1) {
		return math.Max(0, side)
	}
	return roundShare(borderShare(side*math.Sqrt(d2), z.sigma))
}

func (ix *Index) placeFuzzy(x, y float64, fuzzy bool, dst []truce.Membership) []truce.Membership {
	var buf [maxCand]int32
	for _, zi := range ix.candidates(x, y, &buf) {
		z := &ix.zones[zi]
		if !z.reach[reachFuzzy].Contains(orb.Point{x, y}) {
			continue
		}
		var why string
		switch {
		case z.prep.contains(x, y):
			why = z.unknownInside
			if fuzzy {
				why = z.fuzzyInside
			}
		case z.prep.WithinKm(orb.Point{x, y}, FuzzyKm):
			why = z.unknownNear
			if fuzzy {
				why = z.fuzzyNear
			}
		default:
			continue
		}
		dst = append(dst, truce.Membership{ZoneID: z.id, Placement: truce.Uncertain, Reason: why, Share: roundShare(discShare(z.prep, x, y, FuzzyKm))})
	}
	return dst
}

// Len returns the number of zones.
func (ix *Index) Len() int { return len(ix.zones) }

var _ truce.Placer = (*Index)(nil)

// NewZoneIndex indexes zones with units (the stored admin boundaries, none
// when empty) as the placer of incidents located only to a district or
// governorate: the one way the CLI and the server build a placer.
func NewZoneIndex(zones []truce.Zone, units []AdminUnit) (*Index, error) {
	var opts Options
	if len(units) > 0 {
		var err error
		if opts.Admin, err = NewAdminAreas(units); err != nil {
			return nil, err
		}
	}
	return NewIndex(zones, opts)
}
