// Package ledger keeps Truce's tamper-evident log: the typed body of each
// kind of write (bodies.go) and its canonical bytes as a log entry, appending
// to the store's log, an in-memory Merkle tree (package tlog) kept in step
// with the stored leaves, tree heads signed with the server's Ed25519 key and
// the same heads as C2SP checkpoints (checkpoint.go), inclusion and
// consistency proofs, and verifying a stored log from scratch, against its
// stored heads and any checkpoints held outside (`truce log verify`). It also
// replays the log against the tables it proves: tokens, webhooks and evidence
// (state.go); reports and the incidents built from them, claims, agreements,
// admin boundaries and reported counts (records.go), by the digests the
// entries carry (IncidentDigest, StoredReports, UnitsDigest). Package app
// appends entries in the transaction of the write they record, and
// recomputes the tables derived from them (memberships, verdicts, zone days).
//
// The leaf data of an entry (what its RFC 6962 leaf hash covers) is
//
//	"truce-log-v1\n" kind "\n" at "\n" actor "\n" body
//
// where at is the entry's time in UTC as RFC 3339 with microseconds, and body
// is the entry's canonical JSON. Anyone holding an entry's four fields can
// recompute its leaf hash, and with an inclusion proof and a signed head,
// check it was logged, without trusting the server.
package ledger

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash"
	"sync"
	"time"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/tlog"
)

// leafHeader versions the leaf encoding.
const leafHeader = "truce-log-v1\n"

// timeLayout is how an entry's time enters its leaf: microseconds, because
// both stores keep exactly that much.
const timeLayout = "2006-01-02T15:04:05.000000Z"

// LeafData returns the bytes e's leaf hash covers.
func LeafData(e *truce.LogEntry) []byte {
	var b bytes.Buffer
	b.Grow(len(leafHeader) + len(e.Kind) + len(e.Actor) + len(e.Body) + 32)
	b.WriteString(leafHeader)
	b.WriteString(e.Kind)
	b.WriteByte('\n')
	b.WriteString(e.At.UTC().Format(timeLayout))
	b.WriteByte('\n')
	b.WriteString(e.Actor)
	b.WriteByte('\n')
	b.Write(e.Body)
	return b.Bytes()
}

// LeafHash returns the RFC 6962 leaf hash of e.
func LeafHash(e *truce.LogEntry) tlog.Hash { return tlog.LeafHash(LeafData(e)) }

// NewEntry returns an entry of kind by actor at at with body marshalled as
// JSON (encoding/json sorts map keys, so maps give canonical bytes too), and
// its leaf hash set.
func NewEntry(kind, actor string, at time.Time, body any) (*truce.LogEntry, error) {
	b, err := json.Marshal(body)
	if err != nil {
		return nil, fmt.Errorf("ledger: encode %s entry: %w", kind, err)
	}
	e := &truce.LogEntry{Kind: kind, At: at.UTC().Truncate(time.Microsecond), Actor: actor, Body: b}
	h := LeafHash(e)
	e.LeafHash = h[:]
	return e, nil
}

// Ledger appends to a store's log and answers for it. It is safe for
// concurrent use; several Ledgers (in several processes) may share one store:
// each catches up with the stored leaves before it answers.
type Ledger struct {
	store truce.LogService
	key   ed25519.PrivateKey
	now   func() time.Time

	// readOnly: Head never signs or stores a head (see NewReadOnly).
	readOnly bool

	mu   sync.Mutex
	tree tlog.Tree
}

// NewReadOnly returns a ledger over store that never writes: Head serves
// the latest head stored (signed by the primary), even when the log has
// grown since, rather than signing one. For read replicas, whose store is a
// hot standby. key may be nil; with it, Checkpoint can still format the
// stored head as a signed note.
func NewReadOnly(store truce.LogService, key ed25519.PrivateKey) *Ledger {
	return &Ledger{store: store, key: key, now: time.Now, readOnly: true}
}

// New returns a ledger over store that signs heads with key (nil: it cannot
// sign, and Head fails).
func New(store truce.LogService, key ed25519.PrivateKey) *Ledger {
	return &Ledger{store: store, key: key, now: time.Now}
}

