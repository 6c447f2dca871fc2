package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/truce-monitor/truce"
)

// AtomicStore is a store whose writes a use case can group in one
// transaction.
type AtomicStore interface {
	truce.Transactor
	truce.TokenService
	truce.AlertService
	truce.LogService
	truce.SubmissionService
}

// RunAtomic runs the transaction contract on s: writes made in Atomic,
// through any of the store's methods, are stored together or not at all.
func RunAtomic(t *testing.T, s AtomicStore) {
	ctx := context.Background()
	at := time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)
	token := func(name string) *truce.Token {
		_, h := truce.NewTokenSecret()
		return &truce.Token{Name: name, Role: truce.RoleViewer, Hash: h, CreatedAt: at, CreatedBy: "cli"}
	}
	logged := func() int64 {
		n, err := s.LogSize(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	tokens := func() int {
		list, err := s.Tokens(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return len(list)
	}
	webhooks := func() int {
		list, err := s.Webhooks(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return len(list)
	}
	boom := errors.New("the use case failed after writing")
	ev := &truce.Evidence{SHA256: "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae", Size: 3, MediaType: "text/plain", UploadedBy: "m", UploadedAt: at}

	// A use case that fails after every kind of write leaves none of them.
	err := s.Atomic(ctx, func(ctx context.Context) error {
		if err := s.CreateToken(ctx, token("a")); err != nil {
			return err
		}
		if err := s.CreateWebhook(ctx, &truce.Webhook{URL: "https://example.org/h", Secret: "secret-of-sixteen", CreatedAt: at}); err != nil {
			return err
		}
		if _, err := s.PutEvidence(ctx, ev, []byte("foo")); err != nil {
			return err
		}
		if err := s.AppendLog(ctx, []*truce.LogEntry{entry(truce.LogToken, at, `{"a":1}`)}); err != nil {
			return err
		}
		// Nested: joins the outer transaction.
		return s.Atomic(ctx, func(ctx context.Context) error {
			if _, err := s.RevokeToken(ctx, "a", at); err != nil {
				return err
			}
			return boom
		})
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Atomic = %v, want the function's error", err)
	}
	if n, w, l := tokens(), webhooks(), logged(); n != 0 || w != 0 || l != 0 {
		t.Fatalf("after a failed Atomic: %d tokens, %d webhooks, %d log entries; want none", n, w, l)
	}
	if _, _, err := s.FindEvidence(ctx, ev.SHA256); truce.ErrorCode(err) != truce.ENOTFOUND {
		t.Fatalf("evidence after a failed Atomic: %v, want ENOTFOUND", err)
	}

	// A store error inside (a name taken) undoes the writes before it too.
	if err := s.CreateToken(ctx, token("taken")); err != nil {
		t.Fatal(err)
	}
	err = s.Atomic(ctx, func(ctx context.Context) error {
		if err := s.AppendLog(ctx, []*truce.LogEntry{entry(truce.LogToken, at, `{"b":2}`)}); err != nil {
			return err
		}
		return s.CreateToken(ctx, token("taken"))
	})
	if truce.ErrorCode(err) != truce.ECONFLICT {
		t.Fatalf("Atomic with a taken name = %v, want ECONFLICT", err)
	}
	if l := logged(); l != 0 {
		t.Fatalf("%d log entries after the conflict; want the entry undone", l)
	}

	// Success stores everything, the log entry with its index.
	e := entry(truce.LogToken, at, `{"c":3}`)
	err = s.Atomic(ctx, func(ctx context.Context) error {
		if err := s.CreateToken(ctx, token("b")); err != nil {
			return err
		}
		return s.AppendLog(ctx, []*truce.LogEntry{e})
	})
	if err != nil {
		t.Fatal(err)
	}
	if n, l := tokens(), logged(); n != 2 || l != 1 || e.Index != 0 {
		t.Fatalf("after Atomic: %d tokens, %d log entries, index %d; want 2, 1, 0", n, l, e.Index)
	}
}
