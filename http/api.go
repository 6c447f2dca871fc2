package http

import (
	"context"
	"errors"
	"fmt"
	nethttp "net/http"
	"strconv"
	"strings"
	"time"

	"github.com/paulmach/orb/geojson"
	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/assess"
	"github.com/truce-monitor/truce/bulletin"
	"github.com/truce-monitor/truce/export"
)

// Paging limits of incident lists.
const (
	DefaultLimit = 100
	MaxLimit     = 1000
)

func (s *Server) handleAgreements(w nethttp.ResponseWriter, r *nethttp.Request) {
	list, err := s.store.Agreements(r.Context())
	if err != nil {
		s.Error(w, r, err)
		return
	}
	out := make([]map[string]any, 0, len(list))
	for _, a := range list {
		out = append(out, map[string]any{"id": a.ID, "title": a.Title, "version": a.Version, "active": a.Active, "zones": a.Zones, "loaded_at": a.LoadedAt})
	}
	s.writeJSON(w, r, "application/json", map[string]any{"agreements": out})
}

func (s *Server) handleAgreement(w nethttp.ResponseWriter, r *nethttp.Request) {
	a, version, err := assess.ActiveVersion(r.Context(), s.store, r.PathValue("id"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	zones := make([]map[string]any, len(a.Zones))
	for i, z := range a.Zones {
		zones[i] = zoneProps(a, z)
	}
	actors := func(as []truce.Actor) []map[string]any {
		out := make([]map[string]any, len(as))
		for i, x := range as {
			out[i] = map[string]any{"id": x.ID, "name": x.Name, "aliases": x.Aliases}
		}
		return out
	}
	prohibited := make([]map[string]string, len(a.Prohibited))
	for i, p := range a.Prohibited {
		prohibited[i] = map[string]string{"id": p.ID, "event_type": p.EventType, "sub_event_type": p.SubEventType, "clause": p.Clause}
	}
	// Renewals: the dashboard offers their dates as break points.
	renewals := make([]map[string]string, len(a.Renewals))
	for i, rn := range a.Renewals {
		renewals[i] = map[string]string{"date": date(rn.Date), "until": date(rn.Until), "note": rn.Note}
	}
	// Local truces: break points too, in the zones they cover.
	truces := make([]map[string]any, len(a.Truces))
	for i, lt := range a.Truces {
		truces[i] = map[string]any{"date": date(lt.Date), "until": date(lt.Until), "zones": lt.Zones, "name": lt.Name, "source": lt.Source, "speakers": lt.Speakers}
	}
	s.writeJSON(w, r, "application/json", map[string]any{
		"id": a.ID, "title": a.Title, "version": version, "signed": date(a.Signed), "effective": date(a.Effective), "expires": date(a.Expires),
		"parties": actors(a.Parties), "guarantors": actors(a.Guarantors), "excluded": actors(a.Excluded),
		"prohibited": prohibited, "zones": zones, "sources": a.Sources, "notes": a.Notes, "renewals": renewals, "truces": truces,
	})
}

func date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(truce.DateLayout)
}

func zoneProps(a *truce.Agreement, z truce.Zone) map[string]any {
	from := z.EffectiveFrom
	if from.IsZero() {
		from = a.Effective
	}
	sites := func(list []truce.Site) []map[string]any {
		out := make([]map[string]any, len(list))
		for i, st := range list {
			out[i] = map[string]any{"name": st.Name, "lon": st.Lon, "lat": st.Lat, "since": date(st.Since)}
		}
		return out
	}
	// period_from/period_to: the days the zone's ceasefire applies (to ""
	// while open-ended), its end included; the dashboard opens a zone on them.
	pFrom, pTo := a.ZonePeriod(z)
	ended := ""
	if z.Ended != nil {
		ended = date(z.Ended.Date)
	}
	return map[string]any{"id": z.ID, "name": z.Name, "effective_from": date(from), "effective_to": date(z.EffectiveTo),
		"period_from": date(pFrom), "period_to": date(pTo), "ended": ended,
		"buffer_km": z.BufferKm, "approximate": z.Approximate, "notes": z.Notes,
		"observation_posts": sites(z.ObservationPosts), "checkpoints": sites(z.Checkpoints)}
}

// zoneFeatures returns the active agreement's zones as GeoJSON features
// with their incident counts.
func (s *Server) zoneFeatures(ctx context.Context) (*truce.Agreement, []*geojson.Feature, error) {
	a, err := s.store.ActiveAgreement(ctx)
	if err != nil {
		return nil, nil, err
	}
	counts, err := s.zoneCounts(ctx, a.ID)
	if err != nil {
		return nil, nil, err
	}
	var fs []*geojson.Feature
	for _, z := range a.Zones {
		f := geojson.NewFeature(z.Geometry)
		f.ID = z.ID
		f.Properties = zoneProps(a, z)
		f.Properties["agreement"] = a.ID
		for _, p := range []truce.Placement{truce.Inside, truce.InBuffer, truce.Uncertain} {
			f.Properties["incidents_"+string(p)] = 0
		}
		f.Properties["deaths_inside"] = 0
		for _, c := range counts {
			if c.ZoneID != z.ID {
				continue
			}
			f.Properties["incidents_"+string(c.Placement)] = c.Incidents
			if c.Placement == truce.Inside {
				f.Properties["deaths_inside"] = c.Fatalities
			}
		}
		fs = append(fs, f)
	}
	return a, fs, nil
}

func (s *Server) handleZones(w nethttp.ResponseWriter, r *nethttp.Request) {
	_, fs, err := s.zoneFeatures(r.Context())
	if err != nil {
		s.Error(w, r, err)
		return
	}
	fc := geojson.NewFeatureCollection()
	fc.Features = fs
	s.writeJSON(w, r, "application/geo+json", fc)
}

// incidentQuery is an incident list request: the store's filter and what
// is filtered in Go (verdict and severity, from the judgements).
type incidentQuery struct {
	filter   truce.IncidentFilter
	limit    int
	verdicts map[truce.Verdict]bool // nil: any
	severity string
	version  int // the agreement version verdicts are read from

	// Filters the store has no column for, applied in Go as incidents
	// stream past (so, like verdict, they cannot use the store's limit).
	actor      string       // lower-case substring of a side or an associated actor
	text       string       // lower-case substring of the place names or the actors
	precisions map[int]bool // location precision codes kept; nil: any
	minDeaths  int          // best estimate at least this
}

// filtered reports whether iq has filters applied in Go.
func (iq *incidentQuery) filtered() bool {
	return iq.actor != "" || iq.text != "" || iq.precisions != nil || iq.minDeaths > 0
}

// match applies iq's Go-side filters to inc.
func (iq *incidentQuery) match(inc *truce.Incident) bool {
	if iq.precisions != nil && !iq.precisions[int(inc.Location.Precision)] {
		return false
	}
	if inc.Fatalities.Best < iq.minDeaths {
		return false
	}
	has := func(sub string, fields ...string) bool {
		for _, f := range fields {
			if strings.Contains(strings.ToLower(f), sub) {
				return true
			}
		}
		return false
	}
	if iq.actor != "" && !has(iq.actor, inc.SideA, inc.SideB, inc.AssocA, inc.AssocB) {
		return false
	}
	l := inc.Location
	if iq.text != "" && !has(iq.text, l.Place, l.Admin2, l.Admin1, inc.SideA, inc.SideB, inc.AssocA, inc.AssocB) {
		return false
	}
	return true
}

func invalid(format string, args ...any) error { return truce.Errorf(truce.EINVALID, format, args...) }

// parseIncidentQuery reads the incident filters of the API (and of OGC with
// ogc set: datetime instead of from/to, no verdict or severity).
func (s *Server) parseIncidentQuery(ctx context.Context, q map[string][]string, defLimit int) (*incidentQuery, error) {
	get := func(k string) string {
		if v := q[k]; len(v) > 0 {
			return strings.TrimSpace(v[0])
		}
		return ""
	}
	iq := &incidentQuery{limit: defLimit}
	f := &iq.filter
	var err error
	for _, p := range []struct {
		name string
		dst  *time.Time
	}{{"from", &f.From}, {"to", &f.To}} {
		if v := get(p.name); v != "" {
			if *p.dst, err = truce.ParseDate(v); err != nil {
				return nil, invalid("%s %q: want a date as YYYY-MM-DD", p.name, v)
			}
		}
	}
	if v := get("datetime"); v != "" {
		if f.From, f.To, err = parseDatetime(v); err != nil {
			return nil, err
		}
	}
	if !f.From.IsZero() && !f.To.IsZero() && f.To.Before(f.From) {
		return nil, invalid("the end day %s is before the first %s", date(f.To), date(f.From))
	}
	if f.EventType, f.SubEventType, err = export.ResolveType(get("type")); err != nil {
		return nil, err
	}
	f.Source, f.Zone, f.SourceKey = get("source"), get("zone"), get("source_key")
	if f.SourceKey != "" && f.Source == "" {
		return nil, invalid("source_key %q: name its source too (source=ucdp&source_key=…)", f.SourceKey)
	}
	iq.actor, iq.text = strings.ToLower(get("actor")), strings.ToLower(get("q"))
	if v := get("precision"); v != "" {
		iq.precisions = map[int]bool{}
		for _, p := range strings.Split(v, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(p))
			if err != nil || n < 1 || n > 7 {
				return nil, invalid("precision %q: want location precision codes 1 to 7, comma-separated", v)
			}
			iq.precisions[n] = true
		}
	}
	if v := get("min_deaths"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return nil, invalid("min_deaths %q: want a whole number, 0 or more", v)
		}
		iq.minDeaths = n
	}
	if v := get("sort"); v != "" {
		o, ok := sortOrders[v]
		if !ok {
			return nil, invalid("sort %q: want date, -date, deaths or -deaths", v)
		}
		f.Order = o
	}
	if v := get("bbox"); v != "" {
		if f.BBox, err = parseBBox(v); err != nil {
			return nil, err
		}
	}
	if v := get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return nil, invalid("limit %q: want a positive number", v)
		}
		iq.limit = min(n, MaxLimit)
	}
	if v := get("cursor"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 1 {
			return nil, invalid("cursor %q: pass the next value of the previous page", v)
		}
		f.After = n
	}
	if v := get("verdict"); v != "" {
		vs, err := assess.Verdicts(v)
		if err != nil {
			return nil, invalid("%s", truce.ErrorMessage(err))
		}
		iq.verdicts = vs
	}
	switch v := get("severity"); v {
	case "", truce.SeverityMinor, truce.SeveritySerious, truce.SeverityGrave:
		iq.severity = v
	default:
		return nil, invalid("severity %q: want minor, serious or grave", v)
	}
	a, version, err := assess.ActiveVersion(ctx, s.store, "")
	if truce.ErrorCode(err) == truce.ENOTFOUND && f.Zone == "" && iq.verdicts == nil && iq.severity == "" {
		return iq, nil // listing without zones or verdicts needs no agreement
	}
	if err != nil {
		return nil, err
	}
	f.AgreementID, iq.version = a.ID, version
	if f.Zone != "" {
		known := false
		for _, z := range a.Zones {
			known = known || z.ID == f.Zone
		}
		if !known {
			return nil, truce.Errorf(truce.ENOTFOUND, "agreement %s has no zone %q", a.ID, f.Zone)
		}
	}
	return iq, nil
}

