package tlog

import (
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/truce-monitor/truce"
)

// refPath is PATH(m, D[n]) straight from RFC 6962 §2.1.1, over leaf hashes.
func refPath(m int, d []Hash) []Hash {
	if len(d) <= 1 {
		return nil
	}
	k := int(splitPoint(uint64(len(d))))
	if m < k {
		return append(refPath(m, d[:k]), RootFromLeaves(d[k:]))
	}
	return append(refPath(m-k, d[k:]), RootFromLeaves(d[:k]))
}

// refProof is PROOF(m, D[n]) straight from RFC 6962 §2.1.2.
func refProof(m int, d []Hash) []Hash { return refSubproof(m, d, true) }

func refSubproof(m int, d []Hash, b bool) []Hash {
	if m == len(d) {
		if b {
			return nil
		}
		return []Hash{RootFromLeaves(d)}
	}
	k := int(splitPoint(uint64(len(d))))
	if m <= k {
		return append(refSubproof(m, d[:k], b), RootFromLeaves(d[k:]))
	}
	return append(refSubproof(m-k, d[k:], false), RootFromLeaves(d[:k]))
}

// inclusionShape describes, from the RFC 6962 recursion and without hashing,
// how an inclusion proof for (m, n) combines: the side of each sibling from
// the leaf up. Two (index, size) pairs with the same shape are verified by the
// same computation, so RFC 9162 verification cannot tell them apart (e.g. leaf
// 0 of 5 and leaf 0 of 7); only the root, bound to its size by the signed tree
// head, does.
func inclusionShape(m, n uint64) string {
	if m >= n {
		return "invalid"
	}
	var sides []string
	for lo, hi := uint64(0), n; hi-lo > 1; {
		k := splitPoint(hi - lo)
		if m < lo+k {
			sides = append(sides, "R")
			hi = lo + k
		} else {
			sides = append(sides, "L")
			lo += k
		}
	}
	slices.Reverse(sides)
	return strings.Join(sides, "")
}

// consistencyShape is the analogue for PROOF(m, D[n]): per proof node, from
// first to last, whether it is the old subtree itself (S), a left sibling
// covering old leaves (L) or a right sibling covering only new leaves (R).
func consistencyShape(m, n uint64) string {
	switch {
	case m > n:
		return "invalid"
	case m == 0:
		return "empty"
	case m == n:
		return "equal"
	}
	var out []string
	var sub func(m, n uint64, b bool)
	sub = func(m, n uint64, b bool) {
		if m == n {
			if !b {
				out = append(out, "S")
			}
			return
		}
		k := splitPoint(n)
		if m <= k {
			sub(m, k, b)
			out = append(out, "R")
		} else {
			sub(m-k, n-k, false)
			out = append(out, "L")
		}
	}
	sub(m, n, true)
	return strings.Join(out, "")
}

func randomLeaves(r *rand.Rand, n int) []Hash {
	leaves := make([]Hash, n)
	for i := range leaves {
		var data [16]byte
		binary.LittleEndian.PutUint64(data[:], r.Uint64())
		binary.LittleEndian.PutUint64(data[8:], uint64(i))
		leaves[i] = LeafHash(data[:])
	}
	return leaves
}

func buildTree(leaves []Hash) *Tree {
	var t Tree
	for _, l := range leaves {
		t.Append(l)
	}
	return &t
}

func flipBit(h Hash, bit int) Hash {
	h[bit/8] ^= 1 << (bit % 8)
	return h
}

