package http

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	nethttp "net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/alert"
	"github.com/truce-monitor/truce/app"
	"github.com/truce-monitor/truce/assess"
	"github.com/truce-monitor/truce/claim"
	"github.com/truce-monitor/truce/judge"
	"github.com/truce-monitor/truce/ledger"
	"github.com/truce-monitor/truce/news"
	"github.com/truce-monitor/truce/tlog"
)

// judgeCache keeps the active agreement's judge and placer: building them
// indexes every zone, which a submission must not pay for.
type judgeCache struct {
	mu      sync.Mutex
	id      string
	version int
	a       *truce.Agreement
	judge   *judge.Judge
	placer  truce.Placer
}

// active returns the active agreement at its latest version with its judge
// and placer, judging every incident first when that version has no
// verdicts yet (so incremental judging always extends a complete rollup).
func (s *Server) active(ctx context.Context) (*judgeCache, error) {
	a, version, err := assess.ActiveVersion(ctx, s.store, "")
	if err != nil {
		return nil, err
	}
	c := &s.judges
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.a == nil || c.id != a.ID || c.version != version {
		j, ix, err := s.app.Judge(ctx, a, version)
		if err != nil {
			return nil, err
		}
		c.id, c.version, c.a, c.judge, c.placer = a.ID, version, a, j, ix
	}
	judged, err := s.store.JudgedVersion(ctx, a.ID)
	if err != nil {
		return nil, err
	}
	if judged < version {
		s.log.Info("judging every incident against the current agreement version", "agreement", a.ID, "version", version)
		if _, _, err := s.app.AdjudicateWith(ctx, app.Server, a, version, c.judge, nil); err != nil {
			return nil, err
		}
	}
	return &judgeCache{id: c.id, version: c.version, a: c.a, judge: c.judge, placer: c.placer}, nil
}

func (s *Server) handleWhoami(w nethttp.ResponseWriter, r *nethttp.Request) {
	id := IdentityOf(r.Context())
	if id.Anonymous && s.auth.public && id.perms == nil {
		id = &Identity{Anonymous: true, Role: truce.RoleViewer, perms: anonymousPerms}
	}
	perms := id.Permissions()
	if perms == nil {
		perms = []Permission{}
	}
	if s.readOnly {
		// What this server lets the token do: a read replica takes no
		// submissions or claim checks, so the dashboard offers no forms.
		perms = slices.DeleteFunc(perms, func(p Permission) bool { return p == PermSubmit || p == PermCheckClaims })
	}
	out := map[string]any{"name": id.Name, "role": id.Role, "anonymous": id.Anonymous,
		"permissions": perms, "public": s.auth.public}
	if s.readOnly {
		out["read_only"] = true
		if s.primary != "" {
			out["primary"] = s.primary
		}
	}
	if id.Anonymous {
		// Whether any token works at all, so that the sign-in page can say
		// that one must be created first. It names no token.
		none, err := s.noValidToken(r.Context())
		if err != nil {
			s.Error(w, r, err)
			return
		}
		out["no_tokens"] = none
	}
	s.writeJSON(w, r, "application/json", out)
}

// noValidToken reports whether the store holds no token that admits
// requests now (none created, or all revoked or expired).
func (s *Server) noValidToken(ctx context.Context) (bool, error) {
	toks, err := s.auth.store.Tokens(ctx)
	if err != nil {
		return false, err
	}
	now := s.now()
	for i := range toks {
		if toks[i].Valid(now) {
			return false, nil
		}
	}
	return true, nil
}

// submitRequest is a monitor's report as the API takes it.
type submitRequest struct {
	Date              string   `json:"date"`
	Time              string   `json:"time,omitempty"`
	Lat               *float64 `json:"lat"`
	Lon               *float64 `json:"lon"`
	LocationPrecision int      `json:"location_precision,omitempty"`
	Place             string   `json:"place,omitempty"`
	Admin1            string   `json:"admin1,omitempty"`
	EventType         string   `json:"event_type"`
	SubEventType      string   `json:"sub_event_type,omitempty"`
	Actor1            string   `json:"actor1"`
	Actor2            string   `json:"actor2,omitempty"`
	Fatalities        int      `json:"fatalities"`
	CivilianDeaths    int      `json:"civilian_deaths"`
	Description       string   `json:"description"`
	Evidence          []string `json:"evidence,omitempty"`
}

