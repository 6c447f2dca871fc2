package ledger

import (
	"context"
	"crypto/ed25519"
	"sync"

	"github.com/truce-monitor/truce"
)

// Store is what Audit reads: the log and the tables it vouches for.
type Store interface {
	truce.LogService
	State
	Records
}

// Audit runs Verify, VerifyState and VerifyRecords over one read of the
// log: each replays every entry, and a log of millions of entries is read
// once instead of three times. The three run side by side, each fed the
// entries as they are read.
func Audit(ctx context.Context, st Store, pub ed25519.PublicKey, held ...Checkpoint) (*Result, []Problem, *RecordsResult, error) {
	size, err := st.LogSize(ctx)
	if err != nil {
		return nil, nil, nil, err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	views := make([]*passView, 3)
	for i := range views {
		views[i] = &passView{LogService: st, size: size, ch: make(chan *truce.LogEntry, 256), done: make(chan struct{})}
	}
	var (
		res   *Result
		state []Problem
		recs  *RecordsResult
		errs  [4]error
		wg    sync.WaitGroup
	)
	run := func(k int, fn func() error) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer close(views[k].done)
			if errs[k] = fn(); errs[k] != nil {
				cancel()
			}
		}()
	}
	run(0, func() (err error) { res, err = Verify(ctx, views[0], pub, held...); return })
	run(1, func() (err error) { state, err = VerifyState(ctx, views[1], st); return })
	run(2, func() (err error) { recs, err = VerifyRecords(ctx, views[2], st); return })
	errs[3] = st.LogEntries(ctx, 0, size, func(e *truce.LogEntry) error {
		for _, v := range views {
			select {
			case v.ch <- e:
			case <-v.done: // it stopped reading: it has its answer or an error
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		return nil
	})
	for _, v := range views {
		close(v.ch)
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, nil, nil, err
		}
	}
	return res, state, recs, nil
}

// passView is the log as one of Audit's readers sees it: its entries, in
// one pass over the whole log, come from Audit's single read.
type passView struct {
	truce.LogService
	size int64
	ch   chan *truce.LogEntry
	done chan struct{}
	used bool
}

func (v *passView) LogSize(context.Context) (int64, error) { return v.size, nil }

func (v *passView) LogEntries(ctx context.Context, start, end int64, fn func(*truce.LogEntry) error) error {
	if v.used || start != 0 || end != v.size {
		// Not the one whole pass: read it from the store.
		return v.LogService.LogEntries(ctx, start, end, fn)
	}
	v.used = true
	for e := range v.ch {
		if err := fn(e); err != nil {
			return err
		}
	}
	return ctx.Err()
}
