// Package http serves Truce over HTTP: the JSON API under /api/v1 (reads of
// agreements, zones, incidents with filters and cursor paging, exports,
// status, trends, claims and bulletins; monitors' submissions and evidence;
// claim checks and adjudication; token and webhook administration; the
// tamper-evident log with its proofs and checkpoints; the OpenAPI 3
// document), OGC API – Features (Core, GeoJSON) for zones and incidents
// under /ogc, the dashboard's files, and /healthz, /readyz and /metrics.
//
// It owns routing, authentication by bearer token, the role and permission
// of each route, rate limits (per client, and on failed sign-ins), request
// decoding and validation, what each role may see of a response (submitters,
// evidence), the mapping of Truce's error codes to HTTP statuses (one
// table), request logs, metrics and security headers. It writes nothing
// itself: every write goes through package app, which stores it with its
// log entry; what it reads is assembled by the packages that own it (assess,
// claim, bulletin, export, ledger).
package http

import (
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	nethttp "net/http"
	"strings"
	"sync"
	"time"

	"github.com/paulmach/orb/geojson"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/app"
	"github.com/truce-monitor/truce/gazetteer"
	"github.com/truce-monitor/truce/ledger"
)

// Store is what the server reads and writes: both of Truce's stores.
type Store interface {
	truce.AgreementService
	truce.IncidentService
	truce.JudgementService
	truce.ClaimService
	truce.TokenService
	truce.LogService
	truce.SubmissionService
	truce.AlertService
	truce.BoundaryService
	truce.CorroborationService
	truce.CountService
	truce.MapService
	truce.Transactor
}

// Options tune a Server; zero values mean the defaults.
type Options struct {
	Logger *slog.Logger // request and error logs; nil: slog.Default()
	// MaxBodyBytes bounds request bodies other than evidence uploads
	// (those are bounded by truce.MaxEvidenceBytes); 0: 1 MiB.
	MaxBodyBytes int64
	// UI serves the web dashboard at "/" and below (package web); nil: no
	// dashboard, and "/" answers 404 like any unknown path. The UI handler
	// sets its own Content-Security-Policy.
	UI nethttp.Handler
	// Public lets requests without a token read the public record.
	Public bool
	// RateLimit is each client's sustained requests per second (a token, or
	// an address for anonymous requests), RateBurst the burst; 0: no limit.
	RateLimit float64
	RateBurst int
	// FailedAuthBurst is how many failed authentications a client address
	// may make before they are limited to one a second; 0: the default
	// FailedAuthBurst, negative: no limit (for tests that fail on purpose).
	FailedAuthBurst int
	// Ledger is the tamper-evident log every write is appended to; nil: a
	// ledger over the store without a signing key (heads cannot be signed).
	Ledger *ledger.Ledger
	// Alerted is called after writes that raised alerts, so a dispatcher
	// can deliver them at once; nil: nothing is called.
	Alerted func()
	// Registry receives the server's Prometheus metrics; nil: a new one,
	// served at /metrics.
	Registry *prometheus.Registry
	// Now is the clock; nil: time.Now.
	Now func() time.Time
	// AllowPrivateWebhooks lets admins add webhooks for loopback, private
	// and link-local addresses.
	AllowPrivateWebhooks bool
	// Gazetteer names the towns on the map and in place search; nil: the
	// built-in one (gazetteer.Default), which has no Arabic names. truce
	// serve --gazetteer adds a GeoNames file's places and Arabic names.
	Gazetteer *gazetteer.Gazetteer
	// ReadOnly makes the server a read replica: every route that writes
	// (any method but GET and HEAD) answers 503 with the code read_only,
	// naming Primary when it is set, before authentication.
	ReadOnly bool
	// Primary is the URL of the server that takes writes, for read
	// replicas' refusals (in the body and a Location header).
	Primary string
	// ReplicaLag reports the store's replication lag, shown in /readyz and
	// /metrics; nil: none is shown.
	ReplicaLag func(context.Context) (truce.ReplicaLag, error)
	// MaxLag makes /readyz answer 503 while ReplicaLag reports a lag above
	// it, so that a load balancer stops sending reads; 0: no limit.
	MaxLag time.Duration
}