// TestTreeMatchesReference checks Root, RootAt and both proofs against the
// RFC 6962 definitions for every size and index up to 70, and for a random
// larger tree.
func TestTreeMatchesReference(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	leaves := randomLeaves(r, 300)
	tr := buildTree(leaves)
	sizes := []int{}
	for n := 0; n <= 70; n++ {
		sizes = append(sizes, n)
	}
	sizes = append(sizes, 127, 128, 129, 255, 256, 257, 300)
	for _, n := range sizes {
		d := leaves[:n]
		want := RootFromLeaves(d)
		if got, err := tr.RootAt(uint64(n)); err != nil || got != want {
			t.Fatalf("RootAt(%d) = %s, %v; want %s", n, got, err, want)
		}
		for m := 0; m < n; m++ {
			got, err := tr.InclusionProof(uint64(m), uint64(n))
			if err != nil || !slices.Equal(got, refPath(m, d)) {
				t.Fatalf("InclusionProof(%d, %d) differs from the RFC 6962 definition (%v)", m, n, err)
			}
		}
		for m := 1; m < n; m++ {
			got, err := tr.ConsistencyProof(uint64(m), uint64(n))
			if err != nil || !slices.Equal(got, refProof(m, d)) {
				t.Fatalf("ConsistencyProof(%d, %d) differs from the RFC 6962 definition (%v)", m, n, err)
			}
		}
	}
	if tr.Root() != RootFromLeaves(leaves) || tr.Size() != 300 {
		t.Fatalf("Root or Size wrong")
	}
}

// TestInclusionProperties: for a random tree of up to 300 leaves, every
// inclusion proof for every (index, size) verifies, and altering any part of
// the claim makes it fail.
func TestInclusionProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	n := 200 + r.IntN(101)
	leaves := randomLeaves(r, n)
	tr := buildTree(leaves)
	roots := make([]Hash, n+1)
	for s := range roots {
		roots[s], _ = tr.RootAt(uint64(s))
	}
	checked := 0
	for s := uint64(1); s <= uint64(n); s++ {
		for i := uint64(0); i < s; i++ {
			proof, err := tr.InclusionProof(i, s)
			if err != nil {
				t.Fatal(err)
			}
			if err := VerifyInclusion(leaves[i], i, s, proof, roots[s]); err != nil {
				t.Fatalf("valid proof (%d, %d) rejected: %v", i, s, err)
			}
			// Exhaustive tampering for small trees and a sample above.
			if s > 40 && r.IntN(50) != 0 {
				continue
			}
			checked++
			tamperInclusion(t, leaves[i], i, s, proof, roots[s], r)
		}
	}
	if checked < 1000 {
		t.Fatalf("only %d proofs tampered with", checked)
	}
}

func tamperInclusion(t *testing.T, leaf Hash, i, s uint64, proof []Hash, root Hash, r *rand.Rand) {
	t.Helper()
	mustFail := func(what string, leaf Hash, i, s uint64, proof []Hash, root Hash) {
		t.Helper()
		err := VerifyInclusion(leaf, i, s, proof, root)
		if err == nil {
			t.Fatalf("proof (%d, %d) still verifies after %s", i, s, what)
		}
		if truce.ErrorCode(err) != truce.EINVALID {
			t.Fatalf("error code %q, want invalid", truce.ErrorCode(err))
		}
	}
	for _, bit := range []int{0, 255, r.IntN(256)} {
		mustFail("flipping a bit of the leaf", flipBit(leaf, bit), i, s, proof, root)
		mustFail("flipping a bit of the root", leaf, i, s, proof, flipBit(root, bit))
		for k := range proof {
			p := slices.Clone(proof)
			p[k] = flipBit(p[k], bit)
			mustFail(fmt.Sprintf("flipping bit %d of proof[%d]", bit, k), leaf, i, s, p, root)
		}
	}
	for bit := range 64 {
		i2, s2 := i^1<<bit, s^1<<bit
		if VerifyInclusion(leaf, i2, s, proof, root) == nil {
			t.Fatalf("proof (%d, %d) verifies for index %d", i, s, i2)
		}
		// A different size with the very same proof shape verifies by
		// construction of RFC 9162 (the signed head binds the size to the
		// root); any other size must fail.
		if VerifyInclusion(leaf, i, s2, proof, root) == nil && inclusionShape(i, s2) != inclusionShape(i, s) {
			t.Fatalf("proof (%d, %d) verifies for size %d", i, s, s2)
		}
	}
	mustFail("appending the root", leaf, i, s, append(slices.Clone(proof), root), root)
	mustFail("prepending the leaf", leaf, i, s, append([]Hash{leaf}, proof...), root)
	if len(proof) > 0 {
		mustFail("dropping the last node", leaf, i, s, proof[:len(proof)-1], root)
		mustFail("dropping the first node", leaf, i, s, proof[1:], root)
	}
}

