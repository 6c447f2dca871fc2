package http_test

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/mod/sumdb/note"
	sumtlog "golang.org/x/mod/sumdb/tlog"

	trucehttp "github.com/truce-monitor/truce/http"
)

// TestCheckpointIndependentVerifier checks the log's checkpoints and
// proofs with Go's checksum-database code (golang.org/x/mod/sumdb), which
// shares nothing with Truce's: the signed note under the published
// verifier key, inclusion of a submission's entry (its leaf recomputed
// from the entry's fields as the README documents), and consistency
// between two checkpoints.
func TestCheckpointIndependentVerifier(t *testing.T) {
	ts := newTrustServer(t, trucehttp.Options{})
	code, b, _ := ts.do(t, "viewer", "GET", "/api/v1/log", nil, nil)
	if code != 200 {
		t.Fatalf("log head: %d %s", code, b)
	}
	var head struct {
		NoteVerifierKey string `json:"note_verifier_key"`
		Origin          string `json:"checkpoint_origin"`
	}
	json.Unmarshal(b, &head)
	verifier, err := note.NewVerifier(head.NoteVerifierKey)
	if err != nil {
		t.Fatalf("verifier key %q: %v", head.NoteVerifierKey, err)
	}
	checkpoint := func() (int64, sumtlog.Hash) {
		t.Helper()
		code, b, hdr := ts.do(t, "viewer", "GET", "/api/v1/log/checkpoint", nil, nil)
		if code != 200 || !strings.HasPrefix(hdr.Get("Content-Type"), "text/plain") {
			t.Fatalf("checkpoint: %d %s", code, b)
		}
		n, err := note.Open(b, note.VerifierList(verifier))
		if err != nil {
			t.Fatalf("checkpoint does not open under the published key: %v\n%s", err, b)
		}
		lines := strings.Split(n.Text, "\n")
		if len(lines) != 4 || lines[0] != head.Origin || lines[3] != "" {
			t.Fatalf("checkpoint body %q: want origin, size, root", n.Text)
		}
		size, err := strconv.ParseInt(lines[1], 10, 64)
		if err != nil {
			t.Fatal(err)
		}
		root, err := sumtlog.ParseHash(lines[2])
		if err != nil {
			t.Fatal(err)
		}
		return size, root
	}
	first := report("2017-06-09", idlibLat, idlibLon, "Armed clash", "Government of Syria", "Ahrar al-Sham", 0, 0)
	if code, b, _ := ts.do(t, "monitor", "POST", "/api/v1/reports", first, map[string]string{"Idempotency-Key": "cp-0"}); code != 201 {
		t.Fatalf("submit: %d %s", code, b)
	}
	size1, root1 := checkpoint()

	body := report("2017-06-10", idlibLat, idlibLon, "Air/drone strike", "Government of Syria", "Civilians (Syria)", 7, 6)
	code, b, _ = ts.do(t, "monitor", "POST", "/api/v1/reports", body, map[string]string{"Idempotency-Key": "cp-1"})
	if code != 201 {
		t.Fatalf("submit: %d %s", code, b)
	}
	var sub struct {
		LogIndex int64 `json:"log_index"`
	}
	json.Unmarshal(b, &sub)
	size2, root2 := checkpoint()
	if size1 < 1 || size2 <= size1 || sub.LogIndex >= size2 {
		t.Fatalf("checkpoint sizes %d then %d, entry %d", size1, size2, sub.LogIndex)
	}

	// The submission's entry, its leaf recomputed from its fields.
	code, b, _ = ts.do(t, "viewer", "GET", fmt.Sprintf("/api/v1/log/entries/%d", sub.LogIndex), nil, nil)
	if code != 200 {
		t.Fatalf("entry: %d %s", code, b)
	}
	var e struct {
		Kind, At, Actor string
		Body            string `json:"body_base64"`
	}
	json.Unmarshal(b, &e)
	raw, _ := base64.StdEncoding.DecodeString(e.Body)
	leaf := sumtlog.RecordHash([]byte("truce-log-v1\n" + e.Kind + "\n" + e.At + "\n" + e.Actor + "\n" + string(raw)))

	code, b, _ = ts.do(t, "viewer", "GET", fmt.Sprintf("/api/v1/log/proof/inclusion?index=%d&tree_size=%d", sub.LogIndex, size2), nil, nil)
	if code != 200 {
		t.Fatalf("inclusion proof: %d %s", code, b)
	}
	var inc struct {
		AuditPath []string `json:"audit_path"`
	}
	json.Unmarshal(b, &inc)
	if err := sumtlog.CheckRecord(hashes(t, inc.AuditPath), size2, root2, sub.LogIndex, leaf); err != nil {
		t.Fatalf("inclusion of entry %d in the checkpoint of size %d: %v", sub.LogIndex, size2, err)
	}
	if sumtlog.CheckRecord(hashes(t, inc.AuditPath), size2, root2, sub.LogIndex, sha256.Sum256([]byte("forged"))) == nil {
		t.Fatal("a forged leaf passes the inclusion check")
	}

	code, b, _ = ts.do(t, "viewer", "GET", fmt.Sprintf("/api/v1/log/proof/consistency?first=%d&second=%d", size1, size2), nil, nil)
	if code != 200 {
		t.Fatalf("consistency proof: %d %s", code, b)
	}
	var cons struct {
		Consistency []string
	}
	json.Unmarshal(b, &cons)
	if err := sumtlog.CheckTree(hashes(t, cons.Consistency), size2, root2, size1, root1); err != nil {
		t.Fatalf("consistency of checkpoints %d and %d: %v", size1, size2, err)
	}
}

func hashes(t *testing.T, in []string) []sumtlog.Hash {
	t.Helper()
	out := make([]sumtlog.Hash, len(in))
	for i, s := range in {
		h, err := sumtlog.ParseHash(s)
		if err != nil {
			t.Fatalf("proof hash %q: %v", s, err)
		}
		out[i] = h
	}
	return out
}