// Append stores entries (in order, after every stored entry), setting their
// indexes.
func (l *Ledger) Append(ctx context.Context, entries ...*truce.LogEntry) error {
	if len(entries) == 0 {
		return nil
	}
	return l.store.AppendLog(ctx, entries)
}

// Record makes an entry and appends it: the one call most writers need.
func (l *Ledger) Record(ctx context.Context, kind, actor string, body any) (*truce.LogEntry, error) {
	e, err := NewEntry(kind, actor, l.now(), body)
	if err != nil {
		return nil, err
	}
	if err := l.Append(ctx, e); err != nil {
		return nil, err
	}
	return e, nil
}

// sync brings the in-memory tree up to the stored log. Callers hold l.mu.
func (l *Ledger) sync(ctx context.Context) error {
	size, err := l.store.LogSize(ctx)
	if err != nil {
		return err
	}
	have := int64(l.tree.Size())
	if size <= have {
		return nil
	}
	return l.store.LogEntries(ctx, have, size, func(e *truce.LogEntry) error {
		if e.Index != int64(l.tree.Size()) {
			return truce.Errorf(truce.EINTERNAL, "log entry %d is missing", l.tree.Size())
		}
		var h tlog.Hash
		if len(e.LeafHash) != len(h) {
			return truce.Errorf(truce.EINTERNAL, "log entry %d has a malformed leaf hash", e.Index)
		}
		copy(h[:], e.LeafHash)
		l.tree.Append(h)
		return nil
	})
}

// Size returns the log's current size.
func (l *Ledger) Size(ctx context.Context) (int64, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if err := l.sync(ctx); err != nil {
		return 0, err
	}
	return int64(l.tree.Size()), nil
}

// Head returns a signed head of the whole log as it is now, signing a new
// one when the log has grown since the last stored head. A read-only ledger
// returns the last stored head instead, which may cover fewer entries.
func (l *Ledger) Head(ctx context.Context) (tlog.SignedTreeHead, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if err := l.sync(ctx); err != nil {
		return tlog.SignedTreeHead{}, err
	}
	size := l.tree.Size()
	if l.readOnly {
		last, err := l.store.LatestSignedHead(ctx)
		if truce.ErrorCode(err) == truce.ENOTFOUND {
			return tlog.SignedTreeHead{}, truce.Errorf(truce.ENOTFOUND, "no signed head yet: this read replica serves the heads its primary signs (every --sign-every)")
		}
		if err != nil {
			return tlog.SignedTreeHead{}, err
		}
		return fromStored(last)
	}
	if last, err := l.store.LatestSignedHead(ctx); err == nil && uint64(last.TreeSize) == size {
		return fromStored(last)
	} else if err != nil && truce.ErrorCode(err) != truce.ENOTFOUND {
		return tlog.SignedTreeHead{}, err
	}
	if l.key == nil {
		return tlog.SignedTreeHead{}, truce.Errorf(truce.EINTERNAL, "the log has no signing key")
	}
	sth := tlog.Sign(l.key, tlog.TreeHead{Size: size, Root: l.tree.Root(), Time: l.now().Truncate(time.Microsecond)})
	if err := l.store.PutSignedHead(ctx, toStored(sth, l.key.Public().(ed25519.PublicKey))); err != nil {
		return tlog.SignedTreeHead{}, err
	}
	// Another server may have signed this size first; the stored head is
	// the one every server must serve.
	if last, err := l.store.LatestSignedHead(ctx); err == nil && uint64(last.TreeSize) == size {
		return fromStored(last)
	}
	return sth, nil
}

// Entry returns the stored entry at index.
func (l *Ledger) Entry(ctx context.Context, index int64) (*truce.LogEntry, error) {
	var out *truce.LogEntry
	err := l.store.LogEntries(ctx, index, index+1, func(e *truce.LogEntry) error { out = e; return nil })
	if err != nil {
		return nil, err
	}
	if out == nil {
		return nil, truce.Errorf(truce.ENOTFOUND, "no log entry %d", index)
	}
	return out, nil
}