// TestConsistencyProperties: every consistency proof for every (old, new) up
// to a random size of 200..300 verifies, and altering any part fails.
func TestConsistencyProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	n := 200 + r.IntN(101)
	leaves := randomLeaves(r, n)
	tr := buildTree(leaves)
	roots := make([]Hash, n+1)
	for s := range roots {
		roots[s], _ = tr.RootAt(uint64(s))
	}
	checked := 0
	for b := uint64(0); b <= uint64(n); b++ {
		for a := uint64(0); a <= b; a++ {
			proof, err := tr.ConsistencyProof(a, b)
			if err != nil {
				t.Fatal(err)
			}
			if err := VerifyConsistency(a, b, roots[a], roots[b], proof); err != nil {
				t.Fatalf("valid proof (%d, %d) rejected: %v", a, b, err)
			}
			if b > 40 && r.IntN(50) != 0 {
				continue
			}
			checked++
			tamperConsistency(t, a, b, roots[a], roots[b], proof, r)
		}
	}
	if checked < 1000 {
		t.Fatalf("only %d proofs tampered with", checked)
	}
}

func tamperConsistency(t *testing.T, a, b uint64, ra, rb Hash, proof []Hash, r *rand.Rand) {
	t.Helper()
	mustFail := func(what string, a, b uint64, ra, rb Hash, proof []Hash) {
		t.Helper()
		if VerifyConsistency(a, b, ra, rb, proof) == nil {
			t.Fatalf("consistency proof (%d, %d) still verifies after %s", a, b, what)
		}
	}
	for _, bit := range []int{0, 255, r.IntN(256)} {
		mustFail("flipping a bit of the old root", a, b, flipBit(ra, bit), rb, proof)
		if a != 0 {
			mustFail("flipping a bit of the new root", a, b, ra, flipBit(rb, bit), proof)
		}
		for k := range proof {
			p := slices.Clone(proof)
			p[k] = flipBit(p[k], bit)
			mustFail(fmt.Sprintf("flipping bit %d of proof[%d]", bit, k), a, b, ra, rb, p)
		}
	}
	shape := consistencyShape(a, b)
	for bit := range 64 {
		a2, b2 := a^1<<bit, b^1<<bit
		if VerifyConsistency(a2, b, ra, rb, proof) == nil && consistencyShape(a2, b) != shape {
			t.Fatalf("proof (%d, %d) verifies for old size %d", a, b, a2)
		}
		if VerifyConsistency(a, b2, ra, rb, proof) == nil && consistencyShape(a, b2) != shape {
			t.Fatalf("proof (%d, %d) verifies for new size %d", a, b, b2)
		}
	}
	if a != b && ra != rb {
		mustFail("swapping the roots", a, b, rb, ra, proof)
	}
	mustFail("appending the new root", a, b, ra, rb, append(slices.Clone(proof), rb))
	mustFail("prepending the old root", a, b, ra, rb, append([]Hash{ra}, proof...))
	if len(proof) > 0 {
		mustFail("dropping the last node", a, b, ra, rb, proof[:len(proof)-1])
		mustFail("dropping the first node", a, b, ra, rb, proof[1:])
	}
}

// TestShapeCollisionsAreRare documents the limit of the size checks above:
// with the root fixed, RFC 9162 verification binds the size only up to the
// proof's shape.
func TestShapeCollisionsAreRare(t *testing.T) {
	leaves := randomLeaves(rand.New(rand.NewPCG(7, 8)), 7)
	tr := buildTree(leaves)
	proof, _ := tr.InclusionProof(0, 5)
	root, _ := tr.RootAt(5)
	if err := VerifyInclusion(leaves[0], 0, 7, proof, root); err == nil && inclusionShape(0, 5) != inclusionShape(0, 7) {
		t.Fatal("shapes should be equal")
	}
	if inclusionShape(0, 5) != "RRR" || inclusionShape(4, 5) != "L" || inclusionShape(5, 8) != "LRL" {
		t.Fatalf("shapes %q %q %q", inclusionShape(0, 5), inclusionShape(4, 5), inclusionShape(5, 8))
	}
}

