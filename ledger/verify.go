package ledger

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/tlog"
)

// ReportBody is the body of a LogReport entry: enough to find the report
// and prove its content unchanged.
type ReportBody struct {
	Source    string   `json:"source"`
	SourceKey string   `json:"source_key"`
	Hash      string   `json:"hash"` // hex SHA-256 of the report's Raw
	Evidence  []string `json:"evidence,omitempty"`
	// IncidentDigest vouches for the incident the report was parsed into
	// (IncidentDigest); empty in entries written before it was kept.
	IncidentDigest string `json:"incident_digest,omitempty"`
	// Revision marks a revision of a submitted report, by its submitter
	// or an analyst.
	Revision bool `json:"revision,omitempty"`
}

// Reports is what Verify reads to recheck logged reports.
type Reports interface {
	Incidents(ctx context.Context, f truce.IncidentFilter, fn func(*truce.Incident) error) error
	ReportsOf(ctx context.Context, incidentID int64) ([]truce.Report, error)
}

// Problem is one inconsistency Verify found. Index is the first log entry it
// implicates, -1 when it names none.
type Problem struct {
	Index   int64
	Message string
}

// Result is what Verify found.
type Result struct {
	Entries     int64
	Heads       int
	Checkpoints int // checkpoints held outside the database, checked
	Reports     int // report entries whose report was rechecked
	// Unsigned counts the entries after the largest signed head: their
	// leaf hashes are checked, but an edit of an entry together with its
	// leaf hash goes unnoticed until a head covers them.
	Unsigned int64
	Problems []Problem
}

// OK reports whether the log verified.
func (r *Result) OK() bool { return len(r.Problems) == 0 }

// FirstBad returns the first entry implicated, or -1.
func (r *Result) FirstBad() int64 {
	first := int64(-1)
	for _, p := range r.Problems {
		if p.Index >= 0 && (first < 0 || p.Index < first) {
			first = p.Index
		}
	}
	return first
}

