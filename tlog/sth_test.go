package tlog

import (
	"bytes"
	"crypto/ed25519"
	"strings"
	"testing"
	"time"

	"github.com/truce-monitor/truce"
)

func testKey(t testing.TB, seed byte) (ed25519.PublicKey, ed25519.PrivateKey) {
	priv := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{seed}, ed25519.SeedSize))
	return priv.Public().(ed25519.PublicKey), priv
}

func TestCanonical(t *testing.T) {
	th := TreeHead{
		Size: 8,
		Root: hx(t, vectorRoots[8]),
		Time: time.Date(2017, 6, 15, 14, 0, 0, 0, time.FixedZone("AST", 2*3600)),
	}
	want := "truce-tlog-v1\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n2017-06-15T12:00:00Z\n"
	if got := string(th.Canonical()); got != want {
		t.Fatalf("Canonical = %q, want %q", got, want)
	}
	th.Time = th.Time.Add(500 * time.Millisecond)
	if got := string(th.Canonical()); !strings.Contains(got, "\n2017-06-15T12:00:00.5Z\n") {
		t.Fatalf("Canonical with fraction = %q", got)
	}
}

func TestSTHRoundTrip(t *testing.T) {
	pub, priv := testKey(t, 1)
	tr, _ := vectorTree(t)
	th := TreeHead{Size: tr.Size(), Root: tr.Root(), Time: time.Now()}
	sth := Sign(priv, th)
	if err := VerifySTH(pub, sth); err != nil {
		t.Fatalf("VerifySTH: %v", err)
	}
	text, err := sth.MarshalText()
	if err != nil {
		t.Fatal(err)
	}
	var back SignedTreeHead
	if err := back.UnmarshalText(text); err != nil {
		t.Fatalf("UnmarshalText(%q): %v", text, err)
	}
	if back.Size != th.Size || back.Root != th.Root || !back.Time.Equal(th.Time) || back.Time != sth.Time ||
		!bytes.Equal(back.Signature, sth.Signature) {
		t.Fatalf("round trip changed the head: %+v vs %+v", back, sth)
	}
	if err := VerifySTH(pub, back); err != nil {
		t.Fatalf("VerifySTH after the round trip: %v", err)
	}
	// The signature covers exactly the canonical text before the blank line.
	body, _, _ := bytes.Cut(text, []byte("\n\n"))
	if !ed25519.Verify(pub, append(body, '\n'), back.Signature) {
		t.Fatal("signature does not cover the text form's body")
	}
}

func TestSTHTamper(t *testing.T) {
	pub, priv := testKey(t, 2)
	otherPub, _ := testKey(t, 3)
	sth := Sign(priv, TreeHead{Size: 42, Root: LeafHash([]byte("r")), Time: time.Date(2026, 1, 2, 3, 4, 5, 6, time.UTC)})
	mutations := map[string]func(s *SignedTreeHead){
		"size":      func(s *SignedTreeHead) { s.Size++ },
		"root":      func(s *SignedTreeHead) { s.Root[31] ^= 1 },
		"time":      func(s *SignedTreeHead) { s.Time = s.Time.Add(time.Nanosecond) },
		"signature": func(s *SignedTreeHead) { s.Signature = append([]byte(nil), s.Signature...); s.Signature[0] ^= 1 },
		"short sig": func(s *SignedTreeHead) { s.Signature = s.Signature[:10] },
		"no sig":    func(s *SignedTreeHead) { s.Signature = nil },
	}
	for name, mutate := range mutations {
		s := sth
		mutate(&s)
		if err := VerifySTH(pub, s); truce.ErrorCode(err) != truce.EINVALID {
			t.Errorf("tampered %s: VerifySTH = %v", name, err)
		}
	}
	if err := VerifySTH(otherPub, sth); err == nil {
		t.Error("verified with another key")
	}
	if err := VerifySTH(pub[:5], sth); truce.ErrorCode(err) != truce.EINVALID {
		t.Errorf("short key: %v", err)
	}
	// Every single-bit change of the text form is rejected by parsing or by
	// the signature.
	text, _ := sth.MarshalText()
	for i := range len(text) * 8 {
		mod := bytes.Clone(text)
		mod[i/8] ^= 1 << (i % 8)
		var s SignedTreeHead
		if s.UnmarshalText(mod) == nil && VerifySTH(pub, s) == nil {
			t.Fatalf("text with bit %d flipped still verifies: %q", i, mod)
		}
	}
}

func TestSTHUnmarshalRejects(t *testing.T) {
	_, priv := testKey(t, 4)
	good, _ := Sign(priv, TreeHead{Size: 3, Root: EmptyRoot(), Time: time.Unix(1e9, 0)}).MarshalText()
	g := string(good)
	bad := []string{
		"",
		strings.Replace(g, "truce-tlog-v1", "truce-tlog-v2", 1),
		strings.Replace(g, "\n3\n", "\n03\n", 1),
		strings.Replace(g, "\n3\n", "\n+3\n", 1),
		strings.Replace(g, "\n3\n", "\n-3\n", 1),
		strings.Replace(g, "Z\n", "+00:00\n", 1),
		strings.Replace(g, "Z\n", ".000Z\n", 1),
		strings.Replace(g, "\n\n", "\n", 1),
		strings.Replace(g, "\n\n", "\nextra\n\n", 1),
		strings.TrimSuffix(g, "\n"),
		g + "\n",
		g + "more\n",
		strings.Replace(g, "=\n2001", "\n2001", 1),
	}
	for _, b := range bad {
		var s SignedTreeHead
		if err := s.UnmarshalText([]byte(b)); truce.ErrorCode(err) != truce.EINVALID {
			t.Errorf("UnmarshalText(%q) = %v, want invalid", b, err)
		}
	}
	if _, err := (SignedTreeHead{TreeHead: TreeHead{Time: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)}}).MarshalText(); err == nil {
		t.Error("MarshalText accepted year 10000")
	}
}
