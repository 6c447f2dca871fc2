package truce

import (
	"context"
	"time"
)

// Kinds of log entry: one per kind of write.
const (
	LogReport        = "report"        // a monitor's submission, or one report
	LogImport        = "import"        // an import batch: a file's reports, digested
	LogAdjudication  = "adjudication"  // a judging run: its verdicts, digested
	LogAgreement     = "agreement"     // an agreement version loaded or made active
	LogToken         = "token"         // a token created or revoked
	LogWebhook       = "webhook"       // a webhook added or removed
	LogClaim         = "claim"         // a claim checked and stored
	LogEvidence      = "evidence"      // an evidence file stored
	LogBoundaries    = "boundaries"    // admin boundaries loaded
	LogCorroboration = "corroboration" // a corroboration run, or an analyst's split or merge
	LogCounts        = "counts"        // reported counts of violations imported from news or a file
)

// LogEntry is one leaf of the tamper-evident log (package tlog): an
// append-only record of one write. Its leaf data is Kind, At, Actor and Body
// (see package ledger for the exact bytes); LeafHash is the RFC 6962 hash of
// that data. Body is canonical JSON of what was written, with hashes of large
// content rather than the content itself.
type LogEntry struct {
	Index    int64 // 0-based position in the log, assigned by AppendLog
	Kind     string
	At       time.Time // UTC, whole microseconds (both stores keep that much)
	Actor    string    // who wrote: a token name, or "cli" for the command line
	Body     []byte
	LeafHash []byte // 32 bytes
}

// SignedHead is a signed tree head as stored: the log's size and root hash
// at a time, signed by the server's Ed25519 key (package tlog's text form).
type SignedHead struct {
	TreeSize  int64
	RootHash  []byte
	Timestamp time.Time
	Signature []byte
	KeyID     string // hex SHA-256 of the public key, first 16 characters
}

// LogService stores the tamper-evident log. Appends are serialised across
// processes (several servers may share one database), so indexes are dense
// and never reused.
type LogService interface {
	// AppendLog appends entries in order, setting their Index, in one
	// transaction.
	AppendLog(ctx context.Context, entries []*LogEntry) error
	// LogSize returns the number of entries.
	LogSize(ctx context.Context) (int64, error)
	// LogEntries calls fn for entries with start <= Index < end, in order.
	LogEntries(ctx context.Context, start, end int64, fn func(*LogEntry) error) error
	// FindLogEntry returns the first entry with the given leaf hash, or
	// ENOTFOUND.
	FindLogEntry(ctx context.Context, leafHash []byte) (*LogEntry, error)
	// PutSignedHead stores h; storing a head for a tree size already stored
	// changes nothing.
	PutSignedHead(ctx context.Context, h *SignedHead) error
	// SignedHeads lists the stored heads by tree size, then time.
	SignedHeads(ctx context.Context) ([]SignedHead, error)
	// LatestSignedHead returns the head with the largest tree size, or
	// ENOTFOUND.
	LatestSignedHead(ctx context.Context) (*SignedHead, error)
}
