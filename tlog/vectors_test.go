package tlog

import (
	"encoding/hex"
	"slices"
	"testing"
)

// The RFC 6962 test leaves, as used by Certificate Transparency, Trillian and
// golang.org/x/mod/sumdb/tlog.
var vectorData = [][]byte{
	{},
	{0x00},
	{0x10},
	{0x20, 0x21},
	{0x30, 0x31},
	{0x40, 0x41, 0x42, 0x43},
	{0x50, 0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x57},
	{0x60, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x6b, 0x6c, 0x6d, 0x6e, 0x6f},
}

// vectorRoots[n] is MTH of the first n test leaves.
var vectorRoots = []string{
	"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
	"6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
	"fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
	"aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
	"d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
	"4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
	"76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
	"ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
	"5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
}

// Published inclusion proofs (Trillian's log_verifier_test.go, 0-based index).
var vectorInclusion = []struct {
	index, size uint64
	proof       []string
}{
	{0, 1, nil},
	{0, 2, []string{"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7"}},
	{1, 2, []string{"6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"}},
	{0, 8, []string{
		"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
		"5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
		"6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
	}},
	{5, 8, []string{
		"bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
		"ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
		"d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
	}},
	{2, 3, []string{"fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"}},
	{1, 5, []string{
		"6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
		"5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
		"bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
	}},
}

// Published consistency proofs (Trillian's log_verifier_test.go).
var vectorConsistency = []struct {
	old, new uint64
	proof    []string
}{
	{1, 1, nil},
	{1, 8, []string{
		"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
		"5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
		"6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
	}},
	{6, 8, []string{
		"0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
		"ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
		"d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
	}},
	{2, 5, []string{
		"5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
		"bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
	}},
}

func hx(t testing.TB, s string) Hash {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil || len(b) != HashSize {
		t.Fatalf("bad hex hash %q", s)
	}
	return Hash(b)
}

func hxs(t testing.TB, ss []string) []Hash {
	out := []Hash{}
	for _, s := range ss {
		out = append(out, hx(t, s))
	}
	return out
}

func vectorTree(t testing.TB) (*Tree, []Hash) {
	var tr Tree
	var leaves []Hash
	for _, d := range vectorData {
		leaves = append(leaves, LeafHash(d))
		tr.Append(leaves[len(leaves)-1])
	}
	return &tr, leaves
}

func TestKnownRoots(t *testing.T) {
	tr, leaves := vectorTree(t)
	if got := EmptyRoot().String(); got != vectorRoots[0] {
		t.Errorf("EmptyRoot = %s, want %s", got, vectorRoots[0])
	}
	var inc Tree
	for n, want := range vectorRoots {
		if got := RootFromLeaves(leaves[:n]).String(); got != want {
			t.Errorf("RootFromLeaves(%d leaves) = %s, want %s", n, got, want)
		}
		if got, err := tr.RootAt(uint64(n)); err != nil || got.String() != want {
			t.Errorf("RootAt(%d) = %s, %v, want %s", n, got, err, want)
		}
		if got := inc.Root().String(); got != want {
			t.Errorf("incremental Root after %d appends = %s, want %s", n, got, want)
		}
		if n < len(leaves) {
			if idx := inc.Append(leaves[n]); idx != uint64(n) {
				t.Errorf("Append returned %d, want %d", idx, n)
			}
		}
	}
	if tr.Root().String() != vectorRoots[8] {
		t.Errorf("Root = %s", tr.Root())
	}
}

func TestKnownInclusionProofs(t *testing.T) {
	tr, leaves := vectorTree(t)
	for _, tc := range vectorInclusion {
		want := hxs(t, tc.proof)
		got, err := tr.InclusionProof(tc.index, tc.size)
		if err != nil || !slices.Equal(got, want) {
			t.Errorf("InclusionProof(%d, %d) = %v, %v; want %v", tc.index, tc.size, got, err, want)
		}
		root := hx(t, vectorRoots[tc.size])
		if err := VerifyInclusion(leaves[tc.index], tc.index, tc.size, want, root); err != nil {
			t.Errorf("VerifyInclusion(%d, %d) of the published proof: %v", tc.index, tc.size, err)
		}
	}
}

func TestKnownConsistencyProofs(t *testing.T) {
	tr, _ := vectorTree(t)
	for _, tc := range vectorConsistency {
		want := hxs(t, tc.proof)
		got, err := tr.ConsistencyProof(tc.old, tc.new)
		if err != nil || !slices.Equal(got, want) {
			t.Errorf("ConsistencyProof(%d, %d) = %v, %v; want %v", tc.old, tc.new, got, err, want)
		}
		oldRoot, newRoot := hx(t, vectorRoots[tc.old]), hx(t, vectorRoots[tc.new])
		if err := VerifyConsistency(tc.old, tc.new, oldRoot, newRoot, want); err != nil {
			t.Errorf("VerifyConsistency(%d, %d) of the published proof: %v", tc.old, tc.new, err)
		}
	}
}