// Verify recomputes the stored log from its entries and checks it against
// every stored signed head (signatures under pub, roots, sizes), then checks
// each report entry against the report stored in reports (nil: skipped). It
// trusts nothing stored but the entries' four fields and the key it is given,
// so it detects edits made directly in the database: a changed entry, a
// changed leaf hash, a removed, inserted or reordered entry, a forged head,
// or a changed report.
func Verify(ctx context.Context, log truce.LogService, reports Reports, pub ed25519.PublicKey, held ...Checkpoint) (*Result, error) {
	res := &Result{}
	size, err := log.LogSize(ctx)
	if err != nil {
		return nil, err
	}
	var tree tlog.Tree
	var reportEntries []*truce.LogEntry
	err = log.LogEntries(ctx, 0, size, func(e *truce.LogEntry) error {
		want := int64(tree.Size())
		if e.Index != want {
			res.Problems = append(res.Problems, Problem{Index: want, Message: fmt.Sprintf("entry %d is missing (the next stored entry is %d)", want, e.Index)})
		}
		h := LeafHash(e)
		if !bytes.Equal(h[:], e.LeafHash) {
			res.Problems = append(res.Problems, Problem{Index: e.Index, Message: fmt.Sprintf("entry %d (%s by %s): its content does not match its leaf hash: it was edited after it was logged", e.Index, e.Kind, e.Actor)})
		}
		tree.Append(h)
		if e.Kind == truce.LogReport && reports != nil {
			reportEntries = append(reportEntries, e)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	res.Entries = int64(tree.Size())
	heads, err := log.SignedHeads(ctx)
	if err != nil {
		return nil, err
	}
	res.Heads = len(heads)
	sort.Slice(heads, func(i, j int) bool { return heads[i].TreeSize < heads[j].TreeSize })
	for i := range heads {
		h := &heads[i]
		sth, err := fromStored(h)
		if err != nil {
			res.Problems = append(res.Problems, Problem{Index: -1, Message: err.Error()})
			continue
		}
		if err := tlog.VerifySTH(pub, sth); err != nil {
			res.Problems = append(res.Problems, Problem{Index: -1, Message: fmt.Sprintf("signed head of size %d (%s): the signature does not verify under the given key: the head was forged or the key is wrong", h.TreeSize, sth.Time.Format("2006-01-02T15:04:05Z"))})
			continue
		}
		if uint64(h.TreeSize) > tree.Size() {
			res.Problems = append(res.Problems, Problem{Index: int64(tree.Size()), Message: fmt.Sprintf("the log holds %d entries but a head signed it at %d: entries were removed", tree.Size(), h.TreeSize)})
			continue
		}
		root, _ := tree.RootAt(uint64(h.TreeSize))
		if root != sth.Root {
			first := firstDiverging(&tree, heads[:i], h.TreeSize)
			res.Problems = append(res.Problems, Problem{Index: first, Message: fmt.Sprintf("the signed head of size %d does not match the log: an entry at index %d..%d was changed, removed or reordered", h.TreeSize, first, h.TreeSize-1)})
		}
	}
	// Checkpoints held outside the database catch what the stored heads
	// cannot: heads deleted with the entries they covered, a log cut back,
	// a rewrite signed again with the key.
	for _, cp := range held {
		if cp.Size > tree.Size() {
			res.Problems = append(res.Problems, Problem{Index: int64(tree.Size()), Message: fmt.Sprintf("the log holds %d entries but the checkpoint from %s has %d: entries were removed (and the heads that covered them)", tree.Size(), cp.From, cp.Size)})
			continue
		}
		if root, _ := tree.RootAt(cp.Size); root != cp.Root {
			first := firstDiverging(&tree, heads, int64(cp.Size))
			res.Problems = append(res.Problems, Problem{Index: first, Message: fmt.Sprintf("the log's first %d entries do not match the checkpoint from %s: an entry at index %d..%d was changed, removed or reordered", cp.Size, cp.From, first, cp.Size-1)})
		}
	}
	res.Checkpoints = len(held)
	res.Unsigned = res.Entries
	if len(heads) > 0 {
		res.Unsigned = max(res.Entries-heads[len(heads)-1].TreeSize, 0)
	}
	for _, e := range reportEntries {
		res.Reports++
		if p := checkReport(ctx, reports, e); p != "" {
			res.Problems = append(res.Problems, Problem{Index: e.Index, Message: p})
		}
	}
	sort.SliceStable(res.Problems, func(i, j int) bool { return res.Problems[i].Index < res.Problems[j].Index })
	return res, nil
}

// firstDiverging narrows where a mismatching head's tree went wrong: after
// the largest earlier head that still matches.
func firstDiverging(tree *tlog.Tree, earlier []truce.SignedHead, size int64) int64 {
	first := int64(0)
	for _, h := range earlier {
		if h.TreeSize >= size {
			break
		}
		root, err := tree.RootAt(uint64(h.TreeSize))
		if err == nil && bytes.Equal(root[:], h.RootHash) {
			first = h.TreeSize
		}
	}
	return first
}

func checkReport(ctx context.Context, reports Reports, e *truce.LogEntry) string {
	var b ReportBody
	if err := json.Unmarshal(e.Body, &b); err != nil {
		return fmt.Sprintf("entry %d: report body is not valid JSON: %v", e.Index, err)
	}
	var incs []int64
	err := reports.Incidents(ctx, truce.IncidentFilter{Source: b.Source, SourceKey: b.SourceKey, WithWithdrawn: true}, func(inc *truce.Incident) error {
		incs = append(incs, inc.ID)
		return nil
	})
	if err != nil {
		return fmt.Sprintf("entry %d: cannot read the incident of %s:%s: %v", e.Index, b.Source, b.SourceKey, err)
	}
	for _, id := range incs {
		rs, err := reports.ReportsOf(ctx, id)
		if err != nil && truce.ErrorCode(err) != truce.ENOTFOUND {
			return fmt.Sprintf("entry %d: cannot read the reports of incident %d: %v", e.Index, id, err)
		}
		for _, r := range rs {
			if r.Hash != b.Hash {
				continue
			}
			sum := sha256.Sum256([]byte(r.Raw))
			switch {
			case hex.EncodeToString(sum[:]) != b.Hash:
				return fmt.Sprintf("entry %d: report %d (%s:%s) no longer hashes to the logged hash: its content was edited in the database", e.Index, r.ID, b.Source, b.SourceKey)
			case r.Source != b.Source || r.SourceKey != b.SourceKey:
				return fmt.Sprintf("entry %d: report %d's source changed in the database", e.Index, r.ID)
			}
			return ""
		}
	}
	return fmt.Sprintf("entry %d: the logged report %s:%s (hash %.12s) is missing from the database or was replaced", e.Index, b.Source, b.SourceKey, b.Hash)
}
