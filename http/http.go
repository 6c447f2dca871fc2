// Package http serves Truce over HTTP: the read-only JSON API under /api/v1
// (agreements, zones, incidents with filters and cursor paging, exports,
// status, trends, claims, bulletins and its OpenAPI 3 document), OGC API –
// Features (Core, GeoJSON) for zones and incidents under /ogc, and the
// operational endpoints /healthz and /readyz. It owns routing, request
// parsing, the mapping of Truce's error codes to HTTP statuses (one table),
// request logs and security headers; what it serves is assembled by the
// packages that own it (judge, bulletin, export).
package http

import (
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"log/slog"
	nethttp "net/http"
	"time"

	"github.com/truce-monitor/truce"
)

// Store is what the server reads.
type Store interface {
	truce.AgreementService
	truce.IncidentService
	truce.JudgementService
}

// Options tune a Server; zero values mean the defaults.
type Options struct {
	Logger *slog.Logger // request and error logs; nil: slog.Default()
	// MaxBodyBytes bounds request bodies; 0: 1 MiB.
	MaxBodyBytes int64
}

// Server is Truce's HTTP server: build it with NewServer, serve Handler.
type Server struct {
	store   Store
	log     *slog.Logger
	maxBody int64
	mux     *nethttp.ServeMux
	routes  []string // "GET /path" patterns, in registration order
}

// NewServer returns a server reading st.
func NewServer(st Store, opts Options) *Server {
	s := &Server{store: st, log: opts.Logger, maxBody: opts.MaxBodyBytes, mux: nethttp.NewServeMux()}
	if s.log == nil {
		s.log = slog.Default()
	}
	if s.maxBody <= 0 {
		s.maxBody = 1 << 20
	}
	s.handle("/healthz", s.handleHealth)
	s.handle("/readyz", s.handleReady)
	s.handle("/api/v1/openapi.json", s.handleOpenAPI)
	s.handle("/api/v1/agreements", s.handleAgreements)
	s.handle("/api/v1/agreements/{id}", s.handleAgreement)
	s.handle("/api/v1/zones", s.handleZones)
	s.handle("/api/v1/incidents", s.handleIncidents)
	s.handle("/api/v1/incidents.geojson", s.handleExport("geojson"))
	s.handle("/api/v1/incidents.csv", s.handleExport("csv"))
	s.handle("/api/v1/incidents/{id}", s.handleIncident)
	s.handle("/api/v1/status", s.handleStatus)
	s.handle("/api/v1/trends", s.handleTrends)
	s.handle("/api/v1/claims", s.handleClaims)
	s.handle("/api/v1/claims/{id}", s.handleClaim)
	s.handle("/api/v1/bulletins/{file}", s.handleBulletin)
	s.handle("/ogc", s.handleLanding)
	s.handle("/ogc/conformance", s.handleConformance)
	s.handle("/ogc/collections", s.handleCollections)
	s.handle("/ogc/collections/{collection}", s.handleCollection)
	s.handle("/ogc/collections/{collection}/items", s.handleItems)
	s.handle("/ogc/collections/{collection}/items/{fid}", s.handleItem)
	s.mux.HandleFunc("/", func(w nethttp.ResponseWriter, r *nethttp.Request) {
		s.Error(w, r, truce.Errorf(truce.ENOTFOUND, "no such resource: %s", r.URL.Path))
	})
	return s
}

// Routes lists the registered routes' paths, in ServeMux pattern syntax.
func (s *Server) Routes() []string { return append([]string(nil), s.routes...) }

// handle registers a GET route; ServeMux answers HEAD too, and 405 for
// other methods.
func (s *Server) handle(path string, h func(nethttp.ResponseWriter, *nethttp.Request)) {
	s.routes = append(s.routes, path)
	s.mux.HandleFunc("GET "+path, h)
}

// Handler returns the server's handler with its middleware: request logs,
// security headers and a request size limit.
func (s *Server) Handler() nethttp.Handler {
	return nethttp.HandlerFunc(func(w nethttp.ResponseWriter, r *nethttp.Request) {
		start := time.Now()
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'")
		h.Set("Cross-Origin-Resource-Policy", "same-origin")
		r.Body = nethttp.MaxBytesReader(w, r.Body, s.maxBody)
		if r.ContentLength > s.maxBody {
			s.Error(w, r, truce.Errorf(truce.EINVALID, "request body larger than %d bytes", s.maxBody))
			return
		}
		rec := &statusRecorder{ResponseWriter: w, status: nethttp.StatusOK}
		s.mux.ServeHTTP(rec, r)
		s.log.LogAttrs(r.Context(), slog.LevelInfo, "request",
			slog.String("method", r.Method), slog.String("path", r.URL.Path), slog.String("query", r.URL.RawQuery),
			slog.Int("status", rec.status), slog.Int64("bytes", rec.bytes), slog.Duration("duration", time.Since(start)),
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
	truce.EINVALID:  nethttp.StatusBadRequest,
	truce.ENOTFOUND: nethttp.StatusNotFound,
	truce.ECONFLICT: nethttp.StatusConflict,
	truce.EINTERNAL: nethttp.StatusInternalServerError,
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
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]any{"error": map[string]string{"code": code, "message": msg}})
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
	if _, err := s.store.Agreements(ctx); err != nil {
		s.log.Error("store not ready", slog.Any("error", err))
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(nethttp.StatusServiceUnavailable)
		json.NewEncoder(w).Encode(map[string]any{"error": map[string]string{"code": "unavailable", "message": "store unreachable"}})
		return
	}
	s.writeJSON(w, r, "application/json", map[string]string{"status": "ready"})
}