// Failed authentications a client address may make: a burst, then one a
// second. Enough for a person mistyping a token; far too few to guess one.
const (
	FailedAuthPerSecond = 1
	FailedAuthBurst     = 10
)

func newFailureLimiter(burst int) *limiter {
	switch {
	case burst < 0:
		return nil
	case burst == 0:
		burst = FailedAuthBurst
	}
	return newLimiter(FailedAuthPerSecond, burst)
}

// Server is Truce's HTTP server: build it with NewServer, serve Handler.
type Server struct {
	store   Store
	log     *slog.Logger
	maxBody int64
	mux     *nethttp.ServeMux
	routes  []string // "METHOD /path" patterns, in registration order
	perms   map[string]Permission
	auth    *authenticator
	limit   *limiter
	// failures limits failed authentications per client address.
	failures *limiter
	ledger   *ledger.Ledger
	alerted  func()
	now      func() time.Time
	metrics  *metrics
	judges   judgeCache
	rollup   *rollupCache
	mapCache *mapCache
	// zoneCountCache keeps the zones' incident counts (zoneCounts).
	zoneCountCache zoneCountCache
	gazetteer      *gazetteer.Gazetteer
	// places is the gazetteer's cities and towns as GeoJSON, made once.
	places struct {
		once sync.Once
		fc   *geojson.FeatureCollection
	}
	app      *app.Service // every write a request makes, with its log entry
	readOnly bool
	primary  string
	lag      func(context.Context) (truce.ReplicaLag, error)
	maxLag   time.Duration
}

