package http

import (
	nethttp "net/http"
	"strconv"
	"time"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/reported"
)

// handleReporters answers what `truce reporters --format json` prints: the
// sides' reported counts compared with each other and with the incidents.
func (s *Server) handleReporters(w nethttp.ResponseWriter, r *nethttp.Request) {
	q := r.URL.Query()
	opts := reported.Options{Province: q.Get("province"), IncidentSource: q.Get("incident_source")}
	var err error
	for _, p := range []struct {
		name string
		to   *time.Time
	}{{"from", &opts.From}, {"to", &opts.To}} {
		if v := q.Get(p.name); v != "" {
			if *p.to, err = truce.ParseDate(v); err != nil {
				s.Error(w, r, invalid("%s %q: want a date as YYYY-MM-DD", p.name, v))
				return
			}
		}
	}
	if !opts.From.IsZero() && !opts.To.IsZero() && opts.To.Before(opts.From) {
		s.Error(w, r, invalid("to %s is before from %s", date(opts.To), date(opts.From)))
		return
	}
	if v := q.Get("top"); v != "" {
		if opts.Top, err = strconv.Atoi(v); err != nil || opts.Top < 1 || opts.Top > 1000 {
			s.Error(w, r, invalid("top %q: want a whole number from 1 to 1000", v))
			return
		}
	}
	st, ok := s.store.(reported.Store)
	if !ok {
		s.Error(w, r, invalid("this store cannot keep reported counts"))
		return
	}
	cmp, err := reported.Build(r.Context(), st, opts)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.writeJSON(w, r, "application/json", cmp)
}
