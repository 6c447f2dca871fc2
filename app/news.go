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
	var stored ledger.StoredReports
	var claimIDs []int64
	var claimsDigest string
	_, err := s.logged(ctx, truce.LogImport, actor,
		func(ctx context.Context) (err error) {
			for _, c := range q.Claims {
				if c.ID, err = s.Store.PutClaim(ctx, c); err != nil {
					return err
				}
				claimIDs = append(claimIDs, c.ID)
			}
			if claimsDigest, err = ledger.ClaimsDigest(q.Claims); err != nil {
				return err
			}
			res, stored, err = s.putReports(ctx, q.AgreementID, q.Reports)
			return err
		},
		func() any {
			hashes := make([]string, len(q.Reports))
			for i, r := range q.Reports {
				hashes[i] = r.Hash
			}
			return ledger.NewsBody{Articles: q.Articles, ClaimIDs: claimIDs, ClaimsDigest: claimsDigest, ClaimsStored: len(q.Claims),
				Duplicates: res.Duplicates, Files: q.Files, Mentions: len(q.Reports), ReportsAfter: stored.After, ReportsDigest: ledger.Digest(hashes),
				ReportsTo: stored.To, Revised: res.Revised, Source: "news", Stored: res.Stored, StoredDigest: stored.Digest}
		})
	return res, err
}