var (
	hexSHA256 = regexp.MustCompile(`^[0-9a-f]{64}$`)
	clockTime = regexp.MustCompile(`^([01][0-9]|2[0-3]):[0-5][0-9]$`)
)

// MaxIdempotencyKey bounds the Idempotency-Key header.
const MaxIdempotencyKey = 200

// validate checks a submission field by field, the rules the dashboard's
// form mirrors.
func (q *submitRequest) validate(ctx context.Context, st truce.SubmissionService, owner string, now time.Time) (truce.Incident, error) {
	var fe FieldErrors
	var inc truce.Incident
	day, err := truce.ParseDate(q.Date)
	switch {
	case q.Date == "":
		fe.Add("date", "required: the day it happened, YYYY-MM-DD")
	case err != nil:
		fe.Add("date", "%q is not a date as YYYY-MM-DD", q.Date)
	case day.After(now.AddDate(0, 0, 1)):
		fe.Add("date", "%s is in the future", q.Date)
	case day.Year() < 1989:
		fe.Add("date", "%s is before 1989", q.Date)
	}
	if q.Time != "" && !clockTime.MatchString(q.Time) {
		fe.Add("time", "%q is not a time as HH:MM (24-hour)", q.Time)
	}
	switch {
	case q.Lat == nil:
		fe.Add("lat", "required: latitude in degrees (pick the place on the map)")
	case math.IsNaN(*q.Lat) || *q.Lat < -90 || *q.Lat > 90:
		fe.Add("lat", "must be between -90 and 90")
	}
	switch {
	case q.Lon == nil:
		fe.Add("lon", "required: longitude in degrees (pick the place on the map)")
	case math.IsNaN(*q.Lon) || *q.Lon < -180 || *q.Lon > 180:
		fe.Add("lon", "must be between -180 and 180")
	}
	prec := q.LocationPrecision
	if prec == 0 {
		prec = int(truce.PrecExact)
	}
	if prec < 1 || prec > 7 {
		fe.Add("location_precision", "must be 1 (exact) to 7 (at sea or in the air), as UCDP's where_prec")
	}
	if q.EventType == "" && q.SubEventType != "" {
		q.EventType = truce.EventTypeOf(q.SubEventType)
	}
	subs, known := truce.SubEventTypes[q.EventType]
	switch {
	case q.EventType == "":
		fe.Add("event_type", "required: one of ACLED's event types, e.g. %q", truce.ExplosionsRemoteViolence)
	case !known:
		fe.Add("event_type", "%q is not an ACLED event type", q.EventType)
	case q.SubEventType != "" && !slices.Contains(subs, q.SubEventType):
		fe.Add("sub_event_type", "%q is not a sub-event type of %q (it has %s)", q.SubEventType, q.EventType, strings.Join(subs, ", "))
	}
	if strings.TrimSpace(q.Actor1) == "" {
		fe.Add("actor1", "required: who acted (write \"unknown\" if no one can tell)")
	}
	for name, v := range map[string]string{"actor1": q.Actor1, "actor2": q.Actor2, "place": q.Place, "admin1": q.Admin1} {
		if len(v) > 200 {
			fe.Add(name, "at most 200 characters")
		}
	}
	switch {
	case q.Fatalities < 0:
		fe.Add("fatalities", "cannot be negative")
	case q.Fatalities > 100000:
		fe.Add("fatalities", "at most 100000")
	}
	switch {
	case q.CivilianDeaths < 0:
		fe.Add("civilian_deaths", "cannot be negative")
	case q.CivilianDeaths > q.Fatalities && q.Fatalities >= 0:
		fe.Add("civilian_deaths", "cannot exceed fatalities (%d)", q.Fatalities)
	}
	switch d := strings.TrimSpace(q.Description); {
	case d == "":
		fe.Add("description", "required: what happened, in your words")
	case len(q.Description) > 10000:
		fe.Add("description", "at most 10000 characters")
	}
	if len(q.Evidence) > 20 {
		fe.Add("evidence", "at most 20 files")
	}
	for i, h := range q.Evidence {
		field := fmt.Sprintf("evidence[%d]", i)
		if !hexSHA256.MatchString(h) {
			fe.Add(field, "%q is not a lowercase hex SHA-256", h)
			continue
		}
		// Only files the submitter uploaded: the answer must not tell
		// whether someone else's file exists.
		e, _, err := st.FindEvidence(ctx, h)
		if err != nil && truce.ErrorCode(err) != truce.ENOTFOUND {
			return inc, err
		}
		if err != nil || !slices.Contains(e.Uploaders, owner) {
			fe.Add(field, "you have uploaded no evidence %s: upload it with POST /api/v1/evidence first", h[:12])
		}
	}
	if err := fe.Err(); err != nil {
		return inc, err
	}
	inc = truce.Incident{
		Source: "monitor", DateStart: day, DateEnd: day, DatePrecision: truce.DateExact,
		Location: truce.Location{HasPoint: true, Lon: *q.Lon, Lat: *q.Lat, Precision: truce.LocPrecision(prec),
			Admin1: strings.TrimSpace(q.Admin1), Place: strings.TrimSpace(q.Place)},
		EventType: q.EventType, SubEventType: q.SubEventType,
		SideA: strings.TrimSpace(q.Actor1), SideB: strings.TrimSpace(q.Actor2),
		Fatalities: truce.Fatalities{Low: q.Fatalities, Best: q.Fatalities, High: q.Fatalities, Civilians: q.CivilianDeaths},
		Sources:    "monitor", NumSources: 1, SourceText: strings.TrimSpace(q.Description),
	}
	return inc, nil
}

