package sqlite

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"github.com/truce-monitor/truce"
)

// Submit stores a monitor's report, its log entry and its idempotency key
// in one write transaction. The transaction holds SQLite's write lock from
// its start, so of concurrent submissions with one key (from any process on
// the file) the first stores and the others find its key.
func (db *DB) Submit(ctx context.Context, agreementID string, s *truce.Submission) (truce.SubmissionResult, error) {
	var res truce.SubmissionResult
	if s.Report == nil {
		return res, truce.Errorf(truce.EINVALID, "the submission has no report")
	}
	// A retry usually finds its key without waiting for the write lock; a
	// key first used meanwhile is found again under the lock.
	// A read error here is left for the locked look-up to meet.
	if res, found, err := findSubmission(db.queryRow(ctx, submissionByKey, s.Owner, s.Key), s); found {
		return res, err
	}
	wt, err := db.beginW(ctx)
	if err != nil {
		return res, err
	}
	defer wt.Rollback()
	tx := wt.Tx
	if res, found, err := findSubmission(tx.QueryRowContext(ctx, submissionByKey, s.Owner, s.Key), s); found || err != nil {
		return res, err
	}
	var logIndex sql.NullInt64
	if _, err := db.putReports(ctx, tx, agreementID, []*truce.Report{s.Report}); err != nil {
		return res, err
	}
	r := s.Report
	// The report may have been a duplicate of a stored one (another key,
	// same content): its IDs are looked up rather than taken from r.
	if err := tx.QueryRowContext(ctx, `SELECT id, COALESCE((SELECT id FROM incidents WHERE source = ? AND source_key = ?), 0)
		FROM reports WHERE source = ? AND source_key = ? AND hash = ?`, r.Source, r.SourceKey, r.Source, r.SourceKey, r.Hash).
		Scan(&res.ReportID, &res.IncidentID); err != nil {
		return res, fmt.Errorf("sqlite: find submitted report: %w", err)
	}
	if s.Log != nil {
		if err := appendLog(ctx, tx, []*truce.LogEntry{s.Log}); err != nil {
			return res, err
		}
		res.LogIndex, logIndex = s.Log.Index, sql.NullInt64{Int64: s.Log.Index, Valid: true}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO submissions (owner, key, request_hash, report_id, incident_id, log_index, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		s.Owner, s.Key, s.RequestHash, res.ReportID, res.IncidentID, logIndex, formatTime(db.Now())); err != nil {
		return res, fmt.Errorf("sqlite: store idempotency key: %w", err)
	}
	if s.Judge != nil && res.IncidentID != 0 {
		if res.Judgements, err = db.judgeIncidents(ctx, tx, agreementID, s.Version, []int64{res.IncidentID}, s.Judge); err != nil {
			return truce.SubmissionResult{}, err
		}
	}
	if err := wt.Commit(); err != nil {
		return truce.SubmissionResult{}, fmt.Errorf("sqlite: commit submission: %w", err)
	}
	return res, nil
}

const submissionByKey = `SELECT request_hash, report_id, incident_id, log_index FROM submissions WHERE owner = ? AND key = ?`

// findSubmission reads a stored submission of s's key: the replayed result
// when its request matches, ECONFLICT when it does not, found false when the
// key is new.
func findSubmission(row *sql.Row, s *truce.Submission) (truce.SubmissionResult, bool, error) {
	var res truce.SubmissionResult
	var hash string
	var logIndex sql.NullInt64
	err := row.Scan(&hash, &res.ReportID, &res.IncidentID, &logIndex)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return truce.SubmissionResult{}, false, nil
	case err != nil:
		return truce.SubmissionResult{}, false, fmt.Errorf("sqlite: look up idempotency key: %w", err)
	case hash != s.RequestHash:
		return truce.SubmissionResult{}, true, truce.Errorf(truce.ECONFLICT, "idempotency key %q was used before with another request", s.Key)
	}
	res.Replayed, res.LogIndex = true, logIndex.Int64
	return res, true, nil
}

const reportSelect = `SELECT r.id, r.source, r.source_key, r.release, r.origin, r.line, r.raw, r.hash, r.received_at, r.withdraws FROM reports r`

func scanReport(row scanner, dst ...any) (truce.Report, error) {
	var r truce.Report
	var received string
	var withdraws int
	if err := row.Scan(append(dst, &r.ID, &r.Source, &r.SourceKey, &r.Release, &r.Origin, &r.Line, &r.Raw, &r.Hash, &received, &withdraws)...); err != nil {
		return r, err
	}
	r.ReceivedAt, r.Withdraws = parseTime(received), withdraws == 1
	return r, nil
}

