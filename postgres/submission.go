package postgres

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/truce-monitor/truce"
)

// Submit stores a monitor's report, its log entry and its idempotency key
// in one transaction. It takes the import lock before looking the key up,
// so of concurrent submissions with one key (from any process) the first
// stores and the others, waiting for it, find its committed key.
func (db *DB) Submit(ctx context.Context, agreementID string, s *truce.Submission) (truce.SubmissionResult, error) {
	var res truce.SubmissionResult
	if s.Report == nil {
		return res, truce.Errorf(truce.EINVALID, "the submission has no report")
	}
	now := db.Now()
	// A retry usually finds its key without waiting for the import lock; a
	// key first used meanwhile is found again under the lock. A read error
	// here is left for the locked look-up to meet.
	if res, found, err := findSubmission(db.pool.QueryRow(ctx, submissionByKey, s.Owner, s.Key), s); found {
		return res, err
	}
	var logIndex *int64
	err := db.beginFunc(ctx, func(tx pgx.Tx) error {
		if err := lockImports(ctx, tx); err != nil {
			return err
		}
		var found bool
		var err error
		if res, found, err = findSubmission(tx.QueryRow(ctx, submissionByKey, s.Owner, s.Key), s); found || err != nil {
			return err
		}
		var batch truce.BatchResult
		if err := putReports(ctx, tx, agreementID, []*truce.Report{s.Report}, now, &batch); err != nil {
			return err
		}
		r := s.Report
		// The report may have been a duplicate of a stored one (another
		// key, same content): its IDs are looked up.
		if err := tx.QueryRow(ctx, `SELECT id, COALESCE((SELECT id FROM incidents WHERE source = $1 AND source_key = $2), 0)
			FROM reports WHERE source = $1 AND source_key = $2 AND hash = $3`, r.Source, r.SourceKey, r.Hash).
			Scan(&res.ReportID, &res.IncidentID); err != nil {
			return fmt.Errorf("find submitted report: %w", err)
		}
		if s.Log != nil {
			if err := appendLog(ctx, tx, []*truce.LogEntry{s.Log}); err != nil {
				return err
			}
			res.LogIndex, logIndex = s.Log.Index, &s.Log.Index
		}
		if _, err = tx.Exec(ctx, `INSERT INTO submissions (owner, key, request_hash, report_id, incident_id, log_index, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
			s.Owner, s.Key, s.RequestHash, res.ReportID, res.IncidentID, logIndex, now.UTC()); err != nil {
			return err
		}
		if s.Judge != nil && res.IncidentID != 0 {
			res.Judgements = nil
			return judgeIncidents(ctx, tx, agreementID, s.Version, []int64{res.IncidentID}, s.Judge, now.UTC().Truncate(time.Second), &res.Judgements)
		}
		return nil
	})
	if err != nil {
		return truce.SubmissionResult{}, wrap("store submission", err)
	}
	return res, nil
}

const submissionByKey = `SELECT request_hash, report_id, incident_id, log_index FROM submissions WHERE owner = $1 AND key = $2`

// findSubmission reads a stored submission of s's key: the replayed result
// when its request matches, ECONFLICT when it does not, found false when the
// key is new.
func findSubmission(row pgx.Row, s *truce.Submission) (truce.SubmissionResult, bool, error) {
	var res truce.SubmissionResult
	var hash string
	var logIndex *int64
	err := row.Scan(&hash, &res.ReportID, &res.IncidentID, &logIndex)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return truce.SubmissionResult{}, false, nil
	case err != nil:
		return truce.SubmissionResult{}, false, fmt.Errorf("look up idempotency key: %w", err)
	case hash != s.RequestHash:
		return truce.SubmissionResult{}, true, truce.Errorf(truce.ECONFLICT, "idempotency key %q was used before with another request", s.Key)
	}
	res.Replayed = true
	if logIndex != nil {
		res.LogIndex = *logIndex
	}
	return res, true, nil
}

const reportSelect = `SELECT r.id, r.source, r.source_key, r.release, r.origin, r.line, r.raw, r.hash, r.received_at, r.withdraws FROM reports r`

func scanReport(row pgx.Row, dst ...any) (truce.Report, error) {
	var r truce.Report
	if err := row.Scan(append(dst, &r.ID, &r.Source, &r.SourceKey, &r.Release, &r.Origin, &r.Line, &r.Raw, &r.Hash, &r.ReceivedAt, &r.Withdraws)...); err != nil {
		return r, err
	}
	r.ReceivedAt = r.ReceivedAt.UTC()
	return r, nil
}

// Submissions lists submitted reports, newest first, with their incidents
// as they stand now (without memberships).
func (db *DB) Submissions(ctx context.Context, owner string, before int64, limit int) ([]truce.SubmittedReport, error) {
	if limit <= 0 {
		limit = 100
	}
	rows, err := db.pool.Query(ctx, `SELECT s.owner, s.key, s.report_id, s.incident_id, COALESCE(s.log_index, 0), `+strings.TrimPrefix(reportSelect, "SELECT ")+`
		JOIN submissions s ON s.report_id = r.id
		WHERE ($1 = '' OR s.owner = $1) AND ($2 = 0 OR s.report_id < $2)
		ORDER BY s.report_id DESC, s.created_at DESC, s.owner, s.key LIMIT $3`, owner, before, limit)
	if err != nil {
		return nil, fmt.Errorf("postgres: read submissions: %w", err)
	}
	defer rows.Close()
	var out []truce.SubmittedReport
	var ids []int64
	for rows.Next() {
		var s truce.SubmittedReport
		s.Report, err = scanReport(rows, &s.Owner, &s.Key, &s.ReportID, &s.IncidentID, &s.LogIndex)
		if err != nil {
			return nil, fmt.Errorf("postgres: read submissions: %w", err)
		}
		if s.IncidentID != 0 {
			ids = append(ids, s.IncidentID)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("postgres: read submissions: %w", err)
	}
	if len(ids) == 0 {
		return out, nil
	}
	incs := map[int64]*truce.Incident{}
	irows, err := db.pool.Query(ctx, incidentSelect+` WHERE i.id = ANY($2)`, "", ids)
	if err != nil {
		return nil, fmt.Errorf("postgres: read submitted incidents: %w", err)
	}
	defer irows.Close()
	for irows.Next() {
		inc, err := scanIncident(irows)
		if err != nil {
			return nil, err
		}
		incs[inc.ID] = inc
	}
	if err := irows.Err(); err != nil {
		return nil, fmt.Errorf("postgres: read submitted incidents: %w", err)
	}
	for i := range out {
		if inc := incs[out[i].IncidentID]; inc != nil {
			out[i].Report.Incident = *inc
		}
	}
	return out, nil
}

// checkEvidence refuses metadata that does not name data.
func checkEvidence(e *truce.Evidence, data []byte) error {
	sum := sha256.Sum256(data)
	if got := hex.EncodeToString(sum[:]); !strings.EqualFold(e.SHA256, got) {
		return truce.Errorf(truce.EINVALID, "evidence SHA-256 %q does not match its content (%s)", e.SHA256, got)
	}
	if e.Size != int64(len(data)) {
		return truce.Errorf(truce.EINVALID, "evidence size %d does not match its content (%d bytes)", e.Size, len(data))
	}
	return nil
}

// PutEvidence stores data under its SHA-256 unless it is stored already.
func (db *DB) PutEvidence(ctx context.Context, e *truce.Evidence, data []byte) (bool, error) {
	if err := checkEvidence(e, data); err != nil {
		return false, err
	}
	at := e.UploadedAt
	if at.IsZero() {
		at = db.Now()
	}
	sum := strings.ToLower(e.SHA256)
	created := false
	err := db.beginFunc(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO evidence (sha256, size, media_type, name, uploaded_by, uploaded_at, data) VALUES ($1, $2, $3, $4, $5, $6, $7)
			ON CONFLICT (sha256) DO NOTHING`, sum, e.Size, e.MediaType, e.Name, e.UploadedBy, at.UTC(), nonNilBytes(data)); err != nil {
			return fmt.Errorf("store evidence: %w", err)
		}
		tag, err := tx.Exec(ctx, `INSERT INTO evidence_uploaders (sha256, uploader, uploaded_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
			sum, e.UploadedBy, at.UTC())
		if err != nil {
			return fmt.Errorf("store evidence uploader: %w", err)
		}
		created = tag.RowsAffected() == 1
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("postgres: %w", err)
	}
	return created, nil
}

// FindEvidence returns an evidence file and its content.
func (db *DB) FindEvidence(ctx context.Context, sum string) (*truce.Evidence, []byte, error) {
	var e truce.Evidence
	var data []byte
	err := db.pool.QueryRow(ctx, `SELECT sha256, size, media_type, name, uploaded_by, uploaded_at, data FROM evidence WHERE sha256 = $1`, strings.ToLower(sum)).
		Scan(&e.SHA256, &e.Size, &e.MediaType, &e.Name, &e.UploadedBy, &e.UploadedAt, &data)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil, truce.Errorf(truce.ENOTFOUND, "no evidence with SHA-256 %s", sum)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("postgres: read evidence: %w", err)
	}
	e.UploadedAt = e.UploadedAt.UTC()
	rows, err := db.pool.Query(ctx, `SELECT uploader FROM evidence_uploaders WHERE sha256 = $1 ORDER BY uploaded_at, uploader`, e.SHA256)
	if err != nil {
		return nil, nil, fmt.Errorf("postgres: read evidence uploaders: %w", err)
	}
	if e.Uploaders, err = pgx.CollectRows(rows, pgx.RowTo[string]); err != nil {
		return nil, nil, fmt.Errorf("postgres: read evidence uploaders: %w", err)
	}
	return &e, data, nil
}

// ReportsOf returns the reports of an incident's event, oldest first: an
// incident is built from the reports sharing its (source, source key).
func (db *DB) ReportsOf(ctx context.Context, incidentID int64) ([]truce.Report, error) {
	rows, err := db.pool.Query(ctx, reportSelect+` JOIN incidents i ON i.source = r.source AND i.source_key = r.source_key
		WHERE i.id = $1 ORDER BY r.id`, incidentID)
	if err != nil {
		return nil, fmt.Errorf("postgres: read reports: %w", err)
	}
	defer rows.Close()
	var out []truce.Report
	for rows.Next() {
		r, err := scanReport(rows)
		if err != nil {
			return nil, fmt.Errorf("postgres: read reports: %w", err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("postgres: read reports: %w", err)
	}
	if len(out) == 0 {
		return nil, truce.Errorf(truce.ENOTFOUND, "no incident %d", incidentID)
	}
	return out, nil
}

var _ truce.SubmissionService = (*DB)(nil)

// SubmissionLogIndex returns the log index of the submission of a report.
func (db *DB) SubmissionLogIndex(ctx context.Context, reportID int64) (int64, error) {
	var idx *int64
	err := db.pool.QueryRow(ctx, `SELECT log_index FROM submissions WHERE report_id = $1 ORDER BY created_at LIMIT 1`, reportID).Scan(&idx)
	if errors.Is(err, pgx.ErrNoRows) || err == nil && idx == nil {
		return 0, truce.Errorf(truce.ENOTFOUND, "report %d was not submitted with a log entry", reportID)
	}
	if err != nil {
		return 0, fmt.Errorf("postgres: read submission of report %d: %w", reportID, err)
	}
	return *idx, nil
}

// EvidenceFiles calls fn with every stored file, in name order.
func (db *DB) EvidenceFiles(ctx context.Context, fn func(sha256 string, data []byte) error) error {
	rows, err := db.pool.Query(ctx, `SELECT sha256, data FROM evidence ORDER BY sha256`)
	if err != nil {
		return fmt.Errorf("postgres: read evidence: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var sum string
		var data []byte
		if err := rows.Scan(&sum, &data); err != nil {
			return fmt.Errorf("postgres: read evidence: %w", err)
		}
		if err := fn(sum, data); err != nil {
			return err
		}
	}
	return rows.Err()
}