// sortOrders are the orders ?sort= names ("-" for descending).
var sortOrders = map[string]truce.IncidentOrder{
	"date": truce.OrderOldest, "-date": truce.OrderNewest,
	"deaths": truce.OrderFewestDeaths, "-deaths": truce.OrderMostDeaths,
}

func parseBBox(v string) (*[4]float64, error) {
	parts := strings.Split(v, ",")
	if len(parts) != 4 {
		return nil, invalid("bbox %q: want minLon,minLat,maxLon,maxLat", v)
	}
	var b [4]float64
	for i, p := range parts {
		x, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil {
			return nil, invalid("bbox %q: %q is not a number", v, p)
		}
		b[i] = x
	}
	if b[0] > b[2] || b[1] > b[3] || b[1] < -90 || b[3] > 90 {
		return nil, invalid("bbox %q: want minLon,minLat,maxLon,maxLat with min ≤ max", v)
	}
	return &b, nil
}

// parseDatetime reads an OGC datetime: an instant, or an interval whose
// ends may be open (".." or empty). Days are whole: times are truncated.
func parseDatetime(v string) (from, to time.Time, err error) {
	one := func(s string) (time.Time, error) {
		if s == "" || s == ".." {
			return time.Time{}, nil
		}
		if t, err := time.Parse(time.RFC3339, s); err == nil {
			return t.UTC().Truncate(24 * time.Hour), nil
		}
		if len(s) >= 10 {
			// A date, or a date with a partial time (GDAL sends "2017-01-05T").
			if t, err := truce.ParseDate(s[:10]); err == nil {
				return t, nil
			}
		}
		return time.Time{}, invalid("datetime %q: want a date, an RFC 3339 time or an interval such as 2017-05-01/..", v)
	}
	a, b, isInterval := strings.Cut(v, "/")
	if from, err = one(a); err != nil {
		return
	}
	if !isInterval {
		if from.IsZero() {
			return from, to, invalid("datetime %q: an instant cannot be open", v)
		}
		return from, from, nil
	}
	to, err = one(b)
	return
}

