package truce

import (
	"context"
	"time"
)

// Evidence is a file a monitor attached to a report: a photo, a video, a
// document. It is stored content-addressed: its SHA-256 names it, so the same
// file uploaded twice is stored once and a report's reference to it cannot be
// swapped for other content.
type Evidence struct {
	SHA256     string // hex
	Size       int64
	MediaType  string
	Name       string // the uploader's file name, for display only
	UploadedBy string // token name of the first uploader
	UploadedAt time.Time
	// Uploaders are the token names of everyone who uploaded these bytes
	// (FindEvidence fills it): each may read them back.
	Uploaders []string
}

// MaxEvidenceBytes bounds one evidence file.
const MaxEvidenceBytes = 20 << 20

// Submission is a monitor's report as it entered through the API, with the
// Idempotency-Key that makes retries safe.
type Submission struct {
	Owner       string // the submitting token's name: keys are per owner
	Key         string // the Idempotency-Key header
	RequestHash string // hex SHA-256 of the request body: a reused key with another body is refused
	Report      *Report
	Log         *LogEntry // appended in the same transaction as the report
	// Judge, when set, judges the stored incident under Version in the
	// same transaction (as JudgeIncidents would), so a submission is never
	// stored without its verdict.
	Judge   Judger
	Version int
}

// SubmissionResult is what storing a submission did.
type SubmissionResult struct {
	ReportID   int64
	IncidentID int64
	Replayed   bool // the key was used before with the same request: nothing was stored
	LogIndex   int64
	Judgements []Judgement // with Submission.Judge, the new judgement; none when Replayed
}

// SubmissionService stores monitors' submissions and their evidence.
type SubmissionService interface {
	// Submit stores s.Report (as PutReports would: placed in agreementID's
	// zones) and s.Log in one transaction, under (s.Owner, s.Key). If that
	// key was used before with the same RequestHash, it stores nothing and
	// returns the first result with Replayed set; with another RequestHash
	// it returns ECONFLICT. Concurrent submissions with one key, from any
	// number of processes, store one report.
	Submit(ctx context.Context, agreementID string, s *Submission) (SubmissionResult, error)
	// Submissions lists reports submitted by owner ("" for every owner),
	// newest first, at most limit (0: 100), with IDs below before (0: no
	// bound).
	Submissions(ctx context.Context, owner string, before int64, limit int) ([]SubmittedReport, error)
	// PutEvidence stores data under its SHA-256 (e.SHA256 and e.Size must
	// match it: EINVALID otherwise) and records e.UploadedBy as one of its
	// uploaders. The content is stored once; created is false when this
	// uploader had uploaded it before (nothing changes then).
	PutEvidence(ctx context.Context, e *Evidence, data []byte) (created bool, err error)
	// FindEvidence returns an evidence file's metadata and content, or
	// ENOTFOUND.
	FindEvidence(ctx context.Context, sha256 string) (*Evidence, []byte, error)
	// EvidenceFiles calls fn with every stored file's name (its SHA-256)
	// and content, in name order: what `truce log verify` rechecks.
	EvidenceFiles(ctx context.Context, fn func(sha256 string, data []byte) error) error
	// SubmissionLogIndex returns the log index of the submission that stored
	// report reportID, or ENOTFOUND when the report was not submitted (or
	// was logged with no entry).
	SubmissionLogIndex(ctx context.Context, reportID int64) (int64, error)
	// ReportsOf returns the reports behind an incident, oldest first.
	ReportsOf(ctx context.Context, incidentID int64) ([]Report, error)
}

// SubmittedReport is one submission as listed back to its owner.
type SubmittedReport struct {
	Owner      string
	Key        string
	ReportID   int64
	IncidentID int64
	LogIndex   int64
	Report     Report
}
