package tlog

import (
	"crypto/sha256"
	"encoding/binary"
	"testing"
)

func proofFromBytes(b []byte) []Hash {
	var proof []Hash
	for len(b) >= HashSize {
		proof = append(proof, Hash(b[:HashSize]))
		b = b[HashSize:]
	}
	return proof
}

// FuzzVerifyInclusion: no panic for any sizes and proof length, and a proof
// taken from a real tree verifies.
func FuzzVerifyInclusion(f *testing.F) {
	for _, seed := range []struct{ i, s uint64 }{{0, 0}, {0, 1}, {5, 8}, {1 << 63, ^uint64(0)}, {^uint64(0) - 1, ^uint64(0)}, {3, 2}} {
		f.Add(seed.i, seed.s, make([]byte, 64*HashSize), []byte("leaf"))
	}
	f.Add(uint64(1), uint64(5), []byte{}, []byte{})
	f.Fuzz(func(t *testing.T, index, size uint64, proofBytes, leafData []byte) {
		proof := proofFromBytes(proofBytes)
		leaf := LeafHash(leafData)
		root := Hash(sha256.Sum256(proofBytes))
		_ = VerifyInclusion(leaf, index, size, proof, root)

		// A small real tree derived from the inputs.
		n := size%100 + 1
		i := index % n
		var tr Tree
		for k := range n {
			var d [8]byte
			binary.LittleEndian.PutUint64(d[:], k)
			if k == i {
				tr.Append(leaf)
			} else {
				tr.Append(LeafHash(d[:]))
			}
		}
		p, err := tr.InclusionProof(i, n)
		if err != nil {
			t.Fatal(err)
		}
		if err := VerifyInclusion(leaf, i, n, p, tr.Root()); err != nil {
			t.Fatalf("real proof (%d, %d) rejected: %v", i, n, err)
		}
	})
}

// FuzzVerifyConsistency: no panic for any sizes and proof length, and a proof
// taken from a real tree verifies.
func FuzzVerifyConsistency(f *testing.F) {
	for _, seed := range []struct{ a, b uint64 }{{0, 0}, {0, 1}, {1, 1}, {6, 8}, {1 << 63, ^uint64(0)}, {^uint64(0), ^uint64(0)}, {3, 2}, {4, 1 << 40}} {
		f.Add(seed.a, seed.b, make([]byte, 70*HashSize))
	}
	f.Add(uint64(2), uint64(5), []byte{})
	f.Fuzz(func(t *testing.T, oldSize, newSize uint64, proofBytes []byte) {
		proof := proofFromBytes(proofBytes)
		r1 := Hash(sha256.Sum256(proofBytes))
		r2 := LeafHash(proofBytes)
		_ = VerifyConsistency(oldSize, newSize, r1, r2, proof)
		_ = VerifyConsistency(oldSize, newSize, r1, r1, proof)
		if len(proof) > 0 {
			_ = VerifyConsistency(oldSize, newSize, proof[0], r2, proof)
		}

		b := newSize%100 + 1
		a := oldSize % (b + 1)
		var tr Tree
		for k := range b {
			var d [16]byte
			binary.LittleEndian.PutUint64(d[:], k)
			copy(d[8:], proofBytes)
			tr.Append(LeafHash(d[:]))
		}
		p, err := tr.ConsistencyProof(a, b)
		if err != nil {
			t.Fatal(err)
		}
		ra, _ := tr.RootAt(a)
		if err := VerifyConsistency(a, b, ra, tr.Root(), p); err != nil {
			t.Fatalf("real proof (%d, %d) rejected: %v", a, b, err)
		}
	})
}

// FuzzSTHText: parsing never panics, and whatever parses re-encodes to the
// same text.
func FuzzSTHText(f *testing.F) {
	f.Add([]byte("truce-tlog-v1\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n2017-06-15T12:00:00Z\n\n" +
		"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==\n"))
	f.Add([]byte("\n\n"))
	f.Fuzz(func(t *testing.T, text []byte) {
		var s SignedTreeHead
		if s.UnmarshalText(text) != nil {
			return
		}
		out, err := s.MarshalText()
		if err != nil || string(out) != string(text) {
			t.Fatalf("re-encoding %q gave %q, %v", text, out, err)
		}
	})
}