// NewServer returns a server over st.
func NewServer(st Store, opts Options) *Server {
	s := &Server{store: st, log: opts.Logger, maxBody: opts.MaxBodyBytes, mux: nethttp.NewServeMux(),
		limit: newLimiter(opts.RateLimit, opts.RateBurst), failures: newFailureLimiter(opts.FailedAuthBurst), ledger: opts.Ledger, alerted: opts.Alerted, now: opts.Now,
		readOnly: opts.ReadOnly, primary: strings.TrimRight(opts.Primary, "/"), lag: opts.ReplicaLag, maxLag: opts.MaxLag}
	if s.log == nil {
		s.log = slog.Default()
	}
	if s.maxBody <= 0 {
		s.maxBody = 1 << 20
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.ledger == nil && st != nil {
		s.ledger = ledger.New(st, nil)
	}
	if s.alerted == nil {
		s.alerted = func() {}
	}
	s.app = &app.Service{Store: st, Now: s.now, AllowPrivateWebhooks: opts.AllowPrivateWebhooks}
	s.rollup = newRollupCache(st)
	s.mapCache = newMapCache(st)
	if s.gazetteer = opts.Gazetteer; s.gazetteer == nil {
		s.gazetteer = gazetteer.Default()
	}
	s.auth = &authenticator{store: st, public: opts.Public, now: s.now, cache: map[string]cachedToken{}}
	s.metrics = newMetrics(opts.Registry, s)

	s.route("GET /healthz", PermNone, s.handleHealth)
	s.route("GET /readyz", PermNone, s.handleReady)
	s.route("GET /metrics", PermAdmin, s.metrics.handler.ServeHTTP)
	s.route("GET /api/v1/openapi.json", PermNone, s.handleOpenAPI)
	s.route("GET /api/v1/whoami", PermNone, s.handleWhoami)
	s.route("GET /api/v1/agreements", PermRead, s.handleAgreements)
	s.route("GET /api/v1/agreements/{id}", PermRead, s.handleAgreement)
	s.route("GET /api/v1/zones", PermRead, s.handleZones)
	s.route("GET /api/v1/incidents", PermRead, s.handleIncidents)
	s.route("GET /api/v1/map", PermRead, s.handleMap)
	s.route("GET /api/v1/incidents.geojson", PermRead, s.handleExport("geojson"))
	s.route("GET /api/v1/incidents.csv", PermRead, s.handleExport("csv"))
	s.route("GET /api/v1/incidents/{id}", PermRead, s.handleIncident)
	s.route("GET /api/v1/status", PermRead, s.handleStatus)
	s.route("GET /api/v1/trends", PermRead, s.handleTrends)
	s.route("GET /api/v1/claims", PermRead, s.handleClaims)
	s.route("GET /api/v1/reporters", PermRead, s.handleReporters)
	s.route("GET /api/v1/boundaries.geojson", PermRead, s.handleBoundaries)
	s.route("GET /api/v1/places.geojson", PermRead, s.handlePlaces)
	s.route("POST /api/v1/claims", PermCheckClaims, s.handleCheckClaim)
	s.route("GET /api/v1/claims/{id}", PermRead, s.handleClaim)
	s.route("GET /api/v1/bulletins/{file}", PermRead, s.handleBulletin)
	s.route("POST /api/v1/reports", PermSubmit, s.handleSubmit)
	s.route("GET /api/v1/reports", PermReadOwn, s.handleReports)
	s.route("PUT /api/v1/reports/{key}", PermSubmit, s.handleRevise)
	s.route("POST /api/v1/evidence", PermSubmit, s.handlePutEvidence)
	s.route("GET /api/v1/evidence/{sha256}", PermReadOwn, s.handleGetEvidence)
	s.route("POST /api/v1/adjudicate", PermAdjudicate, s.handleAdjudicate)
	s.route("GET /api/v1/alerts", PermAdjudicate, s.handleAlerts)
	s.route("GET /api/v1/tokens", PermAdmin, s.handleTokens)
	s.route("POST /api/v1/tokens", PermAdmin, s.handleCreateToken)
	s.route("DELETE /api/v1/tokens/{name}", PermAdmin, s.handleRevokeToken)
	s.route("GET /api/v1/webhooks", PermAdmin, s.handleWebhooks)
	s.route("POST /api/v1/webhooks", PermAdmin, s.handleCreateWebhook)
	s.route("DELETE /api/v1/webhooks/{id}", PermAdmin, s.handleDeleteWebhook)
	s.route("GET /api/v1/webhooks/{id}/deliveries", PermAdmin, s.handleDeliveries)
	s.route("GET /api/v1/log", PermRead, s.handleLogHead)
	s.route("GET /api/v1/log/checkpoint", PermRead, s.handleCheckpoint)
	s.route("GET /api/v1/log/entries", PermRead, s.handleLogEntries)
	s.route("GET /api/v1/log/entries/{index}", PermRead, s.handleLogEntry)
	s.route("GET /api/v1/log/proof/inclusion", PermRead, s.handleInclusionProof)
	s.route("GET /api/v1/log/proof/consistency", PermRead, s.handleConsistencyProof)
	s.route("GET /ogc", PermRead, s.handleLanding)
	s.route("GET /ogc/conformance", PermRead, s.handleConformance)
	s.route("GET /ogc/collections", PermRead, s.handleCollections)
	s.route("GET /ogc/collections/{collection}", PermRead, s.handleCollection)
	s.route("GET /ogc/collections/{collection}/items", PermRead, s.handleItems)
	s.route("GET /ogc/collections/{collection}/items/{fid}", PermRead, s.handleItem)
	notFound := func(w nethttp.ResponseWriter, r *nethttp.Request) {
		s.Error(w, r, truce.Errorf(truce.ENOTFOUND, "no such resource: %s", r.URL.Path))
	}
	s.mux.HandleFunc("/api/", notFound)
	s.mux.HandleFunc("/ogc/", notFound)
	if opts.UI != nil {
		s.mux.Handle("/", opts.UI)
	} else {
		s.mux.HandleFunc("/", notFound)
	}
	return s
}

// Routes lists the registered routes as "METHOD /path" in ServeMux pattern
// syntax.
func (s *Server) Routes() []string { return append([]string(nil), s.routes...) }

// RoutePermissions maps each route to the permission it requires.
func (s *Server) RoutePermissions() map[string]Permission { return maps.Clone(s.perms) }

// route registers pattern ("METHOD /path"; GET answers HEAD too) behind
// authentication, the permission check and the rate limit.
func (s *Server) route(pattern string, perm Permission, h func(nethttp.ResponseWriter, *nethttp.Request)) {
	s.routes = append(s.routes, pattern)
	if s.perms == nil {
		s.perms = map[string]Permission{}
	}
	s.perms[pattern] = perm
	s.mux.HandleFunc(pattern, func(w nethttp.ResponseWriter, r *nethttp.Request) {
		if s.readOnly && r.Method != nethttp.MethodGet && r.Method != nethttp.MethodHead {
			s.refuseWrite(w, r)
			return
		}
		if perm == PermNone && r.Header.Get("Authorization") == "" {
			h(w, r)
			return
		}
		id, err := s.auth.identify(r)
		if err != nil {
			// A bad token is refused even where none is needed: a client
			// signing in must learn that its token does not work. Failures
			// count against the client's address, whatever the rate limit,
			// so that guessing tokens is slow.
			if truce.ErrorCode(err) == truce.EUNAUTHORIZED {
				if key := clientKey(&Identity{Anonymous: true}, r); !s.failures.allow(key) {
					w.Header().Set("Retry-After", "1")
					s.Error(w, r, truce.Errorf(truce.ERATELIMITED, "too many failed sign-ins from %s: wait and retry", key))
					return
				}
				w.Header().Set("WWW-Authenticate", `Bearer realm="truce"`)
			}
			s.Error(w, r, err)
			return
		}
		if !s.limit.allow(clientKey(id, r)) {
			w.Header().Set("Retry-After", "1")
			s.Error(w, r, truce.Errorf(truce.ERATELIMITED, "too many requests from %s: slow down and retry", clientKey(id, r)))
			return
		}
		if !id.Can(perm) && id.Anonymous {
			w.Header().Set("WWW-Authenticate", `Bearer realm="truce"`)
			s.Error(w, r, truce.Errorf(truce.EUNAUTHORIZED, "%s needs a token with the %s permission: send Authorization: Bearer <token>", pattern, perm))
			return
		}
		if !id.Can(perm) {
			who := "anonymous requests"
			if !id.Anonymous {
				who = fmt.Sprintf("token %q (role %s)", id.Name, id.Role)
			}
			s.Error(w, r, truce.Errorf(truce.EFORBIDDEN, "%s may not %s: it needs the %s permission", who, pattern, perm))
			return
		}
		h(w, r.WithContext(context.WithValue(r.Context(), ctxKey{}, id)))
	})
}

// Handler returns the server's handler with its middleware: request logs,
// metrics, security headers and a request size limit.
func (s *Server) Handler() nethttp.Handler {
	return nethttp.HandlerFunc(func(w nethttp.ResponseWriter, r *nethttp.Request) {
		start := time.Now()
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'")
		h.Set("Cross-Origin-Resource-Policy", "same-origin")
		limit := s.maxBody
		if r.Method == nethttp.MethodPost && r.URL.Path == "/api/v1/evidence" {
			limit = truce.MaxEvidenceBytes
		}
		rec := &statusRecorder{ResponseWriter: w, status: nethttp.StatusOK}
		if r.ContentLength > limit {
			s.Error(rec, r, truce.Errorf(truce.ETOOLARGE, "request body larger than %d bytes", limit))
		} else {
			r.Body = nethttp.MaxBytesReader(w, r.Body, limit)
			s.mux.ServeHTTP(rec, r)
		}
		d := time.Since(start)
		s.metrics.observe(r, rec.status, d)
		s.log.LogAttrs(r.Context(), slog.LevelInfo, "request",
			slog.String("method", r.Method), slog.String("path", r.URL.Path), slog.String("query", r.URL.RawQuery),
			slog.Int("status", rec.status), slog.Int64("bytes", rec.bytes), slog.Duration("duration", d),
			slog.String("remote", r.RemoteAddr))
	})
}

type statusRecorder struct {
	nethttp.ResponseWriter
	status int
	bytes  int64
}

func (r *statusRecorder) WriteHeader(code int) { r.status = code; r.ResponseWriter.WriteHeader(code) }
func (r *statusRecorder) Write(b []byte) (int, error) {
	n, err := r.ResponseWriter.Write(b)
	r.bytes += int64(n)
	return n, err
}
func (r *statusRecorder) Unwrap() nethttp.ResponseWriter { return r.ResponseWriter }

// statuses maps Truce's error codes to HTTP statuses: the one table.
var statuses = map[string]int{
	truce.EINVALID:      nethttp.StatusBadRequest,
	truce.ENOTFOUND:     nethttp.StatusNotFound,
	truce.ECONFLICT:     nethttp.StatusConflict,
	truce.EUNAUTHORIZED: nethttp.StatusUnauthorized,
	truce.EFORBIDDEN:    nethttp.StatusForbidden,
	truce.ETOOLARGE:     nethttp.StatusRequestEntityTooLarge,
	truce.ERATELIMITED:  nethttp.StatusTooManyRequests,
	truce.EINTERNAL:     nethttp.StatusInternalServerError,
	truce.EREADONLY:     nethttp.StatusServiceUnavailable,
}

// ErrorStatus returns the HTTP status for err's code; unknown codes are 500.
func ErrorStatus(err error) int {
	if st, ok := statuses[truce.ErrorCode(err)]; ok {
		return st
	}
	return nethttp.StatusInternalServerError
}

// Error writes err as {"error": {"code", "message"}}. Internal errors are
// logged with their detail and answered with a generic message.
func (s *Server) Error(w nethttp.ResponseWriter, r *nethttp.Request, err error) {
	code, status := truce.ErrorCode(err), ErrorStatus(err)
	if errors.Is(err, context.Canceled) {
		return // the client went away
	}
	if status == nethttp.StatusInternalServerError {
		code = truce.EINTERNAL
		s.log.Error("internal error", slog.String("method", r.Method), slog.String("path", r.URL.Path), slog.Any("error", err))
	}
	msg := truce.ErrorMessage(err)
	if status == nethttp.StatusInternalServerError {
		msg = "internal error"
	}
	body := map[string]any{"code": code, "message": msg}
	var fe *FieldErrors
	if errors.As(err, &fe) {
		body["fields"] = fe.Fields
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]any{"error": body})
}

