package tlog

import (
	"encoding/binary"
	"testing"
)

const benchLeaves = 1 << 20

func benchLeafHashes() []Hash {
	leaves := make([]Hash, benchLeaves)
	for i := range leaves {
		var d [8]byte
		binary.LittleEndian.PutUint64(d[:], uint64(i))
		leaves[i] = LeafHash(d[:])
	}
	return leaves
}

// BenchmarkAppendRoot1M appends 2^20 leaf hashes to an empty Tree and takes
// its root, per iteration.
func BenchmarkAppendRoot1M(b *testing.B) {
	leaves := benchLeafHashes()
	b.ResetTimer()
	for b.Loop() {
		var t Tree
		for _, l := range leaves {
			t.Append(l)
		}
		_ = t.Root()
	}
}

// BenchmarkInclusionProof1M is one inclusion proof in a tree of 2^20 + 12345
// leaves (not a power of two, so the right edge is rebuilt).
func BenchmarkInclusionProof1M(b *testing.B) {
	var t Tree
	for _, l := range benchLeafHashes() {
		t.Append(l)
	}
	for i := range 12345 {
		t.Append(LeafHash([]byte{byte(i), byte(i >> 8)}))
	}
	n := t.Size()
	var i uint64
	b.ResetTimer()
	for b.Loop() {
		i = (i*2654435761 + 1) % n
		if _, err := t.InclusionProof(i, n); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkConsistencyProof1M is one consistency proof from a random older
// size to the full tree of 2^20 + 12345 leaves.
func BenchmarkConsistencyProof1M(b *testing.B) {
	var t Tree
	for _, l := range benchLeafHashes() {
		t.Append(l)
	}
	for i := range 12345 {
		t.Append(LeafHash([]byte{byte(i), byte(i >> 8)}))
	}
	n := t.Size()
	var old uint64
	b.ResetTimer()
	for b.Loop() {
		old = (old*2654435761+1)%n + 1
		if _, err := t.ConsistencyProof(old, n); err != nil {
			b.Fatal(err)
		}
	}
}
