package ledger

import (
	"bytes"
	"context"
	"crypto/ed25519"
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
// every stored signed head (signatures under pub, roots, sizes) and the
// checkpoints held elsewhere. It trusts nothing stored but the entries'
// four fields and the key it is given, so it detects edits made directly
// in the database: a changed entry, a changed leaf hash, a removed,
// inserted or reordered entry, a forged head. What the entries say of the
// other tables is VerifyState's and VerifyRecords' to check.
func Verify(ctx context.Context, log truce.LogService, pub ed25519.PublicKey, held ...Checkpoint) (*Result, error) {
	res := &Result{}
	size, err := log.LogSize(ctx)
	if err != nil {
		return nil, err
	}
	var tree tlog.Tree
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
