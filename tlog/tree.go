package tlog

import (
	"math/bits"

	"github.com/truce-monitor/truce"
)

// Tree is an incremental, in-memory RFC 6962 Merkle tree. It keeps every
// complete subtree hash: level 0 holds the leaf hashes, level l holds the hash
// of each aligned run of 2^l leaves. That is fewer than 2n hashes (64 bytes per
// leaf; 64 MB for a million leaves), and with it:
//
//   - Append costs amortised O(1) hashes (one leaf plus one node hash per
//     completed subtree);
//   - Root and RootAt cost O(log n) hashes (the right-hand, incomplete edge);
//   - InclusionProof and ConsistencyProof for any past size cost O(log n)
//     lookups and, in the worst case, O(log² n) hashes to rebuild the
//     incomplete subtrees along the path (a few hundred hashes at n = 2^20).
//
// A storage layer rebuilds a Tree by appending its stored leaf hashes in order.
// The zero Tree is an empty tree ready to use. A Tree is not safe for
// concurrent use: callers serialise Append against everything else (reads may
// run concurrently with each other).
type Tree struct {
	levels [][]Hash
}

// Append adds a leaf hash (see LeafHash) and returns its index.
func (t *Tree) Append(leaf Hash) (index uint64) {
	if len(t.levels) == 0 {
		t.levels = append(t.levels, nil)
	}
	index = uint64(len(t.levels[0]))
	t.levels[0] = append(t.levels[0], leaf)
	for l := 0; len(t.levels[l])%2 == 0; l++ {
		if l+1 == len(t.levels) {
			t.levels = append(t.levels, nil)
		}
		n := len(t.levels[l])
		t.levels[l+1] = append(t.levels[l+1], NodeHash(t.levels[l][n-2], t.levels[l][n-1]))
	}
	return index
}

// Size returns the number of leaves.
func (t *Tree) Size() uint64 {
	if len(t.levels) == 0 {
		return 0
	}
	return uint64(len(t.levels[0]))
}

// Leaf returns the hash of the leaf at index.
func (t *Tree) Leaf(index uint64) (Hash, error) {
	if index >= t.Size() {
		return Hash{}, truce.Errorf(truce.ENOTFOUND, "tlog: no leaf %d in a tree of %d", index, t.Size())
	}
	return t.levels[0][index], nil
}

// Root returns the root hash of the whole tree (EmptyRoot for no leaves).
func (t *Tree) Root() Hash {
	if t.Size() == 0 {
		return emptyRoot
	}
	return t.subtree(0, t.Size())
}

// RootAt returns the root hash the tree had when it held its first size
// leaves.
func (t *Tree) RootAt(size uint64) (Hash, error) {
	if size > t.Size() {
		return Hash{}, truce.Errorf(truce.EINVALID, "tlog: size %d is beyond the tree's %d leaves", size, t.Size())
	}
	if size == 0 {
		return emptyRoot, nil
	}
	return t.subtree(0, size), nil
}

// InclusionProof returns the RFC 6962 §2.1.1 audit path PATH(index, D[size])
// proving that leaf index is in the tree of the first size leaves, ordered
// from the leaf's sibling up to the root's child. It fails unless
// index < size <= Size().
func (t *Tree) InclusionProof(index, size uint64) ([]Hash, error) {
	if size > t.Size() {
		return nil, truce.Errorf(truce.EINVALID, "tlog: inclusion proof for size %d: the tree has %d leaves", size, t.Size())
	}
	if index >= size {
		return nil, truce.Errorf(truce.EINVALID, "tlog: inclusion proof for leaf %d in a tree of %d", index, size)
	}
	proof := make([]Hash, 0, bits.Len64(size))
	return t.path(proof, index, 0, size), nil
}

// path appends PATH(m - lo, D[lo:hi]) to proof.
func (t *Tree) path(proof []Hash, m, lo, hi uint64) []Hash {
	if hi-lo == 1 {
		return proof
	}
	k := splitPoint(hi - lo)
	if m < lo+k {
		return append(t.path(proof, m, lo, lo+k), t.subtree(lo+k, hi))
	}
	return append(t.path(proof, m, lo+k, hi), t.subtree(lo, lo+k))
}

// ConsistencyProof returns the RFC 6962 §2.1.2 proof PROOF(old, D[new]) that
// the tree of the first new leaves extends the tree of the first old leaves.
// It fails unless old <= new <= Size(). For old == 0 or old == new the proof
// is empty (every tree extends the empty tree and itself).
func (t *Tree) ConsistencyProof(old, new uint64) ([]Hash, error) {
	if new > t.Size() {
		return nil, truce.Errorf(truce.EINVALID, "tlog: consistency proof to size %d: the tree has %d leaves", new, t.Size())
	}
	if old > new {
		return nil, truce.Errorf(truce.EINVALID, "tlog: consistency proof from size %d to the smaller size %d", old, new)
	}
	if old == 0 || old == new {
		return []Hash{}, nil
	}
	proof := make([]Hash, 0, bits.Len64(new)+1)
	return t.subproof(proof, old, 0, new, true), nil
}

// subproof appends SUBPROOF(m, D[lo:hi], b) to proof, for 0 < m <= hi-lo.
func (t *Tree) subproof(proof []Hash, m, lo, hi uint64, b bool) []Hash {
	n := hi - lo
	if m == n {
		if b {
			return proof
		}
		return append(proof, t.subtree(lo, hi))
	}
	k := splitPoint(n)
	if m <= k {
		return append(t.subproof(proof, m, lo, lo+k, b), t.subtree(lo+k, hi))
	}
	return append(t.subproof(proof, m-k, lo+k, hi, false), t.subtree(lo, lo+k))
}

// subtree returns MTH(D[lo:hi]) for lo < hi <= Size(), using the stored hash
// when [lo, hi) is a complete, aligned subtree.
func (t *Tree) subtree(lo, hi uint64) Hash {
	n := hi - lo
	if n&(n-1) == 0 && lo&(n-1) == 0 {
		l := bits.TrailingZeros64(n)
		return t.levels[l][lo>>l]
	}
	k := splitPoint(n)
	return NodeHash(t.subtree(lo, lo+k), t.subtree(lo+k, hi))
}