func (s *Server) handleSubmit(w nethttp.ResponseWriter, r *nethttp.Request) {
	s.submit(w, r, "")
}

// handleRevise takes a revision of a submitted report, named by its
// incident's source key: from its submitter, or an analyst or admin.
func (s *Server) handleRevise(w nethttp.ResponseWriter, r *nethttp.Request) {
	s.submit(w, r, r.PathValue("key"))
}

// submit stores a report, or a revision of the submitted report revises.
func (s *Server) submit(w nethttp.ResponseWriter, r *nethttp.Request, revises string) {
	ctx := r.Context()
	id := IdentityOf(ctx)
	key := r.Header.Get("Idempotency-Key")
	switch {
	case key == "":
		s.metrics.submissions.WithLabelValues("rejected").Inc()
		s.Error(w, r, truce.Errorf(truce.EINVALID, "the Idempotency-Key header is required: send a fresh random value (a UUID) per report, and the same value when retrying it"))
		return
	case len(key) > MaxIdempotencyKey || strings.ContainsFunc(key, func(r rune) bool { return r < 0x21 || r > 0x7e }):
		s.metrics.submissions.WithLabelValues("rejected").Inc()
		s.Error(w, r, truce.Errorf(truce.EINVALID, "Idempotency-Key: at most %d printable ASCII characters without spaces", MaxIdempotencyKey))
		return
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		s.Error(w, r, bodyError(err))
		return
	}
	// The body is hashed (a retry must send the same bytes) and decoded.
	r.Body = io.NopCloser(bytes.NewReader(body))
	var q submitRequest
	if err := decodeJSON(r, &q); err != nil {
		s.metrics.submissions.WithLabelValues("rejected").Inc()
		s.Error(w, r, err)
		return
	}
	now := s.now().UTC()
	inc, err := q.validate(ctx, s.store, id.Name, now)
	if err != nil {
		s.metrics.submissions.WithLabelValues("rejected").Inc()
		s.Error(w, r, err)
		return
	}
	act, err := s.active(ctx)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	inc.Zones = act.placer.Place(inc.Location, nil)
	res, err := s.app.Submit(ctx, act.id, act.version, act.judge, app.Submission{Owner: id.Name, Key: key, Request: body,
		Report: q, Evidence: q.Evidence, Incident: inc, Revises: revises, Role: id.Role})
	if err != nil {
		if truce.ErrorCode(err) == truce.ECONFLICT {
			err = truce.Errorf(truce.ECONFLICT, "Idempotency-Key %q was used before for a different report: use a fresh key for a new report", key)
		}
		s.metrics.submissions.WithLabelValues("rejected").Inc()
		s.Error(w, r, err)
		return
	}
	var jd *truce.Judgement
	if res.Replayed {
		s.metrics.submissions.WithLabelValues("replayed").Inc()
		jd, err = s.judgement(ctx, res.IncidentID, act.id, act.version)
		if err != nil && truce.ErrorCode(err) != truce.ENOTFOUND {
			s.Error(w, r, err)
			return
		}
	} else {
		s.metrics.submissions.WithLabelValues("stored").Inc()
		jds := res.Judgements
		if len(jds) > 0 {
			jd = &jds[0]
		}
		stored := inc
		stored.ID = res.IncidentID
		s.raiseAlerts(ctx, act, jds, map[int64]*truce.Incident{res.IncidentID: &stored}, inc.DateStart)
	}
	zones := make([]map[string]any, len(inc.Zones))
	for i, z := range inc.Zones {
		zones[i] = map[string]any{"zone_id": z.ZoneID, "placement": z.Placement, "reason": z.Reason}
	}
	out := map[string]any{"report_id": res.ReportID, "incident_id": res.IncidentID, "log_index": res.LogIndex,
		"replayed": res.Replayed, "zones": zones, "judgement": judgementJSON(jd, "zone_id", act.a)}
	w.Header().Set("Location", "/api/v1/incidents/"+strconv.FormatInt(res.IncidentID, 10))
	if res.Replayed {
		w.Header().Set("Idempotent-Replayed", "true")
	}
	if res.Replayed || revises != "" {
		s.writeJSON(w, r, "application/json", out)
		return
	}
	s.writeJSONStatus(w, r, nethttp.StatusCreated, out)
}

