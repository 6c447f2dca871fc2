package app

import (
	"context"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/claim"
	"github.com/truce-monitor/truce/ledger"
)

// Adjudication is what judging every incident did.
type Adjudication struct {
	Stats truce.JudgeStats
	Log   *truce.LogEntry
}

// Adjudicate judges every standing incident against version of a, with
// the judge every caller shares (Service.Judge), and stores the verdicts
// and the run's log entry in one transaction. With place, it first places
// every incident in a's zones again, in the same transaction: needed when
// they were placed for another agreement or before memberships carried
// shares. It returns how many incidents are in or near a zone then.
func (s *Service) Adjudicate(ctx context.Context, actor string, a *truce.Agreement, version int, place bool) (Adjudication, int, error) {
	j, ix, err := s.Judge(ctx, a, version)
	if err != nil {
		return Adjudication{}, 0, err
	}
	var placer truce.Placer
	if place {
		placer = ix
	}
	return s.AdjudicateWith(ctx, actor, a, version, j, placer)
}

// AdjudicateWith is Adjudicate with a judge the caller prepared with
// Service.Judge (a server keeps one for submissions), placing every
// incident with placer first when it is not nil.
func (s *Service) AdjudicateWith(ctx context.Context, actor string, a *truce.Agreement, version int, j truce.Judger, placer truce.Placer) (Adjudication, int, error) {
	placed := 0
	var out Adjudication
	var err error
	out.Log, err = s.logged(ctx, truce.LogAdjudication, actor,
		func(ctx context.Context) (err error) {
			if placer != nil {
				if placed, err = s.Store.PlaceAll(ctx, a.ID, placer); err != nil {
					return err
				}
			}
			out.Stats, err = s.Store.JudgeAll(ctx, a.ID, version, j)
			return err
		},
		func() any { return ledger.NewAdjudicationBody(a.ID, version, out.Stats) })
	return out, placed, err
}

// CheckClaim checks c against the stored verdicts of a (judged under some
// version up to version), stores it with its check and logs it. It returns
// the version whose verdicts the check read.
func (s *Service) CheckClaim(ctx context.Context, actor string, a *truce.Agreement, version int, c *truce.Claim) (int, error) {
	judged, err := claim.CheckStored(ctx, s.Store, a, version, c, s.Now())
	if err != nil {
		return 0, err
	}
	_, err = s.logged(ctx, truce.LogClaim, actor,
		func(ctx context.Context) (err error) {
			c.ID, err = s.Store.PutClaim(ctx, c)
			return err
		},
		func() any { return ledger.NewClaimBody(c) })
	return judged, err
}
