package ledger

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/truce-monitor/truce"
)

// State is what VerifyState compares with the log: the tables whose every
// change is logged.
type State interface {
	Tokens(ctx context.Context) ([]truce.Token, error)
	Webhooks(ctx context.Context) ([]truce.Webhook, error)
	EvidenceFiles(ctx context.Context, fn func(sha256 string, data []byte) error) error
}

// VerifyState replays the log's token, webhook and evidence entries and
// compares the result with the stored tables: a token inserted, raised to
// another role, given a new secret or expiry, or revived after its
// revocation behind Truce's back, a webhook inserted, pointed elsewhere or
// restored after its deletion, and evidence whose bytes were changed,
// slipped in or deleted, each give a problem naming the entry that last set
// it (or -1 when none did).
func VerifyState(ctx context.Context, log truce.LogService, st State) ([]Problem, error) {
	type tokenState struct {
		b       TokenBody
		revoked bool
		index   int64
	}
	type hookState struct {
		b     WebhookBody
		index int64
	}
	tokens := map[string]*tokenState{}
	hooks := map[int64]*hookState{}
	evidence := map[string]int64{} // logged SHA-256 → its first entry
	var problems []Problem
	err := replay(ctx, log, &problems, func(e *truce.LogEntry, decode func(*truce.LogEntry, any) bool) {
		switch e.Kind {
		case truce.LogToken:
			var b TokenBody
			if !decode(e, &b) {
				return
			}
			switch b.Action {
			case "create":
				tokens[b.Name] = &tokenState{b: b, index: e.Index}
			case "revoke":
				if t := tokens[b.Name]; t != nil {
					t.revoked, t.index = true, e.Index
				}
			}
		case truce.LogEvidence:
			var b EvidenceBody
			if !decode(e, &b) {
				return
			}
			if _, ok := evidence[b.SHA256]; !ok {
				evidence[b.SHA256] = e.Index
			}
		case truce.LogWebhook:
			var b WebhookBody
			if !decode(e, &b) {
				return
			}
			switch b.Action {
			case "create":
				hooks[b.ID] = &hookState{b: b, index: e.Index}
			case "delete":
				delete(hooks, b.ID)
			}
		}
	})
	if err != nil {
		return nil, err
	}
	stored, err := st.Tokens(ctx)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for _, t := range stored {
		seen[t.Name] = true
		l := tokens[t.Name]
		switch {
		case l == nil:
			problems = append(problems, Problem{Index: -1, Message: fmt.Sprintf("token %q (role %s) is stored but was never logged: it was inserted in the database", t.Name, t.Role)})
		case l.b.ID != t.ID || l.b.Role != t.Role:
			problems = append(problems, Problem{Index: l.index, Message: fmt.Sprintf("token %q is stored with role %s (id %d), but entry %d logged role %s (id %d): it was changed in the database", t.Name, t.Role, t.ID, l.index, l.b.Role, l.b.ID)})
		case l.b.HashDigest != "" && l.b.HashDigest != HashDigest(t.Hash):
			problems = append(problems, Problem{Index: l.index, Message: fmt.Sprintf("token %q has another secret than entry %d logged: it was swapped in the database", t.Name, l.index)})
		case expiry(t.ExpiresAt) != l.b.ExpiresAt:
			problems = append(problems, Problem{Index: l.index, Message: fmt.Sprintf("token %q expires %s in the database, but entry %d logged %q", t.Name, orNever(expiry(t.ExpiresAt)), l.index, orNever(l.b.ExpiresAt))})
		case l.revoked && t.RevokedAt.IsZero():
			problems = append(problems, Problem{Index: l.index, Message: fmt.Sprintf("token %q was revoked (entry %d) but is valid in the database: it was revived", t.Name, l.index)})
		case !l.revoked && !t.RevokedAt.IsZero():
			problems = append(problems, Problem{Index: l.index, Message: fmt.Sprintf("token %q is revoked in the database but no entry logged its revocation", t.Name)})
		}
	}
	for name, l := range tokens {
		if !seen[name] {
			problems = append(problems, Problem{Index: l.index, Message: fmt.Sprintf("token %q (entry %d) is missing from the database", name, l.index)})
		}
	}
	storedHooks, err := st.Webhooks(ctx)
	if err != nil {
		return nil, err
	}
	seenHooks := map[int64]bool{}
	for _, h := range storedHooks {
		seenHooks[h.ID] = true
		l := hooks[h.ID]
		want := NewWebhookBody("create", &h)
		switch {
		case l == nil:
			problems = append(problems, Problem{Index: -1, Message: fmt.Sprintf("webhook %d (%s) is stored but no standing entry logged it: it was inserted or restored in the database", h.ID, want.URL)})
		case l.b.URL != want.URL || !slices.Equal(l.b.Events, want.Events):
			problems = append(problems, Problem{Index: l.index, Message: fmt.Sprintf("webhook %d points at %s for %v in the database, but entry %d logged %s for %v: it was changed", h.ID, want.URL, want.Events, l.index, l.b.URL, l.b.Events)})
		case l.b.SecretDigest != "" && l.b.SecretDigest != want.SecretDigest:
			problems = append(problems, Problem{Index: l.index, Message: fmt.Sprintf("webhook %d signs with another secret than entry %d logged: it was swapped in the database", h.ID, l.index)})
		}
	}
	for id, l := range hooks {
		if !seenHooks[id] {
			problems = append(problems, Problem{Index: l.index, Message: fmt.Sprintf("webhook %d (entry %d) is missing from the database", id, l.index)})
		}
	}
	// Evidence is named by its content: bytes that no longer hash to their
	// name were changed; a name no entry logged was slipped in; a logged
	// one missing was deleted.
	seenEvidence := map[string]bool{}
	if err := st.EvidenceFiles(ctx, func(name string, data []byte) error {
		seenEvidence[name] = true
		idx, logged := evidence[name]
		sum := sha256.Sum256(data)
		switch {
		case !logged:
			problems = append(problems, Problem{Index: -1, Message: fmt.Sprintf("evidence %.12s is stored but was never logged: it was inserted in the database", name)})
		case hex.EncodeToString(sum[:]) != name:
			problems = append(problems, Problem{Index: idx, Message: fmt.Sprintf("evidence %.12s (entry %d) no longer hashes to its name: its bytes were changed in the database", name, idx)})
		}
		return nil
	}); err != nil {
		return nil, err
	}
	for name, idx := range evidence {
		if !seenEvidence[name] {
			problems = append(problems, Problem{Index: idx, Message: fmt.Sprintf("evidence %.12s (entry %d) is missing from the database", name, idx)})
		}
	}
	slices.SortStableFunc(problems, func(a, b Problem) int { return int(a.Index - b.Index) })
	return problems, nil
}

func expiry(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func orNever(s string) string {
	if s == "" {
		return "never"
	}
	return s
}

// replay calls fn with each entry of the log, in order, and a decode that
// reads an entry's body into v or adds to problems that it cannot.
func replay(ctx context.Context, log truce.LogService, problems *[]Problem, fn func(e *truce.LogEntry, decode func(*truce.LogEntry, any) bool)) error {
	size, err := log.LogSize(ctx)
	if err != nil {
		return err
	}
	decode := func(e *truce.LogEntry, v any) bool {
		if err := json.Unmarshal(e.Body, v); err != nil {
			*problems = append(*problems, Problem{Index: e.Index, Message: fmt.Sprintf("entry %d: %s body is not valid JSON", e.Index, e.Kind)})
			return false
		}
		return true
	}
	return log.LogEntries(ctx, 0, size, func(e *truce.LogEntry) error {
		fn(e, decode)
		return nil
	})
}
