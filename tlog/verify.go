package tlog

import (
	"github.com/truce-monitor/truce"
)

// VerifyInclusion checks that proof shows leaf (a leaf hash, see LeafHash) at
// index in the tree of size leaves whose root is root, following RFC 9162
// §2.1.3.2. It is a pure function: it neither needs nor trusts a Tree. It
// returns nil on success and an EINVALID *truce.Error otherwise; it never
// panics, whatever the sizes or proof length.
//
// As in every RFC 9162 verifier, the proof binds size only through root: a
// size whose tree has the same path shape (leaf 0 of 5 and of 7, say) also
// verifies. Callers take size and root together from a verified
// SignedTreeHead, never from separate sources.
func VerifyInclusion(leaf Hash, index, size uint64, proof []Hash, root Hash) error {
	if index >= size {
		return truce.Errorf(truce.EINVALID, "tlog: inclusion proof fails: leaf %d is not in a tree of %d", index, size)
	}
	fn, sn := index, size-1
	r := leaf
	for _, p := range proof {
		if sn == 0 {
			return truce.Errorf(truce.EINVALID, "tlog: inclusion proof fails: it is too long for leaf %d in a tree of %d", index, size)
		}
		if fn&1 == 1 || fn == sn {
			r = NodeHash(p, r)
			for fn&1 == 0 && fn != 0 {
				fn >>= 1
				sn >>= 1
			}
		} else {
			r = NodeHash(r, p)
		}
		fn >>= 1
		sn >>= 1
	}
	if sn != 0 {
		return truce.Errorf(truce.EINVALID, "tlog: inclusion proof fails: it is too short for leaf %d in a tree of %d", index, size)
	}
	if r != root {
		return truce.Errorf(truce.EINVALID, "tlog: inclusion proof fails: leaf %d does not lead to the root of the tree of %d", index, size)
	}
	return nil
}

// VerifyConsistency checks that proof shows the tree of newSize leaves with
// root newRoot extends the tree of oldSize leaves with root oldRoot, following
// RFC 9162 §2.1.4.2. Beyond the RFC's 0 < oldSize < newSize, it accepts
// oldSize == newSize with an empty proof and equal roots, and oldSize == 0 with
// an empty proof and oldRoot == EmptyRoot(). It is a pure function, returns an
// EINVALID *truce.Error on failure and never panics. As with VerifyInclusion,
// sizes and roots must come paired from signed tree heads.
func VerifyConsistency(oldSize, newSize uint64, oldRoot, newRoot Hash, proof []Hash) error {
	fail := func(why string) error {
		return truce.Errorf(truce.EINVALID, "tlog: consistency proof from size %d to %d fails: %s", oldSize, newSize, why)
	}
	switch {
	case oldSize > newSize:
		return fail("the old size is larger")
	case oldSize == newSize:
		if len(proof) != 0 {
			return fail("the proof for equal sizes must be empty")
		}
		if oldRoot != newRoot {
			return fail("equal sizes but different roots")
		}
		return nil
	case oldSize == 0:
		if len(proof) != 0 {
			return fail("the proof from the empty tree must be empty")
		}
		if oldRoot != emptyRoot {
			return fail("the old root is not the empty tree's root")
		}
		return nil
	case len(proof) == 0:
		return fail("the proof is empty")
	}
	// Step 2: if oldSize is a power of two, the old root is the first node.
	path := proof
	if oldSize&(oldSize-1) == 0 {
		path = make([]Hash, 0, len(proof)+1)
		path = append(append(path, oldRoot), proof...)
	}
	fn, sn := oldSize-1, newSize-1
	for fn&1 == 1 {
		fn >>= 1
		sn >>= 1
	}
	fr, sr := path[0], path[0]
	for _, c := range path[1:] {
		if sn == 0 {
			return fail("the proof is too long")
		}
		if fn&1 == 1 || fn == sn {
			fr = NodeHash(c, fr)
			sr = NodeHash(c, sr)
			for fn&1 == 0 && fn != 0 {
				fn >>= 1
				sn >>= 1
			}
		} else {
			sr = NodeHash(sr, c)
		}
		fn >>= 1
		sn >>= 1
	}
	switch {
	case sn != 0:
		return fail("the proof is too short")
	case fr != oldRoot:
		return fail("it does not lead to the old root")
	case sr != newRoot:
		return fail("it does not lead to the new root")
	}
	return nil
}