// raiseAlerts raises the alerts new judgements call for: grave violations,
// and status changes over the days the incident can affect. Failures are
// logged: the write they follow has succeeded and must be answered so.
func (s *Server) raiseAlerts(ctx context.Context, act *judgeCache, jds []truce.Judgement, incs map[int64]*truce.Incident, day time.Time) {
	now := s.now().UTC()
	n, err := alert.Grave(ctx, s.store, jds, incs, now)
	if err != nil {
		s.log.Error("raise grave-violation alerts", "error", err)
	}
	s.metrics.alerts.WithLabelValues(truce.AlertGraveViolation).Add(float64(n))
	window := act.a.Status.WithDefaults().WindowDays
	to := day.AddDate(0, 0, window)
	if today := now.Truncate(24 * time.Hour); to.After(today) {
		to = today
	}
	// New judgements can change only their zones' statuses; none (a full
	// re-judging) can change every zone's.
	zones := zonesOf(jds)
	if !to.Before(day) && (jds == nil || len(zones) > 0) {
		m, err := alert.StatusChanges(ctx, s.store, s.rollup, act.a, act.version, zones, day, to, now)
		if err != nil {
			s.log.Error("raise status-change alerts", "error", err)
		}
		s.metrics.alerts.WithLabelValues(truce.AlertStatusChange).Add(float64(m))
		n += m
	}
	if n > 0 {
		s.alerted()
	}
}

// zonesOf lists the zones judgements fall in.
func zonesOf(jds []truce.Judgement) []string {
	var out []string
	for _, j := range jds {
		if j.ZoneID != "" && !slices.Contains(out, j.ZoneID) {
			out = append(out, j.ZoneID)
		}
	}
	return out
}