// TestEditedLeafChangesRoot: changing any one leaf changes the root, and the
// old proofs no longer verify against the new root.
func TestEditedLeafChangesRoot(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	leaves := randomLeaves(r, 77)
	root := buildTree(leaves).Root()
	for i := range leaves {
		edited := slices.Clone(leaves)
		edited[i] = LeafHash([]byte("edited"))
		et := buildTree(edited)
		if et.Root() == root {
			t.Fatalf("editing leaf %d left the root unchanged", i)
		}
		proof, _ := et.InclusionProof(uint64(i), 77)
		if VerifyInclusion(edited[i], uint64(i), 77, proof, root) == nil {
			t.Fatalf("edited leaf %d verifies against the original root", i)
		}
	}
}

func TestTreeErrors(t *testing.T) {
	var tr Tree
	if tr.Size() != 0 || tr.Root() != EmptyRoot() {
		t.Fatal("zero Tree is not empty")
	}
	if _, err := tr.InclusionProof(0, 0); truce.ErrorCode(err) != truce.EINVALID {
		t.Errorf("InclusionProof(0, 0) on empty tree: %v", err)
	}
	if p, err := tr.ConsistencyProof(0, 0); err != nil || len(p) != 0 {
		t.Errorf("ConsistencyProof(0, 0) = %v, %v", p, err)
	}
	if _, err := tr.Leaf(0); truce.ErrorCode(err) != truce.ENOTFOUND {
		t.Errorf("Leaf(0): %v", err)
	}
	tr.Append(LeafHash([]byte("a")))
	tr.Append(LeafHash([]byte("b")))
	for _, c := range [][2]uint64{{2, 2}, {0, 3}, {5, 1}, {0, ^uint64(0)}} {
		if _, err := tr.InclusionProof(c[0], c[1]); truce.ErrorCode(err) != truce.EINVALID {
			t.Errorf("InclusionProof(%d, %d): %v", c[0], c[1], err)
		}
	}
	for _, c := range [][2]uint64{{2, 1}, {0, 3}, {3, 3}, {1, ^uint64(0)}} {
		if _, err := tr.ConsistencyProof(c[0], c[1]); truce.ErrorCode(err) != truce.EINVALID {
			t.Errorf("ConsistencyProof(%d, %d): %v", c[0], c[1], err)
		}
	}
	if _, err := tr.RootAt(3); truce.ErrorCode(err) != truce.EINVALID {
		t.Errorf("RootAt(3): %v", err)
	}
	if l, err := tr.Leaf(1); err != nil || l != LeafHash([]byte("b")) {
		t.Errorf("Leaf(1) = %v, %v", l, err)
	}
	// Consistency from the empty tree: empty proof, empty old root.
	if err := VerifyConsistency(0, 2, EmptyRoot(), tr.Root(), nil); err != nil {
		t.Errorf("consistency from the empty tree: %v", err)
	}
	if err := VerifyConsistency(0, 2, tr.Root(), tr.Root(), nil); err == nil {
		t.Errorf("consistency from size 0 with a non-empty old root verified")
	}
}

func TestHashText(t *testing.T) {
	h := LeafHash([]byte("x"))
	b, _ := h.MarshalText()
	var g Hash
	if err := g.UnmarshalText(b); err != nil || g != h {
		t.Fatalf("round trip: %v", err)
	}
	for _, bad := range []string{"", "AAAA", h.String(), string(b[:43]) + "!", string(b) + "AAAA", string(b[:20]) + "\r\n" + string(b[20:])} {
		if err := g.UnmarshalText([]byte(bad)); truce.ErrorCode(err) != truce.EINVALID {
			t.Errorf("UnmarshalText(%q) = %v", bad, err)
		}
	}
}
