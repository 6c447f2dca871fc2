package http

import (
	"context"
	nethttp "net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/truce-monitor/truce"
)

// metrics are the server's Prometheus series. Routes are labelled by their
// pattern, never by raw path, so label sets stay bounded.
type metrics struct {
	requests    *prometheus.CounterVec
	duration    *prometheus.HistogramVec
	submissions *prometheus.CounterVec
	alerts      *prometheus.CounterVec
	handler     nethttp.Handler
}

func newMetrics(reg *prometheus.Registry, s *Server) *metrics {
	if reg == nil {
		reg = prometheus.NewRegistry()
		reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	}
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "truce_http_requests_total",
			Help: "HTTP requests by route pattern, method and status."}, []string{"route", "method", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "truce_http_request_duration_seconds",
			Help:    "HTTP request latency by route pattern.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 10}}, []string{"route"}),
		submissions: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "truce_submissions_total",
			Help: "Monitor submissions by result: stored, replayed, rejected."}, []string{"result"}),
		alerts: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "truce_alerts_raised_total",
			Help: "Alerts this server raised, by kind (each fact is raised once across servers)."}, []string{"kind"}),
	}
	reg.MustRegister(m.requests, m.duration, m.submissions, m.alerts)
	if s.ledger != nil {
		l := s.ledger
		reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "truce_log_entries",
			Help: "Entries in the tamper-evident log."}, func() float64 {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			defer cancel()
			n, err := l.Size(ctx)
			if err != nil {
				return -1
			}
			return float64(n)
		}))
	}
	if s.lag != nil {
		lag := s.lag
		gauge := func(name, help string, v func(l truce.ReplicaLag) float64) {
			reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help}, func() float64 {
				ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
				defer cancel()
				l, err := lag(ctx)
				if err != nil {
					return -1
				}
				return v(l)
			}))
		}
		gauge("truce_replica_lag_seconds", "How far the store is behind its primary: the age of the last replayed transaction while WAL awaits replay, 0 when all received WAL is replayed (and on a primary); -1 when unknown.",
			func(l truce.ReplicaLag) float64 { return l.Lag.Seconds() })
		gauge("truce_replica_replay_age_seconds", "Time since the last transaction the standby replayed was committed on the primary (grows while the primary is idle); -1 when unknown.",
			func(l truce.ReplicaLag) float64 { return l.ReplayAge.Seconds() })
		gauge("truce_replica_lag_bytes", "WAL the standby has received but not replayed, in bytes; -1 when unknown.",
			func(l truce.ReplicaLag) float64 { return float64(l.Bytes) })
	}
	ro := 0.0
	if s.readOnly {
		ro = 1
	}
	reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "truce_read_only",
		Help: "1 when this server is a read replica (truce serve --read-only), else 0."}, func() float64 { return ro }))
	m.handler = promhttp.HandlerFor(reg, promhttp.HandlerOpts{})
	return m
}

func (m *metrics) observe(r *nethttp.Request, status int, d time.Duration) {
	route := r.Pattern
	if route == "" {
		route = "other"
	}
	m.requests.WithLabelValues(route, r.Method, strconv.Itoa(status)).Inc()
	m.duration.WithLabelValues(route).Observe(d.Seconds())
}