// InclusionProof returns the audit path of the leaf at index in the tree of
// size leaves (0: the current size) and the size used.
func (l *Ledger) InclusionProof(ctx context.Context, index, size int64) ([]tlog.Hash, int64, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if err := l.sync(ctx); err != nil {
		return nil, 0, err
	}
	if size == 0 {
		size = int64(l.tree.Size())
	}
	if index < 0 || size < 0 || index >= size || uint64(size) > l.tree.Size() {
		return nil, 0, truce.Errorf(truce.EINVALID, "no leaf %d in a tree of %d (the log holds %d entries)", index, size, l.tree.Size())
	}
	p, err := l.tree.InclusionProof(uint64(index), uint64(size))
	return p, size, err
}

// ConsistencyProof returns the proof that the tree of first leaves is a
// prefix of the tree of second leaves.
func (l *Ledger) ConsistencyProof(ctx context.Context, first, second int64) ([]tlog.Hash, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if err := l.sync(ctx); err != nil {
		return nil, err
	}
	if first < 0 || second < first || uint64(second) > l.tree.Size() {
		return nil, truce.Errorf(truce.EINVALID, "no consistency proof from %d to %d: need 0 <= first <= second <= %d", first, second, l.tree.Size())
	}
	return l.tree.ConsistencyProof(uint64(first), uint64(second))
}

// RootAt returns the root of the tree of the first size leaves.
func (l *Ledger) RootAt(ctx context.Context, size int64) (tlog.Hash, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if err := l.sync(ctx); err != nil {
		return tlog.Hash{}, err
	}
	if size < 0 || uint64(size) > l.tree.Size() {
		return tlog.Hash{}, truce.Errorf(truce.EINVALID, "no tree of size %d: the log holds %d entries", size, l.tree.Size())
	}
	return l.tree.RootAt(uint64(size))
}

// KeyID names a public key: the first 16 hex digits of its SHA-256.
func KeyID(pub ed25519.PublicKey) string {
	sum := sha256.Sum256(pub)
	return hex.EncodeToString(sum[:8])
}

func toStored(sth tlog.SignedTreeHead, pub ed25519.PublicKey) *truce.SignedHead {
	return &truce.SignedHead{TreeSize: int64(sth.Size), RootHash: append([]byte(nil), sth.Root[:]...),
		Timestamp: sth.Time, Signature: sth.Signature, KeyID: KeyID(pub)}
}

func fromStored(h *truce.SignedHead) (tlog.SignedTreeHead, error) {
	var sth tlog.SignedTreeHead
	if len(h.RootHash) != tlog.HashSize {
		return sth, truce.Errorf(truce.EINTERNAL, "stored signed head of size %d has a malformed root", h.TreeSize)
	}
	sth.Size = uint64(h.TreeSize)
	copy(sth.Root[:], h.RootHash)
	sth.Time = h.Timestamp.UTC()
	sth.Signature = h.Signature
	return sth, nil
}

// Digester accumulates how an entry names a set of things without listing
// them (an import's report hashes): the hex SHA-256 of each part followed by
// a newline, in order. It streams, so an import of millions of rows need not
// hold their hashes.
type Digester struct{ h hash.Hash }

// NewDigester returns an empty Digester.
func NewDigester() *Digester { return &Digester{h: sha256.New()} }

// Add appends part.
func (d *Digester) Add(part string) {
	d.h.Write([]byte(part))
	d.h.Write([]byte{'\n'})
}

// Sum returns the digest of the parts added so far.
func (d *Digester) Sum() string { return hex.EncodeToString(d.h.Sum(nil)) }

// Digest returns the Digester's digest of parts.
func Digest(parts []string) string {
	d := NewDigester()
	for _, p := range parts {
		d.Add(p)
	}
	return d.Sum()
}

// PublicKey returns the key heads are verified with, or nil.
func (l *Ledger) PublicKey() ed25519.PublicKey {
	if l.key == nil {
		return nil
	}
	return l.key.Public().(ed25519.PublicKey)
}

// HeadCovering returns the latest stored signed head when it covers the
// first size entries, and otherwise signs a new one (see Head): readers of
// old entries then cost no write.
func (l *Ledger) HeadCovering(ctx context.Context, size int64) (tlog.SignedTreeHead, error) {
	if last, err := l.store.LatestSignedHead(ctx); err == nil && last.TreeSize >= size {
		if sth, err := fromStored(last); err == nil {
			return sth, nil
		}
	}
	return l.Head(ctx)
}