// judgementJSON is a judgement as the API shows it, its zone under
// zoneKey: "zone" in incident details, "zone_id" in submission answers.
//
// A step citing the agreement's presence data ("presence:ZONE:FROM") carries
// that entry's groups, figures and sources from a, the agreement's latest
// version, so the reader sees what the share rests on.
func judgementJSON(j *truce.Judgement, zoneKey string, a *truce.Agreement) any {
	if j == nil {
		return nil
	}
	steps := make([]map[string]any, len(j.Trace))
	for k, st := range j.Trace {
		steps[k] = map[string]any{"rule": st.Rule, "outcome": st.Outcome, "clause": st.Clause, "detail": st.Detail}
		if st.P != nil {
			steps[k]["p"] = st.P
		}
		if p := presenceJSON(a, st.Clause); p != nil {
			steps[k]["presence"] = p
		}
	}
	return map[string]any{"agreement": j.AgreementID, "version": j.AgreementVersion, zoneKey: j.ZoneID,
		"verdict": j.Verdict, "p_violation": j.P, "excluded": j.Excluded, "severity": j.Severity, "alleged_party": j.AllegedParty,
		"trace": steps, "judged_at": j.JudgedAt}
}

func (s *Server) writeJSONStatus(w nethttp.ResponseWriter, r *nethttp.Request, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(append(b, '\n'))
}

// handleReports lists submissions: a monitor's own, or everyone's for
// those who may read all reports.
func (s *Server) handleReports(w nethttp.ResponseWriter, r *nethttp.Request) {
	id := IdentityOf(r.Context())
	q := r.URL.Query()
	owner := id.Name
	if id.Can(PermReadReports) {
		owner = q.Get("submitted_by")
	}
	limit, before := 100, int64(0)
	var err error
	if v := q.Get("limit"); v != "" {
		if limit, err = strconv.Atoi(v); err != nil || limit < 1 || limit > MaxLimit {
			s.Error(w, r, invalid("limit %q: want 1 to %d", v, MaxLimit))
			return
		}
	}
	if v := q.Get("before"); v != "" {
		if before, err = strconv.ParseInt(v, 10, 64); err != nil || before < 1 {
			s.Error(w, r, invalid("before %q: want a report id", v))
			return
		}
	}
	list, err := s.store.Submissions(r.Context(), owner, before, limit)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	out := make([]map[string]any, len(list))
	for i, sr := range list {
		var req submitRequest
		json.Unmarshal([]byte(sr.Report.Raw), &struct {
			Report *submitRequest `json:"report"`
		}{&req})
		out[i] = map[string]any{"report_id": sr.ReportID, "incident_id": sr.IncidentID, "log_index": sr.LogIndex,
			"submitted_by": sr.Owner, "idempotency_key": sr.Key, "received_at": sr.Report.ReceivedAt, "hash": sr.Report.Hash,
			"date": req.Date, "time": req.Time, "lat": req.Lat, "lon": req.Lon, "place": req.Place, "event_type": req.EventType,
			"sub_event_type": req.SubEventType, "actor1": req.Actor1, "actor2": req.Actor2, "fatalities": req.Fatalities,
			"civilian_deaths": req.CivilianDeaths, "description": req.Description, "evidence": req.Evidence}
	}
	page := map[string]any{"reports": out}
	if len(list) == limit {
		page["next"] = fmt.Sprintf("/api/v1/reports?before=%d&limit=%d", list[len(list)-1].ReportID, limit)
	}
	s.writeJSON(w, r, "application/json", page)
}

func (s *Server) handlePutEvidence(w nethttp.ResponseWriter, r *nethttp.Request) {
	id := IdentityOf(r.Context())
	data, err := io.ReadAll(r.Body)
	if err != nil {
		s.Error(w, r, bodyError(err))
		return
	}
	mt := r.Header.Get("Content-Type")
	if mt == "" {
		mt = nethttp.DetectContentType(data)
	}
	e, created, err := s.app.PutEvidence(r.Context(), id.Name, mt, r.Header.Get("X-Filename"), data)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	out := map[string]any{"sha256": e.SHA256, "size": e.Size, "media_type": e.MediaType, "name": e.Name}
	if !created {
		s.writeJSON(w, r, "application/json", out)
		return
	}
	s.writeJSONStatus(w, r, nethttp.StatusCreated, out)
}