// FieldErrors is truce.FieldErrors: an EINVALID error naming what is wrong
// with each field of a request.
type FieldErrors = truce.FieldErrors

// decodeJSON reads a JSON request body into v, refusing unknown fields and
// trailing data, with errors that name the problem.
func decodeJSON(r *nethttp.Request, v any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "application/json") {
		return truce.Errorf(truce.EINVALID, "Content-Type %q: send application/json", ct)
	}
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return bodyError(err)
	}
	if dec.More() {
		return truce.Errorf(truce.EINVALID, "request body: one JSON object expected, more data follows it")
	}
	return nil
}

func bodyError(err error) error {
	var mbe *nethttp.MaxBytesError
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &mbe):
		return truce.Errorf(truce.ETOOLARGE, "request body larger than %d bytes", mbe.Limit)
	case errors.As(err, &se):
		return truce.Errorf(truce.EINVALID, "request body: malformed JSON at byte %d: %v", se.Offset, se)
	case errors.As(err, &te):
		return &FieldErrors{Fields: map[string]string{te.Field: fmt.Sprintf("want a %s, got a JSON %s", te.Type, te.Value)}}
	case errors.Is(err, io.ErrUnexpectedEOF):
		return truce.Errorf(truce.EINVALID, "request body: malformed JSON: it ends before the object does")
	case errors.Is(err, io.EOF):
		return truce.Errorf(truce.EINVALID, "request body is empty: send a JSON object")
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return truce.Errorf(truce.EINVALID, "request body: %s", strings.TrimPrefix(err.Error(), "json: "))
	}
	return truce.Errorf(truce.EINVALID, "request body: %v", err)
}