// Submissions lists submitted reports, newest first, with their incidents
// as they stand now (without memberships).
func (db *DB) Submissions(ctx context.Context, owner string, before int64, limit int) ([]truce.SubmittedReport, error) {
	if limit <= 0 {
		limit = 100
	}
	rows, err := db.query(ctx, `SELECT s.owner, s.key, s.report_id, s.incident_id, COALESCE(s.log_index, 0), `+strings.TrimPrefix(reportSelect, "SELECT ")+`
		JOIN submissions s ON s.report_id = r.id
		WHERE (? = '' OR s.owner = ?) AND (? = 0 OR s.report_id < ?)
		ORDER BY s.report_id DESC, s.created_at DESC, s.owner, s.key LIMIT ?`, owner, owner, before, before, limit)
	if err != nil {
		return nil, fmt.Errorf("sqlite: read submissions: %w", err)
	}
	defer rows.Close()
	var out []truce.SubmittedReport
	var ids []any
	for rows.Next() {
		var s truce.SubmittedReport
		s.Report, err = scanReport(rows, &s.Owner, &s.Key, &s.ReportID, &s.IncidentID, &s.LogIndex)
		if err != nil {
			return nil, fmt.Errorf("sqlite: read submissions: %w", err)
		}
		if s.IncidentID != 0 {
			ids = append(ids, s.IncidentID)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	if len(ids) == 0 {
		return out, nil
	}
	incs := map[int64]*truce.Incident{}
	irows, err := db.query(ctx, incidentSelect+` WHERE i.id IN (`+placeholders(len(ids))+`)`, append([]any{""}, ids...)...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: read submitted incidents: %w", err)
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
		return nil, err
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
	wt, err := db.beginW(ctx)
	if err != nil {
		return false, err
	}
	defer wt.Rollback()
	sum := strings.ToLower(e.SHA256)
	if _, err := wt.ExecContext(ctx, `INSERT INTO evidence (sha256, size, media_type, name, uploaded_by, uploaded_at, data) VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (sha256) DO NOTHING`, sum, e.Size, e.MediaType, e.Name, e.UploadedBy, formatTime(at), nonNilBytes(data)); err != nil {
		return false, fmt.Errorf("sqlite: store evidence: %w", err)
	}
	res, err := wt.ExecContext(ctx, `INSERT INTO evidence_uploaders (sha256, uploader, uploaded_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`,
		sum, e.UploadedBy, formatTime(at))
	if err != nil {
		return false, fmt.Errorf("sqlite: store evidence uploader: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, err
	}
	return n == 1, wt.Commit()
}

// FindEvidence returns an evidence file and its content.
func (db *DB) FindEvidence(ctx context.Context, sum string) (*truce.Evidence, []byte, error) {
	var e truce.Evidence
	var at string
	var data []byte
	err := db.queryRow(ctx, `SELECT sha256, size, media_type, name, uploaded_by, uploaded_at, data FROM evidence WHERE sha256 = ?`, strings.ToLower(sum)).
		Scan(&e.SHA256, &e.Size, &e.MediaType, &e.Name, &e.UploadedBy, &at, &data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, truce.Errorf(truce.ENOTFOUND, "no evidence with SHA-256 %s", sum)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("sqlite: read evidence: %w", err)
	}
	e.UploadedAt = parseTime(at)
	rows, err := db.query(ctx, `SELECT uploader FROM evidence_uploaders WHERE sha256 = ? ORDER BY uploaded_at, uploader`, e.SHA256)
	if err != nil {
		return nil, nil, fmt.Errorf("sqlite: read evidence uploaders: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var u string
		if err := rows.Scan(&u); err != nil {
			return nil, nil, err
		}
		e.Uploaders = append(e.Uploaders, u)
	}
	return &e, data, rows.Err()
}

// ReportsOf returns the reports of an incident's event, oldest first: an
// incident is built from the reports sharing its (source, source key).
func (db *DB) ReportsOf(ctx context.Context, incidentID int64) ([]truce.Report, error) {
	rows, err := db.query(ctx, reportSelect+` JOIN incidents i ON i.source = r.source AND i.source_key = r.source_key
		WHERE i.id = ? ORDER BY r.id`, incidentID)
	if err != nil {
		return nil, fmt.Errorf("sqlite: read reports: %w", err)
	}
	defer rows.Close()
	var out []truce.Report
	for rows.Next() {
		r, err := scanReport(rows)
		if err != nil {
			return nil, fmt.Errorf("sqlite: read reports: %w", err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, truce.Errorf(truce.ENOTFOUND, "no incident %d", incidentID)
	}
	return out, nil
}

var _ truce.SubmissionService = (*DB)(nil)

// SubmissionLogIndex returns the log index of the submission of a report.
func (db *DB) SubmissionLogIndex(ctx context.Context, reportID int64) (int64, error) {
	var idx sql.NullInt64
	err := db.queryRow(ctx, `SELECT log_index FROM submissions WHERE report_id = ? ORDER BY created_at LIMIT 1`, reportID).Scan(&idx)
	if errors.Is(err, sql.ErrNoRows) || err == nil && !idx.Valid {
		return 0, truce.Errorf(truce.ENOTFOUND, "report %d was not submitted with a log entry", reportID)
	}
	if err != nil {
		return 0, fmt.Errorf("sqlite: read submission of report %d: %w", reportID, err)
	}
	return idx.Int64, nil
}

// EvidenceFiles calls fn with every stored file, in name order.
func (db *DB) EvidenceFiles(ctx context.Context, fn func(sha256 string, data []byte) error) error {
	rows, err := db.query(ctx, `SELECT sha256, data FROM evidence ORDER BY sha256`)
	if err != nil {
		return fmt.Errorf("sqlite: read evidence: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var sum string
		var data []byte
		if err := rows.Scan(&sum, &data); err != nil {
			return err
		}
		if err := fn(sum, data); err != nil {
			return err
		}
	}
	return rows.Err()
}
