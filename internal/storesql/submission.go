package storesql

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"sync"

	"github.com/truce-monitor/truce"
)

// Submit stores a monitor's report, its log entry and its idempotency key
// in one transaction that takes turns with every other writer of reports
// (LockWriters), so of concurrent submissions with one key (from any
// process) the first stores and the others find its committed key. The
// report goes through the store's PutReports, exactly as an import's do.
//
// Submissions that arrive while another batch is being written are
// written together, one transaction for the lot (group commit), each in a
// savepoint of its own so that one that fails leaves the others stored:
// the cost of a transaction (its commit, on PostgreSQL a flush of the
// write-ahead log) is shared, and a burst of submissions queues for one
// writer instead of for the lock. Inside an Atomic transaction the
// submission joins that one instead.
func (s *Store) Submit(ctx context.Context, agreementID string, sub *truce.Submission) (truce.SubmissionResult, error) {
	if sub.Report == nil {
		return truce.SubmissionResult{}, truce.Errorf(truce.EINVALID, "the submission has no report")
	}
	// A retry usually finds its key without waiting for the lock; a key
	// first used meanwhile is found again under it. A read error here is
	// left for the locked look-up to meet.
	if res, found, err := s.findSubmission(s.d.Reader(ctx).QueryRow(ctx, submissionByKey, sub.Owner, sub.Key), sub); found {
		return res, err
	}
	if s.d.InAtomic(ctx) {
		var res truce.SubmissionResult
		err := s.d.Write(ctx, func(tx Conn) error {
			if err := s.d.LockWriters(ctx, tx); err != nil {
				return err
			}
			var err error
			res, err = s.submitIn(ctx, tx, agreementID, sub)
			return err
		})
		if err != nil {
			return truce.SubmissionResult{}, s.errorf("store submission", err)
		}
		return res, nil
	}
	c := &submitCall{agreementID: agreementID, sub: sub, done: make(chan struct{})}
	s.group.mu.Lock()
	s.group.queue = append(s.group.queue, c)
	if !s.group.writing {
		s.group.writing = true
		go s.writeGroups()
	}
	s.group.mu.Unlock()
	select {
	case <-c.done:
		return c.res, c.err
	case <-ctx.Done():
		// It may still be stored: a retry with the key finds out.
		return truce.SubmissionResult{}, ctx.Err()
	}
}

// maxGroup bounds the submissions one transaction writes, so that the
// writer's lock is not held long while reads wait on PostgreSQL's locks.
const maxGroup = 64

// submitGroup is the queue of submissions waiting for the group writer.
type submitGroup struct {
	mu      sync.Mutex
	queue   []*submitCall
	writing bool // a writeGroups goroutine is draining the queue
}

type submitCall struct {
	agreementID string
	sub         *truce.Submission
	res         truce.SubmissionResult
	err         error
	done        chan struct{}
}

// writeGroups writes the queued submissions, up to maxGroup a transaction,
// until the queue is empty.
func (s *Store) writeGroups() {
	for {
		s.group.mu.Lock()
		n := min(len(s.group.queue), maxGroup)
		if n == 0 {
			s.group.writing = false
			s.group.mu.Unlock()
			return
		}
		batch := s.group.queue[:n:n]
		s.group.queue = s.group.queue[n:]
		s.group.mu.Unlock()
		s.writeGroup(batch)
	}
}

// writeGroup writes batch in one transaction, each submission in a
// savepoint: one that fails is rolled back alone and gets its error. When
// the transaction itself fails, every submission gets that error (none is
// stored; a retry with its key stores it).
func (s *Store) writeGroup(batch []*submitCall) {
	// No caller's context: one caller giving up must not undo the others.
	ctx := context.Background()
	err := s.d.Write(ctx, func(tx Conn) error {
		if err := s.d.LockWriters(ctx, tx); err != nil {
			return err
		}
		for _, c := range batch {
			if _, err := tx.Exec(ctx, `SAVEPOINT submission`); err != nil {
				return err
			}
			c.res, c.err = s.submitIn(ctx, tx, c.agreementID, c.sub)
			if c.err != nil {
				c.res, c.err = truce.SubmissionResult{}, s.errorf("store submission", c.err)
				if _, err := tx.Exec(ctx, `ROLLBACK TO SAVEPOINT submission`); err != nil {
					return err
				}
			}
			if _, err := tx.Exec(ctx, `RELEASE SAVEPOINT submission`); err != nil {
				return err
			}
		}
		return nil
	})
	for _, c := range batch {
		if err != nil {
			c.res, c.err = truce.SubmissionResult{}, s.errorf("store submissions", err)
		}
		close(c.done)
	}
}

