// Package app owns the operations a user performs that write: submitting a
// report, storing evidence, importing a batch of reports, creating and
// revoking tokens, adding and deleting webhooks, judging every incident,
// checking a claim, loading an agreement or boundaries, storing what news
// articles say, importing the counts of violations each side reported,
// grouping the reports of one event (corroboration) and
// analysts' splits and merges. Each writes its data and its log entry in
// one transaction (truce.Transactor), with a typed body from package
// ledger, so neither is ever stored without the other. The command line
// and the HTTP server call it: they parse, authorise and encode, and
// neither builds a log body nor writes to a store itself.
//
// It also owns checking all of it afterwards (Verify: the log, the tables it
// proves, and the tables derived from them, recomputed with the judge every
// use case shares).
//
// Reading files stays with the callers. For news it owns the whole run
// between the parsed articles and the store (ReadNews, ImportNews): which
// statements become claims in the article's context, checking them,
// keeping a statement given twice (by one article or by two outlets) once,
// placing the incidents articles mention, and the reported counts; the
// command line only prints what it read.
package app

import (
	"context"
	"time"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/geo"
	"github.com/truce-monitor/truce/judge"
	"github.com/truce-monitor/truce/ledger"
)

// Store is what the use cases write to: both stores are one.
type Store interface {
	truce.Transactor
	truce.LogService
	truce.TokenService
	truce.AlertService
	truce.SubmissionService
	truce.JudgementService
	truce.ClaimService
	truce.AgreementService
	truce.IncidentService
	truce.BoundaryService
	truce.CorroborationService
	truce.CountService
}

// Actors that are not tokens.
const (
	CLI    = "cli"    // whoever runs truce on the command line holds the database itself
	Server = "server" // the server's own writes, such as judging after an amendment
)

// Service runs the use cases against one store.
type Service struct {
	Store Store
	// Now returns the current time; tests replace it.
	Now func() time.Time
	// AllowPrivateWebhooks lets webhooks point at loopback, private and
	// link-local addresses (ValidateWebhook).
	AllowPrivateWebhooks bool
}

// New returns a Service over st.
func New(st Store) *Service { return &Service{Store: st, Now: time.Now} }

// logged runs write and appends the log entry body makes (after write, so
// that it can name what write created), in one transaction. It returns the
// entry, with its index.
func (s *Service) logged(ctx context.Context, kind, actor string, write func(ctx context.Context) error, body func() any) (*truce.LogEntry, error) {
	var e *truce.LogEntry
	err := s.Store.Atomic(ctx, func(ctx context.Context) error {
		if err := write(ctx); err != nil {
			return err
		}
		var err error
		if e, err = ledger.NewEntry(kind, actor, s.Now(), body()); err != nil {
			return err
		}
		return s.Store.AppendLog(ctx, []*truce.LogEntry{e})
	})
	if err != nil {
		return nil, err
	}
	return e, nil
}

// Judge prepares a judge of a at version, and the index of its zones (the
// placer), as every judging of the store's incidents must: imprecise
// locations weighed by where the store's precisely located incidents were,
// so that verdicts do not depend on who judged.
func (s *Service) Judge(ctx context.Context, a *truce.Agreement, version int) (*judge.Judge, *geo.Index, error) {
	ix, err := s.Placer(ctx, a)
	if err != nil {
		return nil, nil, err
	}
	j, err := judge.NewJudge(a, version)
	if err != nil {
		return nil, nil, err
	}
	model, err := ix.LoadActivityModel(ctx, s.Store)
	if err != nil {
		return nil, nil, err
	}
	return j.WithLocation(model), ix, nil
}