// writeJSON writes v as JSON with the given content type.
func (s *Server) writeJSON(w nethttp.ResponseWriter, r *nethttp.Request, contentType string, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	w.Header().Set("Content-Type", contentType)
	w.Write(append(b, '\n'))
}

//go:embed openapi.json
var openAPI []byte

// OpenAPI returns the embedded OpenAPI 3 document.
func OpenAPI() []byte { return openAPI }

func (s *Server) handleOpenAPI(w nethttp.ResponseWriter, r *nethttp.Request) {
	w.Header().Set("Content-Type", "application/vnd.oai.openapi+json;version=3.0")
	w.Write(openAPI)
}

func (s *Server) handleHealth(w nethttp.ResponseWriter, r *nethttp.Request) {
	s.writeJSON(w, r, "application/json", map[string]string{"status": "ok"})
}

func (s *Server) handleReady(w nethttp.ResponseWriter, r *nethttp.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	unavailable := func(msg string, extra map[string]any) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(nethttp.StatusServiceUnavailable)
		body := map[string]any{"error": map[string]string{"code": "unavailable", "message": msg}}
		maps.Copy(body, extra)
		json.NewEncoder(w).Encode(body)
	}
	if _, err := s.store.Agreements(ctx); err != nil {
		s.log.Error("store not ready", slog.Any("error", err))
		unavailable("store unreachable", nil)
		return
	}
	out := map[string]any{"status": "ready"}
	if s.readOnly {
		out["read_only"] = true
		if s.primary != "" {
			out["primary"] = s.primary
		}
	}
	if s.lag != nil {
		lag, err := s.lag(ctx)
		if err != nil {
			s.log.Error("replication lag", slog.Any("error", err))
			unavailable("replication lag unknown", nil)
			return
		}
		out["replica"] = lagJSON(lag, s.maxLag)
		if s.maxLag > 0 && lag.Lag > s.maxLag {
			out["status"] = "lagging"
			unavailable(fmt.Sprintf("replica is %s behind its primary, more than --max-lag %s", lag.Lag.Round(time.Millisecond), s.maxLag), out)
			return
		}
	}
	s.writeJSON(w, r, "application/json", out)
}