// submitIn stores one submission inside tx, which holds the writers' lock.
func (s *Store) submitIn(ctx context.Context, tx Conn, agreementID string, sub *truce.Submission) (truce.SubmissionResult, error) {
	res, found, err := s.findSubmission(tx.QueryRow(ctx, submissionByKey, sub.Owner, sub.Key), sub)
	if found || err != nil {
		return res, err
	}
	if _, err := s.d.PutReports(ctx, tx, agreementID, []*truce.Report{sub.Report}); err != nil {
		return res, err
	}
	r := sub.Report
	// The report may have been a duplicate of a stored one (another key,
	// same content): its IDs are looked up rather than taken from r.
	if err := tx.QueryRow(ctx, `SELECT id, COALESCE((SELECT id FROM `+s.d.IncidentKeys()+` WHERE source = ? AND source_key = ?), 0)
		FROM reports WHERE source = ? AND source_key = ? AND hash = ?`, r.Source, r.SourceKey, r.Source, r.SourceKey, r.Hash).
		Scan(&res.ReportID, &res.IncidentID); err != nil {
		return res, s.errorf("find submitted report", err)
	}
	var logIndex *int64
	if sub.Log != nil {
		if err := s.AppendLogTx(ctx, tx, []*truce.LogEntry{sub.Log}); err != nil {
			return res, err
		}
		res.LogIndex, logIndex = sub.Log.Index, &sub.Log.Index
	}
	if _, err := tx.Exec(ctx, `INSERT INTO submissions (owner, key, request_hash, report_id, incident_id, log_index, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		sub.Owner, sub.Key, sub.RequestHash, res.ReportID, res.IncidentID, logIndex, s.d.Time(s.d.Now())); err != nil {
		return res, s.errorf("store idempotency key", err)
	}
	if sub.Judge != nil && res.IncidentID != 0 {
		if res.Judgements, err = s.d.JudgeIncidents(ctx, tx, agreementID, sub.Version, []int64{res.IncidentID}, sub.Judge); err != nil {
			return res, err
		}
	}
	return res, nil
}

const submissionByKey = `SELECT request_hash, report_id, incident_id, log_index FROM submissions WHERE owner = ? AND key = ?`

// findSubmission reads a stored submission of sub's key: the replayed
// result when its request matches, ECONFLICT when it does not, found false
// when the key is new.
func (s *Store) findSubmission(row Row, sub *truce.Submission) (truce.SubmissionResult, bool, error) {
	var res truce.SubmissionResult
	var hash string
	var logIndex *int64
	err := row.Scan(&hash, &res.ReportID, &res.IncidentID, &logIndex)
	switch {
	case s.d.NoRows(err):
		return truce.SubmissionResult{}, false, nil
	case err != nil:
		return truce.SubmissionResult{}, false, s.errorf("look up idempotency key", err)
	case hash != sub.RequestHash:
		return truce.SubmissionResult{}, true, truce.Errorf(truce.ECONFLICT, "idempotency key %q was used before with another request", sub.Key)
	}
	res.Replayed = true
	if logIndex != nil {
		res.LogIndex = *logIndex
	}
	return res, true, nil
}

const reportSelect = `SELECT r.id, r.source, r.source_key, r.release, r.origin, r.line, r.raw, r.hash, r.received_at, r.withdraws FROM reports r`

func scanReport(row Row, dst ...any) (truce.Report, error) {
	var r truce.Report
	err := row.Scan(append(dst, &r.ID, &r.Source, &r.SourceKey, &r.Release, &r.Origin, &r.Line, &r.Raw, &r.Hash, Time(&r.ReceivedAt), &r.Withdraws)...)
	return r, err
}

// Submissions lists submitted reports, newest first, with their incidents
// as they stand now (without memberships).
func (s *Store) Submissions(ctx context.Context, owner string, before int64, limit int) ([]truce.SubmittedReport, error) {
	if limit <= 0 {
		limit = 100
	}
	rows, err := s.d.Reader(ctx).Query(ctx, `SELECT s.owner, s.key, s.report_id, s.incident_id, COALESCE(s.log_index, 0), `+strings.TrimPrefix(reportSelect, "SELECT ")+`
		JOIN submissions s ON s.report_id = r.id
		WHERE (? = '' OR s.owner = ?) AND (? = 0 OR s.report_id < ?)
		ORDER BY s.report_id DESC, s.created_at DESC, s.owner, s.key LIMIT ?`, owner, owner, before, before, limit)
	out, err := collect(rows, err, func(row Row) (sr truce.SubmittedReport, err error) {
		sr.Report, err = scanReport(row, &sr.Owner, &sr.Key, &sr.ReportID, &sr.IncidentID, &sr.LogIndex)
		return sr, err
	})
	if err != nil {
		return nil, s.errorf("read submissions", err)
	}
	if err := s.d.Unpack(ctx, reportsOf(out, func(sr *truce.SubmittedReport) *truce.Report { return &sr.Report })); err != nil {
		return nil, err
	}
	var ids []int64
	for _, sr := range out {
		if sr.IncidentID != 0 {
			ids = append(ids, sr.IncidentID)
		}
	}
	if len(ids) == 0 {
		return out, nil
	}
	incs := map[int64]*truce.Incident{}
	err = s.d.IncidentsByID(ctx, ids, func(inc *truce.Incident) error {
		incs[inc.ID] = inc
		return nil
	})
	if err != nil {
		return nil, s.errorf("read submitted incidents", err)
	}
	for i := range out {
		if inc := incs[out[i].IncidentID]; inc != nil {
			out[i].Report.Incident = *inc
		}
	}
	return out, nil
}

// reportsOf points at the reports of list's elements.
func reportsOf[T any](list []T, report func(*T) *truce.Report) []*truce.Report {
	out := make([]*truce.Report, len(list))
	for i := range list {
		out[i] = report(&list[i])
	}
	return out
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

// PutEvidence stores data under its SHA-256 unless it is stored already,
// and its uploader; it reports whether this uploader is new for the file.
func (s *Store) PutEvidence(ctx context.Context, e *truce.Evidence, data []byte) (bool, error) {
	if err := checkEvidence(e, data); err != nil {
		return false, err
	}
	at := e.UploadedAt
	if at.IsZero() {
		at = s.d.Now()
	}
	sum := strings.ToLower(e.SHA256)
	var created bool
	err := s.d.Write(ctx, func(tx Conn) error {
		if _, err := tx.Exec(ctx, `INSERT INTO evidence (sha256, size, media_type, name, uploaded_by, uploaded_at, data) VALUES (?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (sha256) DO NOTHING`, sum, e.Size, e.MediaType, e.Name, e.UploadedBy, s.d.Time(at), NonNilBytes(data)); err != nil {
			return s.errorf("store evidence", err)
		}
		n, err := tx.Exec(ctx, `INSERT INTO evidence_uploaders (sha256, uploader, uploaded_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`,
			sum, e.UploadedBy, s.d.Time(at))
		if err != nil {
			return s.errorf("store evidence uploader", err)
		}
		created = n == 1
		return nil
	})
	return created, err
}

// FindEvidence returns an evidence file and its content.
func (s *Store) FindEvidence(ctx context.Context, sum string) (*truce.Evidence, []byte, error) {
	var e truce.Evidence
	var data []byte
	err := s.d.Reader(ctx).QueryRow(ctx, `SELECT sha256, size, media_type, name, uploaded_by, uploaded_at, data FROM evidence WHERE sha256 = ?`, strings.ToLower(sum)).
		Scan(&e.SHA256, &e.Size, &e.MediaType, &e.Name, &e.UploadedBy, Time(&e.UploadedAt), &data)
	if s.d.NoRows(err) {
		return nil, nil, truce.Errorf(truce.ENOTFOUND, "no evidence with SHA-256 %s", sum)
	}
	if err != nil {
		return nil, nil, s.errorf("read evidence", err)
	}
	rows, err := s.d.Reader(ctx).Query(ctx, `SELECT uploader FROM evidence_uploaders WHERE sha256 = ? ORDER BY uploaded_at, uploader`, e.SHA256)
	e.Uploaders, err = collect(rows, err, func(row Row) (u string, err error) { return u, row.Scan(&u) })
	if err != nil {
		return nil, nil, s.errorf("read evidence uploaders", err)
	}
	return &e, data, nil
}

// ReportsOf returns the reports of an incident's event, oldest first: an
// incident is built from the reports sharing its (source, source key).
func (s *Store) ReportsOf(ctx context.Context, incidentID int64) ([]truce.Report, error) {
	rows, err := s.d.Reader(ctx).Query(ctx, reportSelect+` JOIN `+s.d.IncidentKeys()+` i ON i.source = r.source AND i.source_key = r.source_key
		WHERE i.id = ? ORDER BY r.id`, incidentID)
	out, err := collect(rows, err, func(row Row) (truce.Report, error) { return scanReport(row) })
	if err != nil {
		return nil, s.errorf("read reports", err)
	}
	if len(out) == 0 {
		return nil, truce.Errorf(truce.ENOTFOUND, "no incident %d", incidentID)
	}
	if err := s.d.Unpack(ctx, reportsOf(out, func(r *truce.Report) *truce.Report { return r })); err != nil {
		return nil, err
	}
	return out, nil
}

// SubmissionLogIndex returns the log index of the submission of a report.
func (s *Store) SubmissionLogIndex(ctx context.Context, reportID int64) (int64, error) {
	var idx *int64
	err := s.d.Reader(ctx).QueryRow(ctx, `SELECT log_index FROM submissions WHERE report_id = ? ORDER BY created_at LIMIT 1`, reportID).Scan(&idx)
	if s.d.NoRows(err) || err == nil && idx == nil {
		return 0, truce.Errorf(truce.ENOTFOUND, "report %d was not submitted with a log entry", reportID)
	}
	if err != nil {
		return 0, s.errorf("read submission of a report", err)
	}
	return *idx, nil
}

// EvidenceFiles calls fn with every stored file, in name order.
func (s *Store) EvidenceFiles(ctx context.Context, fn func(sha256 string, data []byte) error) error {
	rows, err := s.d.Reader(ctx).Query(ctx, `SELECT sha256, data FROM evidence ORDER BY sha256`)
	if err != nil {
		return s.errorf("read evidence", err)
	}
	defer rows.Close()
	for rows.Next() {
		var sum string
		var data []byte
		if err := rows.Scan(&sum, &data); err != nil {
			return s.errorf("read evidence", err)
		}
		if err := fn(sum, data); err != nil {
			return err
		}
	}
	return s.errorf("read evidence", rows.Err())
}