var errPageFull = errors.New("page full")

// judgement returns an incident's judgement under version, if judged.
func (s *Server) judgement(ctx context.Context, id int64, agreementID string, version int) (*truce.Judgement, error) {
	hist, err := s.store.JudgementHistory(ctx, id, agreementID)
	if truce.ErrorCode(err) == truce.ENOTFOUND {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	for i := range hist {
		if hist[i].AgreementVersion == version {
			return &hist[i], nil
		}
	}
	return nil, nil
}

// scan streams the incidents matching iq to fn, at most max of them (0: all),
// with their judgements when verdicts is set or iq filters by verdict or
// severity (looked up a chunk at a time). Verdict and severity are filtered
// here, so the store's limit cannot be used with them; the cursor still
// works, since it is the last incident returned.
func (s *Server) scan(ctx context.Context, iq *incidentQuery, max int, verdicts bool, fn func(*truce.Incident, *truce.Judgement) error) error {
	f := iq.filter
	judged := iq.verdicts != nil || iq.severity != ""
	post := iq.filtered()
	n := 0
	emit := func(inc *truce.Incident, j *truce.Judgement) error {
		if post && !iq.match(inc) {
			return nil
		}
		if err := fn(inc, j); err != nil {
			return err
		}
		if n++; max > 0 && n >= max {
			return errPageFull
		}
		return nil
	}
	var err error
	switch {
	case judged:
		keep := func(j *truce.Judgement) bool {
			return j != nil && (iq.verdicts == nil || iq.verdicts[j.Verdict]) && (iq.severity == "" || j.Severity == iq.severity)
		}
		err = assess.ScanJudged(ctx, s.store, f, iq.version, keep, emit)
	case verdicts && f.AgreementID != "":
		if !post {
			f.Limit = max
		}
		err = assess.ScanJudged(ctx, s.store, f, iq.version, nil, emit)
	default:
		if !post {
			f.Limit = max
		}
		err = s.store.Incidents(ctx, f, func(inc *truce.Incident) error { return emit(inc, nil) })
	}
	if errors.Is(err, errPageFull) {
		return nil
	}
	return err
}

// page returns one page of incidents and the cursor of the next ("" at
// the end).
func (s *Server) page(ctx context.Context, iq *incidentQuery) ([]*truce.Incident, []*truce.Judgement, string, error) {
	var incs []*truce.Incident
	var js []*truce.Judgement
	err := s.scan(ctx, iq, iq.limit+1, true, func(inc *truce.Incident, j *truce.Judgement) error {
		incs, js = append(incs, inc), append(js, j)
		return nil
	})
	if err != nil {
		return nil, nil, "", err
	}
	next := ""
	if len(incs) > iq.limit {
		incs, js = incs[:iq.limit], js[:iq.limit]
		next = strconv.FormatInt(incs[len(incs)-1].ID, 10)
	}
	return incs, js, next, nil
}

func incidentItem(inc *truce.Incident, j *truce.Judgement) *export.Incident {
	return export.Judged(inc, j)
}

func (s *Server) handleIncidents(w nethttp.ResponseWriter, r *nethttp.Request) {
	iq, err := s.parseIncidentQuery(r.Context(), r.URL.Query(), DefaultLimit)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	incs, js, next, err := s.page(r.Context(), iq)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	items := make([]*export.Incident, len(incs))
	for i := range incs {
		items[i] = incidentItem(incs[i], js[i])
	}
	out := map[string]any{"items": items, "next": nil}
	if next != "" {
		out["next"] = next
	}
	s.writeJSON(w, r, "application/json", out)
}

// handleExport streams every incident matching the filters (limit and
// cursor apply only when given) as CSV or GeoJSON.
func (s *Server) handleExport(format string) func(nethttp.ResponseWriter, *nethttp.Request) {
	return func(w nethttp.ResponseWriter, r *nethttp.Request) {
		iq, err := s.parseIncidentQuery(r.Context(), r.URL.Query(), 0)
		if err != nil {
			s.Error(w, r, err)
			return
		}
		// Check the store answers before the status line is sent.
		if _, err := s.store.Agreements(r.Context()); err != nil {
			s.Error(w, r, err)
			return
		}
		ct := "application/geo+json"
		if format == "csv" {
			ct = "text/csv; charset=utf-8"
			w.Header().Set("Content-Disposition", `attachment; filename="incidents.csv"`)
		}
		w.Header().Set("Content-Type", ct)
		ew, err := export.NewWriter(format, w)
		if err != nil {
			s.Error(w, r, err)
			return
		}
		err = s.scan(r.Context(), iq, iq.limit, true, ew.Write)
		if err == nil {
			err = ew.Close()
		}
		if err != nil && !errors.Is(err, context.Canceled) {
			// The status line is sent: log, and leave the body truncated.
			s.log.Error("export failed", "path", r.URL.Path, "error", err)
		}
	}
}

func (s *Server) handleIncident(w nethttp.ResponseWriter, r *nethttp.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id < 1 {
		s.Error(w, r, invalid("incident id %q: want a number", r.PathValue("id")))
		return
	}
	ctx := r.Context()
	a, err := s.store.ActiveAgreement(ctx)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	inc, err := s.store.FindIncident(ctx, id, a.ID)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	hist, err := s.store.JudgementHistory(ctx, id, a.ID)
	if err != nil && truce.ErrorCode(err) != truce.ENOTFOUND {
		s.Error(w, r, err)
		return
	}
	judgements := make([]any, len(hist))
	for i := range hist {
		judgements[i] = judgementJSON(&hist[i], "zone", a)
	}
	reports, err := s.incidentReports(ctx, id)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	out := map[string]any{"incident": export.IncidentJSON(inc), "agreement": a.ID, "judgements": judgements, "reports": reports, "corroboration": nil}
	if g, err := s.store.CorroborationOf(ctx, id); err == nil {
		members := make([]map[string]any, len(g.Members))
		for i, m := range g.Members {
			members[i] = map[string]any{"incident_id": m.IncidentID, "source": m.Source, "source_key": m.SourceKey, "reason": m.Reason}
		}
		out["corroboration"] = map[string]any{"group": g.ID, "independent_sources": g.IndependentSources, "sources": g.Sources,
			"datasets": g.Datasets, "conflicts": g.Conflicts, "confidence": g.Confidence, "members": members}
	} else if truce.ErrorCode(err) != truce.ENOTFOUND {
		s.Error(w, r, err)
		return
	}
	s.writeJSON(w, r, "application/json", out)
}

func (s *Server) handleStatus(w nethttp.ResponseWriter, r *nethttp.Request) {
	q := r.URL.Query()
	day, err := truce.ParseDate(q.Get("date"))
	if err != nil {
		s.Error(w, r, invalid("date %q: want a date as YYYY-MM-DD", q.Get("date")))
		return
	}
	opts := assess.StatusOptions{Zone: q.Get("zone")}
	if v := q.Get("window"); v != "" {
		if opts.Window, err = strconv.Atoi(v); err != nil || opts.Window < 1 || opts.Window > 366 {
			s.Error(w, r, invalid("window %q: want 1 to 366 days", v))
			return
		}
	}
	a, version, err := assess.ActiveVersion(r.Context(), s.store, "")
	if err != nil {
		s.Error(w, r, err)
		return
	}
	rep, err := s.rollup.Status(r.Context(), a, version, day, opts)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.writeJSON(w, r, "application/json", rep)
}

func parseDays(name, v string, def int) (int, error) {
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(strings.TrimSuffix(v, "d"))
	if err != nil || n < 1 || n > 3650 {
		return 0, invalid("%s %q: want a number of days such as 90d (1 to 3650)", name, v)
	}
	return n, nil
}

func (s *Server) handleTrends(w nethttp.ResponseWriter, r *nethttp.Request) {
	q := r.URL.Query()
	opts := assess.TrendOptions{Zone: q.Get("zone"), Placements: map[truce.Placement]bool{}, PlacementText: "inside"}
	if opts.Zone == "" {
		s.Error(w, r, invalid("trends need zone=ID"))
		return
	}
	var err error
	if opts.Before, err = parseDays("before", q.Get("before"), 90); err == nil {
		opts.After, err = parseDays("after", q.Get("after"), 90)
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if v := q.Get("date"); v != "" {
		if opts.Break, err = truce.ParseDate(v); err != nil {
			s.Error(w, r, invalid("date %q: want a date as YYYY-MM-DD", v))
			return
		}
	}
	switch m := q.Get("metric"); m {
	case "", "events":
	case "deaths":
		opts.Deaths = true
	default:
		s.Error(w, r, invalid("metric %q: want events or deaths", m))
		return
	}
	switch v := q.Get("covered"); v {
	case "", "false":
	case "true":
		opts.Covered = true
	default:
		s.Error(w, r, invalid("covered %q: want true or false", v))
		return
	}
	if v := q.Get("placement"); v != "" {
		opts.PlacementText = v
	}
	for _, p := range strings.Split(opts.PlacementText, ",") {
		switch pl := truce.Placement(strings.TrimSpace(p)); pl {
		case truce.Inside, truce.InBuffer, truce.Uncertain:
			opts.Placements[pl] = true
		default:
			s.Error(w, r, invalid("placement %q: want inside, buffer or uncertain", p))
			return
		}
	}
	a, _, err := assess.ActiveVersion(r.Context(), s.store, "")
	if err != nil {
		s.Error(w, r, err)
		return
	}
	t, err := assess.BuildTrend(r.Context(), s.rollup, a, opts)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.writeJSON(w, r, "application/json", t.JSON())
}

func (s *Server) claimStore() (truce.ClaimService, error) {
	cs, ok := s.store.(truce.ClaimService)
	if !ok {
		return nil, invalid("this store cannot keep claims yet")
	}
	return cs, nil
}

func claimJSON(c *truce.Claim) map[string]any {
	notes := c.Notes
	if notes == nil {
		notes = []string{}
	}
	return map[string]any{"id": c.ID, "speaker": c.Speaker, "text": c.Text, "source": c.Source, "date": date(c.Date),
		"scope": c.Scope, "assertion": c.Assertion, "accused": c.Accused, "notes": notes, "check": c.Check}
}

func (s *Server) handleClaims(w nethttp.ResponseWriter, r *nethttp.Request) {
	cs, err := s.claimStore()
	if err != nil {
		s.Error(w, r, err)
		return
	}
	list, err := cs.Claims(r.Context())
	if err != nil {
		s.Error(w, r, err)
		return
	}
	out := make([]map[string]any, len(list))
	for i, c := range list {
		out[i] = claimJSON(c)
	}
	s.writeJSON(w, r, "application/json", map[string]any{"claims": out})
}

func (s *Server) handleClaim(w nethttp.ResponseWriter, r *nethttp.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id < 1 {
		s.Error(w, r, invalid("claim id %q: want a number", r.PathValue("id")))
		return
	}
	cs, err := s.claimStore()
	if err != nil {
		s.Error(w, r, err)
		return
	}
	c, err := cs.FindClaim(r.Context(), id)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.writeJSON(w, r, "application/json", claimJSON(c))
}

// handleBulletin serves /api/v1/bulletins/DATE.md or DATE.html.
func (s *Server) handleBulletin(w nethttp.ResponseWriter, r *nethttp.Request) {
	file := r.PathValue("file")
	d, ext, ok := strings.Cut(file, ".")
	if !ok || (ext != "md" && ext != "html") {
		s.Error(w, r, truce.Errorf(truce.ENOTFOUND, "no bulletin %q: ask for DATE.md or DATE.html", file))
		return
	}
	day, err := truce.ParseDate(d)
	if err != nil {
		s.Error(w, r, invalid("bulletin date %q: want YYYY-MM-DD", d))
		return
	}
	a, version, err := assess.ActiveVersion(r.Context(), s.store, "")
	if err != nil {
		s.Error(w, r, err)
		return
	}
	b, err := bulletin.Build(r.Context(), s.store, a, version, day, bulletin.Options{Zone: r.URL.Query().Get("zone")})
	if err != nil {
		s.Error(w, r, err)
		return
	}
	var buf strings.Builder
	if ext == "html" {
		err = bulletin.WriteHTML(&buf, b)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		// The bulletin is self-contained: inline CSS and SVG, nothing fetched.
		w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'")
	} else {
		err = bulletin.WriteMarkdown(&buf, b)
		w.Header().Set("Content-Type", "text/markdown; charset=utf-8")
	}
	if err != nil {
		w.Header().Del("Content-Type")
		s.Error(w, r, fmt.Errorf("render bulletin: %w", err))
		return
	}
	w.Write([]byte(buf.String()))
}
