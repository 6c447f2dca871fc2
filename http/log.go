package http

import (
	"encoding/base64"
	nethttp "net/http"
	"strconv"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/ledger"
	"github.com/truce-monitor/truce/tlog"
)

// maxLogPage bounds one page of log entries.
const maxLogPage = 1000

func (s *Server) handleLogHead(w nethttp.ResponseWriter, r *nethttp.Request) {
	sth, err := s.ledger.Head(r.Context())
	if err != nil {
		s.Error(w, r, err)
		return
	}
	text, _ := sth.MarshalText()
	out := map[string]any{"tree_size": sth.Size, "root_hash": sth.Root, "timestamp": sth.Time,
		"signature": base64.StdEncoding.EncodeToString(sth.Signature), "signed_head": string(text)}
	if pub := s.ledger.PublicKey(); pub != nil {
		out["public_key"] = ledger.FormatPublicKey(pub)
		out["key_id"] = ledger.KeyID(pub)
		out["note_verifier_key"] = ledger.VerifierKey(pub)
		out["checkpoint_origin"] = ledger.Origin(pub)
	}
	s.writeJSON(w, r, "application/json", out)
}

// handleCheckpoint serves the current head as a C2SP checkpoint (a signed
// note), the form witnesses and transparency tools read.
func (s *Server) handleCheckpoint(w nethttp.ResponseWriter, r *nethttp.Request) {
	cp, err := s.ledger.Checkpoint(r.Context())
	if err != nil {
		s.Error(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Write(cp)
}

func entryJSON(e *truce.LogEntry) map[string]any {
	var leaf tlog.Hash
	copy(leaf[:], e.LeafHash)
	return map[string]any{"index": e.Index, "kind": e.Kind, "at": e.At.UTC().Format("2006-01-02T15:04:05.000000Z"), "actor": e.Actor,
		"body": jsonRaw(e.Body), "body_base64": base64.StdEncoding.EncodeToString(e.Body), "leaf_hash": leaf}
}

func queryInt(r *nethttp.Request, name string, def int64) (int64, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		return 0, invalid("%s %q: want a number >= 0", name, v)
	}
	return n, nil
}

func (s *Server) handleLogEntries(w nethttp.ResponseWriter, r *nethttp.Request) {
	ctx := r.Context()
	size, err := s.ledger.Size(ctx)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	start, err := queryInt(r, "start", 0)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	end, err := queryInt(r, "end", min(start+100, size))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	end = min(end, size, start+maxLogPage)
	out := []map[string]any{}
	if start < end {
		err = s.store.LogEntries(ctx, start, end, func(e *truce.LogEntry) error {
			out = append(out, entryJSON(e))
			return nil
		})
		if err != nil {
			s.Error(w, r, err)
			return
		}
	}
	page := map[string]any{"entries": out, "tree_size": size}
	if end < size {
		page["next"] = "/api/v1/log/entries?start=" + strconv.FormatInt(end, 10)
	}
	s.writeJSON(w, r, "application/json", page)
}

func (s *Server) handleLogEntry(w nethttp.ResponseWriter, r *nethttp.Request) {
	i, err := strconv.ParseInt(r.PathValue("index"), 10, 64)
	if err != nil || i < 0 {
		s.Error(w, r, invalid("log index %q: want a number >= 0", r.PathValue("index")))
		return
	}
	e, err := s.ledger.Entry(r.Context(), i)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.writeJSON(w, r, "application/json", entryJSON(e))
}

// handleInclusionProof proves that one entry (by index, or by leaf_hash in
// base64) is in the tree of tree_size entries (default: the current head's).
func (s *Server) handleInclusionProof(w nethttp.ResponseWriter, r *nethttp.Request) {
	ctx := r.Context()
	q := r.URL.Query()
	var index int64 = -1
	if lh := q.Get("leaf_hash"); lh != "" {
		h, err := tlog.ParseHash(lh)
		if err != nil {
			s.Error(w, r, invalid("leaf_hash %q: want a 32-byte hash in standard base64", lh))
			return
		}
		e, err := s.store.FindLogEntry(ctx, h[:])
		if err != nil {
			s.Error(w, r, err)
			return
		}
		index = e.Index
	} else if q.Get("index") != "" {
		var err error
		if index, err = queryInt(r, "index", 0); err != nil {
			s.Error(w, r, err)
			return
		}
	} else {
		s.Error(w, r, invalid("an inclusion proof needs index=N or leaf_hash=BASE64"))
		return
	}
	size, err := queryInt(r, "tree_size", 0)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if size == 0 {
		sth, err := s.ledger.Head(ctx)
		if err != nil {
			s.Error(w, r, err)
			return
		}
		size = int64(sth.Size)
	}
	proof, size, err := s.ledger.InclusionProof(ctx, index, size)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	e, err := s.ledger.Entry(ctx, index)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	var leaf tlog.Hash
	copy(leaf[:], e.LeafHash)
	s.writeJSON(w, r, "application/json", map[string]any{"index": index, "tree_size": size, "leaf_hash": leaf, "audit_path": proofJSON(proof)})
}

func proofJSON(p []tlog.Hash) []tlog.Hash {
	if p == nil {
		return []tlog.Hash{}
	}
	return p
}

func (s *Server) handleConsistencyProof(w nethttp.ResponseWriter, r *nethttp.Request) {
	first, err := queryInt(r, "first", 0)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	second, err := queryInt(r, "second", 0)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if r.URL.Query().Get("first") == "" || r.URL.Query().Get("second") == "" {
		s.Error(w, r, invalid("a consistency proof needs first=M and second=N tree sizes"))
		return
	}
	proof, err := s.ledger.ConsistencyProof(r.Context(), first, second)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.writeJSON(w, r, "application/json", map[string]any{"first": first, "second": second, "consistency": proofJSON(proof)})
}
