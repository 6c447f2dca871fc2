package app

import (
	"context"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/ledger"
)

// NewsImport is what reading news articles produced: claims (checked or
// not) and incident mentions as reports, placed in agreementID's zones.
type NewsImport struct {
	AgreementID string
	Files       []string
	Articles    int
	Claims      []*truce.Claim
	Reports     []*truce.Report
}

// ImportNews stores the claims (setting their IDs) and the reports of a
// news import, with its log entry, in one transaction.
func (s *Service) ImportNews(ctx context.Context, actor string, q NewsImport) (truce.BatchResult, error) {
	var res truce.BatchResult
	_, err := s.logged(ctx, truce.LogImport, actor,
		func(ctx context.Context) (err error) {
			for _, c := range q.Claims {
				if c.ID, err = s.Store.PutClaim(ctx, c); err != nil {
					return err
				}
			}
			res, err = s.Store.PutReports(ctx, q.AgreementID, q.Reports)
			return err
		},
		func() any {
			hashes := make([]string, len(q.Reports))
			for i, r := range q.Reports {
				hashes[i] = r.Hash
			}
			return ledger.NewsBody{Articles: q.Articles, ClaimsStored: len(q.Claims), Duplicates: res.Duplicates, Files: q.Files,
				Mentions: len(q.Reports), ReportsDigest: ledger.Digest(hashes), Revised: res.Revised, Source: "news", Stored: res.Stored}
		})
	return res, err
}
