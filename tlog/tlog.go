// Package tlog is Truce's tamper-evident log: Merkle-tree hashing, inclusion
// and consistency proofs, and signed tree heads, in the form defined by
// RFC 6962 (Certificate Transparency) and RFC 9162.
//
// Every write Truce makes (a report, an import batch, an adjudication change,
// an agreement change, a token change) is meant to become one leaf of an
// append-only Merkle tree. The server signs the tree's head (its size, root
// hash and time) with Ed25519 and serves inclusion proofs (this leaf is in the
// tree with this head) and consistency proofs (the tree with this head is an
// extension of the tree with that earlier head). A guarantor who kept an
// earlier signed head can then prove that a report existed, unchanged, at that
// time, and that nothing logged since has been rewritten.
//
// tlog owns only the mathematics: hashing, proofs, their verification, and
// the encoding and signing of tree heads. It stores nothing; the storage
// layers decide where leaves and heads live, and Tree is an in-memory index a
// caller can rebuild from stored leaf hashes.
//
// Verification deliberately does not depend on the server's code path.
// VerifyInclusion, VerifyConsistency and VerifySTH are pure functions of their
// arguments (they never consult a Tree or a database), follow the RFC 9162
// verification algorithms step by step, and use the standard RFC 6962 hashes,
// so a guarantor can check Truce's claims with these few functions or with any
// other RFC 6962 implementation, without trusting the server that produced
// them. A server that edits a row in its database cannot produce a proof that
// verifies against a head it signed before the edit.
//
// Hashing (RFC 6962 §2.1):
//
//	leaf hash   = SHA-256(0x00 || data)
//	node hash   = SHA-256(0x01 || left || right)
//	MTH({})     = SHA-256("")
//	MTH(D[n])   = node(MTH(D[0:k]), MTH(D[k:n])), k the largest power of two < n
package tlog

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"math/bits"

	"github.com/truce-monitor/truce"
)

// HashSize is the size of a Hash in bytes.
const HashSize = sha256.Size

// Hash is a SHA-256 hash of a leaf, an interior node or a tree.
//
// Its String form is lowercase hex (for logs and test vectors); its text form
// (MarshalText, used by encoding/json) is standard base64, as in the RFC 6962
// API and in the signed tree head.
type Hash [HashSize]byte

// String returns h in lowercase hex.
func (h Hash) String() string { return hex.EncodeToString(h[:]) }

// MarshalText returns h in standard, padded base64.
func (h Hash) MarshalText() ([]byte, error) {
	return base64.StdEncoding.AppendEncode(nil, h[:]), nil
}

// UnmarshalText decodes h from standard, padded base64 (44 characters).
func (h *Hash) UnmarshalText(text []byte) error {
	v, err := ParseHash(string(text))
	if err != nil {
		return err
	}
	*h = v
	return nil
}

// ParseHash decodes a Hash from its text form: standard, padded base64.
func ParseHash(s string) (Hash, error) {
	var h Hash
	b, err := base64.StdEncoding.Strict().DecodeString(s)
	// The decoder skips '\r' and '\n': insist on the one canonical spelling.
	if err != nil || len(b) != HashSize || base64.StdEncoding.EncodeToString(b) != s {
		return h, truce.Errorf(truce.EINVALID, "tlog: %q is not a base64 SHA-256 hash", truncate(s))
	}
	copy(h[:], b)
	return h, nil
}

// emptyRoot is MTH({}) = SHA-256("").
var emptyRoot = Hash(sha256.Sum256(nil))

// EmptyRoot returns the root hash of the empty tree, SHA-256("").
func EmptyRoot() Hash { return emptyRoot }

// LeafHash returns the RFC 6962 hash of a leaf: SHA-256(0x00 || data).
func LeafHash(data []byte) Hash {
	h := sha256.New()
	h.Write([]byte{0x00})
	h.Write(data)
	var out Hash
	h.Sum(out[:0])
	return out
}

// NodeHash returns the RFC 6962 hash of an interior node:
// SHA-256(0x01 || left || right).
func NodeHash(left, right Hash) Hash {
	var buf [1 + 2*HashSize]byte
	buf[0] = 0x01
	copy(buf[1:], left[:])
	copy(buf[1+HashSize:], right[:])
	return sha256.Sum256(buf[:])
}

// RootFromLeaves returns the Merkle tree hash (MTH) of the given leaf hashes,
// computed directly from the RFC 6962 definition in O(n) time. It is the
// reference the incremental Tree must agree with.
func RootFromLeaves(leaves []Hash) Hash {
	switch len(leaves) {
	case 0:
		return emptyRoot
	case 1:
		return leaves[0]
	}
	k := splitPoint(uint64(len(leaves)))
	return NodeHash(RootFromLeaves(leaves[:k]), RootFromLeaves(leaves[k:]))
}

// splitPoint returns the largest power of two smaller than n, for n >= 2.
func splitPoint(n uint64) uint64 {
	return 1 << (bits.Len64(n-1) - 1)
}

func truncate(s string) string {
	if len(s) > 60 {
		return s[:60] + "…"
	}
	return s
}