func (s *Server) handleGetEvidence(w nethttp.ResponseWriter, r *nethttp.Request) {
	id := IdentityOf(r.Context())
	h := r.PathValue("sha256")
	if !hexSHA256.MatchString(h) {
		s.Error(w, r, invalid("%q is not a lowercase hex SHA-256", h))
		return
	}
	e, data, err := s.store.FindEvidence(r.Context(), h)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if !id.Can(PermReadReports) && !slices.Contains(e.Uploaders, id.Name) {
		// Not found rather than forbidden: a monitor must not learn what
		// others uploaded.
		s.Error(w, r, truce.Errorf(truce.ENOTFOUND, "no evidence %s", h))
		return
	}
	w.Header().Set("Content-Type", e.MediaType)
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	w.Header().Set("ETag", `"`+e.SHA256+`"`)
	w.Header().Set("Content-Disposition", "attachment")
	w.Header().Set("Cache-Control", "private, max-age=31536000, immutable")
	w.Write(data)
}

func (s *Server) handleAdjudicate(w nethttp.ResponseWriter, r *nethttp.Request) {
	ctx := r.Context()
	id := IdentityOf(ctx)
	a, version, err := assess.ActiveVersion(ctx, s.store, "")
	if err != nil {
		s.Error(w, r, err)
		return
	}
	run, _, err := s.app.Adjudicate(ctx, id.Name, a, version, false)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	body := map[string]any{"agreement": a.ID, "version": version, "judged": run.Stats.Judged,
		"by_verdict": ledger.NewAdjudicationBody(a.ID, version, run.Stats).ByVerdict, "log_index": run.Log.Index}
	if act, err := s.active(ctx); err == nil {
		today := s.now().UTC().Truncate(24 * time.Hour)
		s.raiseAlerts(ctx, act, nil, nil, today.AddDate(0, 0, -act.a.Status.WithDefaults().WindowDays))
	}
	s.writeJSON(w, r, "application/json", body)
}

// claimRequest is a claim to check, as the API takes it.
type claimRequest struct {
	Speaker   string `json:"speaker"`
	Date      string `json:"date"`
	Text      string `json:"text"`
	Source    string `json:"source,omitempty"`
	Assertion string `json:"assertion,omitempty"`
	Zones     string `json:"zones,omitempty"`
	Accused   string `json:"accused,omitempty"`
}

func (s *Server) handleCheckClaim(w nethttp.ResponseWriter, r *nethttp.Request) {
	ctx := r.Context()
	id := IdentityOf(ctx)
	var q claimRequest
	if err := decodeJSON(r, &q); err != nil {
		s.Error(w, r, err)
		return
	}
	var fe FieldErrors
	if strings.TrimSpace(q.Speaker) == "" {
		fe.Add("speaker", "required: who made the claim")
	}
	if strings.TrimSpace(q.Text) == "" {
		fe.Add("text", "required: the claim's words")
	}
	day, err := truce.ParseDate(q.Date)
	if err != nil {
		fe.Add("date", "required: the day the claim was made, YYYY-MM-DD")
	}
	if err := fe.Err(); err != nil {
		s.Error(w, r, err)
		return
	}
	a, version, err := assess.ActiveVersion(ctx, s.store, "")
	if err != nil {
		s.Error(w, r, err)
		return
	}
	c := truce.Claim{Speaker: strings.TrimSpace(q.Speaker), Text: strings.TrimSpace(q.Text), Source: q.Source, Date: day}
	if err := news.ReadClaim(&c, a, claim.ClaimOverrides{Assertion: q.Assertion, Zones: q.Zones, Accused: q.Accused}, ""); err != nil {
		s.Error(w, r, err)
		return
	}
	if _, err := s.app.CheckClaim(ctx, id.Name, a, version, &c); err != nil {
		s.Error(w, r, err)
		return
	}
	s.writeJSONStatus(w, r, nethttp.StatusCreated, claimJSON(&c))
}

