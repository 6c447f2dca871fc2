package storesql

import (
	"context"
	"time"

	"github.com/truce-monitor/truce"
)

// JudgedVersion returns the latest version of agreementID with judgements.
func (s *Store) JudgedVersion(ctx context.Context, agreementID string) (int, error) {
	var v int
	err := s.d.Reader(ctx).QueryRow(ctx, `SELECT COALESCE(max(agreement_version), 0) FROM judgements WHERE agreement_id = ?`, agreementID).Scan(&v)
	return v, s.errorf("read judged version", err)
}

// JudgementHistory returns an incident's judgements, newest version first.
func (s *Store) JudgementHistory(ctx context.Context, incidentID int64, agreementID string) ([]truce.Judgement, error) {
	rows, err := s.d.Reader(ctx).Query(ctx, `SELECT j.agreement_version, j.zone_id, j.verdict, j.severity, j.alleged_party, t.body, j.trace_args, j.judged_at, j.p_low, j.p, j.p_high, j.excluded
		FROM judgements j JOIN traces t ON t.id = j.trace_id
		WHERE j.incident_id = ? AND j.agreement_id = ? ORDER BY j.agreement_version DESC`, incidentID, agreementID)
	out, err := collect(rows, err, func(row Row) (truce.Judgement, error) {
		jd := truce.Judgement{IncidentID: incidentID, AgreementID: agreementID}
		var verdict, trace, args string
		if err := row.Scan(&jd.AgreementVersion, &jd.ZoneID, &verdict, &jd.Severity, &jd.AllegedParty, &trace, &args, Time(&jd.JudgedAt), &jd.P.Low, &jd.P.Mid, &jd.P.High, &jd.Excluded); err != nil {
			return jd, err
		}
		jd.Verdict = truce.Verdict(verdict)
		var err error
		if jd.Trace, err = truce.DecodeTrace(trace, args); err != nil {
			return jd, truce.Errorf(truce.EINTERNAL, "decode trace of incident %d: %v", incidentID, err)
		}
		return jd, nil
	})
	if err != nil {
		return nil, s.errorf("read judgements", err)
	}
	if len(out) == 0 {
		return nil, truce.Errorf(truce.ENOTFOUND, "incident %d has not been judged against %s: run `truce adjudicate`", incidentID, agreementID)
	}
	return out, nil
}

// ZoneDays returns rollup rows of one agreement version (the latest judged
// when f names none).
func (s *Store) ZoneDays(ctx context.Context, f truce.ZoneDayFilter) ([]truce.ZoneDay, error) {
	version := f.Version
	if version == 0 {
		var v *int64
		if err := s.d.Reader(ctx).QueryRow(ctx, `SELECT max(agreement_version) FROM judgements WHERE agreement_id = ?`, f.AgreementID).Scan(&v); err != nil {
			return nil, s.errorf("read zone days", err)
		}
		if v == nil {
			return nil, truce.Errorf(truce.ENOTFOUND, "no incidents have been judged against %s: run `truce adjudicate`", f.AgreementID)
		}
		version = int(*v)
	}
	q := `SELECT zone_id, day, placement, event_type, sub_event_type, verdict, severity, excluded, incidents, parts, continued, p_key, deaths, civilian_deaths, p_low, p, p_high FROM zone_days
		WHERE agreement_id = ? AND agreement_version = ?`
	args := []any{f.AgreementID, version}
	if f.ZoneID != "" {
		q, args = q+` AND zone_id = ?`, append(args, f.ZoneID)
	}
	if !f.From.IsZero() {
		q, args = q+` AND day >= ?`, append(args, s.d.Date(f.From))
	}
	if !f.To.IsZero() {
		q, args = q+` AND day <= ?`, append(args, s.d.Date(f.To))
	}
	rows, err := s.d.Reader(ctx).Query(ctx, q+` ORDER BY zone_id, day, placement, event_type, sub_event_type, verdict, severity, excluded, p_key, elsewhere, continuing`, args...)
	out, err := collect(rows, err, func(row Row) (truce.ZoneDay, error) {
		zd := truce.ZoneDay{AgreementID: f.AgreementID, AgreementVersion: version}
		var verdict, placement string
		var pKey int
		err := row.Scan(&zd.ZoneID, Time(&zd.Day), &placement, &zd.EventType, &zd.SubEventType, &verdict, &zd.Severity, &zd.Excluded, &zd.Incidents, &zd.Parts, &zd.Continued, &pKey, &zd.Deaths, &zd.CivilianDeaths,
			&zd.P.Low, &zd.P.Mid, &zd.P.High)
		zd.Verdict, zd.Placement = truce.Verdict(verdict), truce.Placement(placement)
		if zd.Continued > 0 {
			// Other rows have their chances in P.
			zd.PKey = pKey
		}
		return zd, err
	})
	return out, s.errorf("read zone days", err)
}

