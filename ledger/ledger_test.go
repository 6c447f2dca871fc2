package ledger_test

import (
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/ledger"
	"github.com/truce-monitor/truce/sqlite"
	"github.com/truce-monitor/truce/tlog"
)

func TestLeafData(t *testing.T) {
	at := time.Date(2017, 6, 1, 12, 30, 0, 123456789, time.FixedZone("X", 3600))
	e, err := ledger.NewEntry(truce.LogReport, "team-3", at, map[string]any{"b": 2, "a": 1})
	if err != nil {
		t.Fatal(err)
	}
	want := "truce-log-v1\nreport\n2017-06-01T11:30:00.123456Z\nteam-3\n{\"a\":1,\"b\":2}"
	if got := string(ledger.LeafData(e)); got != want {
		t.Fatalf("LeafData = %q, want %q", got, want)
	}
	if h := tlog.LeafHash([]byte(want)); string(e.LeafHash) != string(h[:]) {
		t.Fatal("NewEntry's leaf hash is not the RFC 6962 hash of its leaf data")
	}
}

func TestLedgerProofs(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "l.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	pub, priv, _ := ed25519.GenerateKey(nil)
	l := ledger.New(db, priv)
	var heads []tlog.SignedTreeHead
	for i := 0; i < 13; i++ {
		if _, err := l.Record(ctx, truce.LogClaim, "analyst", map[string]int{"claim": i}); err != nil {
			t.Fatal(err)
		}
		sth, err := l.Head(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if err := tlog.VerifySTH(pub, sth); err != nil || sth.Size != uint64(i+1) {
			t.Fatalf("head %d: size %d, %v", i, sth.Size, err)
		}
		heads = append(heads, sth)
	}
	last := heads[len(heads)-1]
	for i := int64(0); i < 13; i++ {
		e, err := l.Entry(ctx, i)
		if err != nil {
			t.Fatal(err)
		}
		proof, size, err := l.InclusionProof(ctx, i, 0)
		if err != nil || size != 13 {
			t.Fatalf("proof %d: size %d, %v", i, size, err)
		}
		if err := tlog.VerifyInclusion(ledger.LeafHash(e), uint64(i), 13, proof, last.Root); err != nil {
			t.Errorf("entry %d: %v", i, err)
		}
	}
	for _, old := range []int{1, 4, 8, 12} {
		proof, err := l.ConsistencyProof(ctx, int64(old), 13)
		if err != nil {
			t.Fatal(err)
		}
		if err := tlog.VerifyConsistency(uint64(old), 13, heads[old-1].Root, last.Root, proof); err != nil {
			t.Errorf("consistency %d→13: %v", old, err)
		}
	}
	if _, _, err := l.InclusionProof(ctx, 13, 13); truce.ErrorCode(err) != truce.EINVALID {
		t.Errorf("proof past the end: %v", err)
	}
	if _, err := l.ConsistencyProof(ctx, 5, 14); truce.ErrorCode(err) != truce.EINVALID {
		t.Errorf("consistency past the end: %v", err)
	}
	// A head covering an entry is reused, not re-signed.
	before, _ := db.SignedHeads(ctx)
	if _, err := l.HeadCovering(ctx, 5); err != nil {
		t.Fatal(err)
	}
	if after, _ := db.SignedHeads(ctx); len(after) != len(before) {
		t.Errorf("HeadCovering signed a new head though one covered the entry")
	}
	res, err := ledger.Verify(ctx, db, pub)
	if err != nil || !res.OK() || res.Entries != 13 || res.Heads != 13 || res.Unsigned != 0 {
		t.Fatalf("Verify = %+v, %v", res, err)
	}
	other, _, _ := ed25519.GenerateKey(nil)
	if res, _ := ledger.Verify(ctx, db, other); res.OK() {
		t.Error("Verify accepted heads under another key")
	}
}

func TestKeys(t *testing.T) {
	path := filepath.Join(t.TempDir(), "log.key")
	k1, created, err := ledger.LoadOrCreateKey(path)
	if err != nil || !created {
		t.Fatalf("create: %v, created %v", err, created)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("key file mode %v, want 0600", fi.Mode().Perm())
	}
	k2, created, err := ledger.LoadOrCreateKey(path)
	if err != nil || created || !k1.Equal(k2) {
		t.Fatalf("reload: %v, created %v, same %v", err, created, k1.Equal(k2))
	}
	pub := k1.Public().(ed25519.PublicKey)
	if p, err := ledger.ParsePublicKey(ledger.FormatPublicKey(pub)); err != nil || !p.Equal(pub) {
		t.Fatalf("public key round trip: %v", err)
	}
	for _, bad := range []string{"", "not base64!", "AAAA"} {
		if _, err := ledger.ParsePublicKey(bad); truce.ErrorCode(err) != truce.EINVALID {
			t.Errorf("ParsePublicKey(%q) = %v", bad, err)
		}
	}
	os.WriteFile(path, []byte("garbage"), 0o600)
	if _, _, err := ledger.LoadOrCreateKey(path); truce.ErrorCode(err) != truce.EINVALID {
		t.Errorf("garbage key file: %v", err)
	}
}

func TestDigest(t *testing.T) {
	// Each part and a newline, so a streaming import and a list agree.
	d := ledger.NewDigester()
	d.Add("a")
	d.Add("b")
	sum := sha256.Sum256([]byte("a\nb\n"))
	if d.Sum() != hex.EncodeToString(sum[:]) || ledger.Digest([]string{"a", "b"}) != d.Sum() {
		t.Fatalf("Digest = %s, Digester = %s, want %x", ledger.Digest([]string{"a", "b"}), d.Sum(), sum)
	}
}