// incidentReports lists the reports behind an incident, hiding who
// submitted a monitor's report from those who may not know it.
func (s *Server) incidentReports(ctx context.Context, incidentID int64) ([]map[string]any, error) {
	id := IdentityOf(ctx)
	reps, err := s.store.ReportsOf(ctx, incidentID)
	if err != nil {
		if truce.ErrorCode(err) == truce.ENOTFOUND {
			return []map[string]any{}, nil
		}
		return nil, err
	}
	out := make([]map[string]any, 0, len(reps))
	for _, rp := range reps {
		m := map[string]any{"report_id": rp.ID, "source": rp.Source, "release": rp.Release, "hash": rp.Hash,
			"received_at": rp.ReceivedAt, "withdraws": rp.Withdraws}
		if rp.Source == "monitor" {
			m["log"] = s.reportLog(ctx, &rp)
		}
		if rp.Source != "monitor" || id.Can(PermReadReports) || (rp.Origin == id.Name && id.Name != "") {
			m["source_key"], m["origin"], m["line"] = rp.SourceKey, rp.Origin, rp.Line
			if rp.Source == "monitor" {
				m["raw"] = rp.Raw
			}
		}
		out = append(out, m)
	}
	return out, nil
}

// reportLog says where a submitted report is in the tamper-evident log and
// whether its inclusion under the current signed head checks out: the
// entry's leaf hash follows from its fields, its body names this report's
// content hash, and the audit path leads to the signed root. (Guarantors
// check the same with the proof endpoint and their own verifier.)
func (s *Server) reportLog(ctx context.Context, rp *truce.Report) map[string]any {
	idx, err := s.store.SubmissionLogIndex(ctx, rp.ID)
	if err != nil {
		return nil
	}
	out := map[string]any{"index": idx, "verified": false}
	e, err := s.ledger.Entry(ctx, idx)
	if err != nil {
		return out
	}
	sth, err := s.ledger.HeadCovering(ctx, idx+1)
	if err != nil {
		return out
	}
	proof, size, err := s.ledger.InclusionProof(ctx, idx, int64(sth.Size))
	if err != nil {
		return out
	}
	var leaf tlog.Hash
	copy(leaf[:], e.LeafHash)
	var body ledger.ReportBody
	bodyOK := json.Unmarshal(e.Body, &body) == nil && body.Hash == rp.Hash && body.Source == rp.Source && body.SourceKey == rp.SourceKey
	out["tree_size"], out["root_hash"], out["signed_at"] = size, sth.Root, sth.Time
	out["proof"] = fmt.Sprintf("/api/v1/log/proof/inclusion?index=%d&tree_size=%d", idx, size)
	out["verified"] = bodyOK && ledger.LeafHash(e) == leaf && tlog.VerifyInclusion(leaf, uint64(idx), uint64(size), proof, sth.Root) == nil
	return out
}

// presenceJSON is the presence entry a trace clause cites, or nil.
func presenceJSON(a *truce.Agreement, clause string) map[string]any {
	zone, from, ok := truce.ParsePresenceClause(clause)
	if !ok || a == nil {
		return nil
	}
	p, ok := a.PresenceEntry(zone, from)
	if !ok {
		return nil
	}
	groups := make([]map[string]any, len(p.Groups))
	for i, g := range p.Groups {
		groups[i] = map[string]any{"name": g.Name, "actor": g.ActorID, "excluded": g.Excluded, "low": g.Low, "high": g.High, "source": g.Source}
	}
	return map[string]any{"zone": zone, "from": date(p.From), "to": date(p.To), "measure": p.Measure, "basis": p.Basis, "groups": groups}
}