func lagJSON(lag truce.ReplicaLag, max time.Duration) map[string]any {
	out := map[string]any{"standby": lag.Standby, "lag_seconds": lag.Lag.Seconds(),
		"replay_age_seconds": lag.ReplayAge.Seconds(), "lag_bytes": lag.Bytes, "receiving": lag.Received}
	if max > 0 {
		out["max_lag_seconds"] = max.Seconds()
	}
	return out
}

// refuseWrite answers a write sent to a read replica: 503, so that no
// client or cache takes the route itself for one that does not exist (as
// 405 would say), with the primary's URL in the body and in Location when
// the server knows it. It does not forward the write: a replica that
// relayed writes would hold monitors' tokens on their way to the primary
// and could not say whether a write it lost on the way was stored.
func (s *Server) refuseWrite(w nethttp.ResponseWriter, r *nethttp.Request) {
	msg := "this server is a read replica and takes no writes: send " + r.Method + " " + r.URL.Path + " to the primary"
	body := map[string]any{"code": truce.EREADONLY}
	if s.primary != "" {
		target := s.primary + r.URL.RequestURI()
		msg += " at " + target
		body["primary"] = s.primary
		w.Header().Set("Location", target)
	}
	body["message"] = msg
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(nethttp.StatusServiceUnavailable)
	json.NewEncoder(w).Encode(map[string]any{"error": body})
}
