// Package alert turns judgements into alerts and delivers them: it raises a
// grave-violation alert for each incident judged a grave violation and a
// status-change alert for each day a zone's status changes, and a Dispatcher
// POSTs every alert to the webhooks subscribed to it, signed with HMAC-SHA256,
// retrying with exponential back-off and recording each attempt.
//
// Alerts are keyed by the fact they report, and the store raises a key once,
// so any number of servers watching one database (or one server re-judging
// the same incidents) raise each alert once. Deliveries are leased before
// they are sent, so two dispatchers never send the same delivery at once.
package alert

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/assess"
)

// GraveBody is the payload of a grave-violation alert.
type GraveBody struct {
	Kind         string `json:"kind"`
	Agreement    string `json:"agreement"`
	Version      int    `json:"version"`
	IncidentID   int64  `json:"incident_id"`
	Date         string `json:"date"`
	ZoneID       string `json:"zone_id"`
	Severity     string `json:"severity"`
	AllegedParty string `json:"alleged_party,omitempty"`
	EventType    string `json:"event_type"`
	SubEventType string `json:"sub_event_type,omitempty"`
	Place        string `json:"place,omitempty"`
	Deaths       int    `json:"deaths"`
	Civilians    int    `json:"civilian_deaths"`
	Source       string `json:"source"`
	Reason       string `json:"reason"`
}

// StatusBody is the payload of a status-change alert.
type StatusBody struct {
	Kind      string `json:"kind"`
	Agreement string `json:"agreement"`
	Version   int    `json:"version"`
	ZoneID    string `json:"zone_id"`
	Date      string `json:"date"`
	From      string `json:"from"`
	To        string `json:"to"`
	Reason    string `json:"reason"`
}

// Raised counts the alerts a call raised (new ones only).
type Raised struct {
	Grave, StatusChanges int
}

// Total returns the number of new alerts.
func (r Raised) Total() int { return r.Grave + r.StatusChanges }

// Grave raises an alert for each judgement that is a grave violation; incs
// holds the judged incidents by ID, for the payload.
func Grave(ctx context.Context, st truce.AlertService, jds []truce.Judgement, incs map[int64]*truce.Incident, now time.Time) (int, error) {
	n := 0
	for _, jd := range jds {
		if jd.Verdict != truce.Violation || jd.Severity != truce.SeverityGrave {
			continue
		}
		b := GraveBody{Kind: truce.AlertGraveViolation, Agreement: jd.AgreementID, Version: jd.AgreementVersion,
			IncidentID: jd.IncidentID, ZoneID: jd.ZoneID, Severity: jd.Severity, AllegedParty: jd.AllegedParty}
		if inc := incs[jd.IncidentID]; inc != nil {
			b.Date = inc.DateStart.Format(truce.DateLayout)
			b.EventType, b.SubEventType, b.Place = inc.EventType, inc.SubEventType, inc.Location.Place
			b.Deaths, b.Civilians, b.Source = inc.Fatalities.Best, inc.Fatalities.Civilians, inc.Source
		}
		for _, s := range jd.Trace {
			if s.Rule == "severity" {
				b.Reason = s.Detail
			}
		}
		body, err := json.Marshal(b)
		if err != nil {
			return n, err
		}
		a := &truce.Alert{Kind: truce.AlertGraveViolation, Body: body, CreatedAt: now,
			Key: fmt.Sprintf("%s:%s:%d", truce.AlertGraveViolation, jd.AgreementID, jd.IncidentID)}
		created, err := st.RaiseAlert(ctx, a)
		if err != nil {
			return n, err
		}
		if created {
			n++
		}
	}
	return n, nil
}

// StatusChanges grades the given zones of a (every zone when zones is
// empty), judged under version, from the day before from to to, and raises
// an alert for each change of status on a day in [from, to]. It reads the
// rollup from rd zone by zone (a server passes its rollup cache).
func StatusChanges(ctx context.Context, st truce.AlertService, rd assess.ZoneDayReader, a *truce.Agreement, version int, zones []string, from, to time.Time, now time.Time) (int, error) {
	rules := a.Status.WithDefaults()
	window := rules.WindowDays
	if window < 1 {
		window = 1
	}
	if len(zones) == 0 {
		for _, z := range a.Zones {
			zones = append(zones, z.ID)
		}
	}
	start := from.AddDate(0, 0, -1)
	var rows []truce.ZoneDay
	for _, z := range zones {
		zr, err := rd.ZoneDays(ctx, truce.ZoneDayFilter{AgreementID: a.ID, Version: version, ZoneID: z,
			From: start.AddDate(0, 0, -(window + assess.DefaultCoverageDays)), To: to})
		if err != nil {
			return 0, err
		}
		rows = append(rows, zr...)
	}
	n := 0
	for _, tr := range assess.Transitions(assess.Statuses(a, rows, start, to, 0)) {
		if tr.Day.Before(from) || !slices.Contains(zones, tr.ZoneID) {
			continue
		}
		day := tr.Day.Format(truce.DateLayout)
		body, err := json.Marshal(StatusBody{Kind: truce.AlertStatusChange, Agreement: a.ID, Version: version, ZoneID: tr.ZoneID,
			Date: day, From: string(tr.From), To: string(tr.To), Reason: tr.Reason})
		if err != nil {
			return n, err
		}
		al := &truce.Alert{Kind: truce.AlertStatusChange, Body: body, CreatedAt: now,
			Key: fmt.Sprintf("%s:%s:%s:%s:%s>%s", truce.AlertStatusChange, a.ID, tr.ZoneID, day, tr.From, tr.To)}
		created, err := st.RaiseAlert(ctx, al)
		if err != nil {
			return n, err
		}
		if created {
			n++
		}
	}
	return n, nil
}