// RollupChanges returns the rollup changes after since, and the sequence
// number to ask after next. Sequence numbers are handed out in commit
// order: every transaction that logs a change holds the writers' lock
// until it commits, so a reader never skips one that commits later.
func (s *Store) RollupChanges(ctx context.Context, since int64) ([]truce.RollupChange, int64, error) {
	rows, err := s.d.Reader(ctx).Query(ctx, `SELECT seq, agreement_id, agreement_version, zone_id, day FROM rollup_changes WHERE seq > ? ORDER BY seq`, since)
	out, err := collect(rows, err, func(row Row) (c truce.RollupChange, err error) {
		return c, row.Scan(&c.Seq, &c.AgreementID, &c.AgreementVersion, &c.ZoneID, Time(&c.Day))
	})
	if err != nil {
		return nil, 0, s.errorf("read rollup changes", err)
	}
	latest := since
	if len(out) > 0 {
		latest = out[len(out)-1].Seq
	} else if since == 0 {
		// A cache starting out needs the current end of the log.
		if err := s.d.Reader(ctx).QueryRow(ctx, `SELECT COALESCE(max(seq), 0) FROM rollup_changes`).Scan(&latest); err != nil {
			return nil, 0, s.errorf("read rollup changes", err)
		}
	}
	return out, latest, nil
}

// DataEnd is the last day a standing incident begins on: past it the
// store knows nothing (assess.StatusesUntil). Zero when it holds none.
func (s *Store) DataEnd(ctx context.Context) (time.Time, error) {
	var t time.Time
	err := s.d.Reader(ctx).QueryRow(ctx, `SELECT max(date_start) FROM incidents WHERE `+s.d.Standing("incidents")).Scan(Time(&t))
	return t, s.errorf("read the data's last day", err)
}

// Stats counts the stored reports and incidents, by source, and the span
// of the incidents' days.
func (s *Store) Stats(ctx context.Context) (truce.StoreStats, error) {
	st := truce.StoreStats{BySource: map[string]int{}}
	standing := s.d.Standing("incidents")
	if err := s.d.Reader(ctx).QueryRow(ctx, `SELECT (SELECT count(*) FROM reports), COALESCE(sum(CASE WHEN `+standing+` THEN 1 ELSE 0 END), 0),
		COALESCE(sum(CASE WHEN `+standing+` THEN 0 ELSE 1 END), 0), min(date_start), max(date_start) FROM incidents`).
		Scan(&st.Reports, &st.Incidents, &st.Withdrawn, Time(&st.FirstDate), Time(&st.LastDate)); err != nil {
		return st, s.errorf("stats", err)
	}
	rows, err := s.d.Reader(ctx).Query(ctx, `SELECT source, count(*) FROM incidents WHERE `+standing+` GROUP BY source`)
	if err != nil {
		return st, s.errorf("stats", err)
	}
	type bySource struct {
		source string
		n      int
	}
	err = Each(rows, func(row Row) (b bySource, err error) { return b, row.Scan(&b.source, &b.n) }, func(b bySource) error {
		st.BySource[b.source] = b.n
		return nil
	})
	return st, s.errorf("stats", err)
}
