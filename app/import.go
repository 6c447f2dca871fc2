package app

import (
	"cmp"
	"context"
	"slices"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/ledger"
)

// ImportBatch is one batch of reports read from a file: what the reader
// read and rejected besides the reports.
type ImportBatch struct {
	Source, File string
	N            int // the batch's number in the file, from 1
	Reports      []*truce.Report
	Read         int
	Rejected     int
}

// Import stores a batch of reports (placed in agreementID's zones, "" when
// none is loaded) and its log entry in one transaction: a killed import
// leaves whole batches, each logged, and running it again stores the rest.
func (s *Service) Import(ctx context.Context, actor, agreementID string, b ImportBatch) (truce.BatchResult, error) {
	var res truce.BatchResult
	var stored ledger.StoredReports
	_, err := s.logged(ctx, truce.LogImport, actor,
		func(ctx context.Context) (err error) {
			res, stored, err = s.putReports(ctx, agreementID, b.Reports)
			return err
		},
		func() any {
			d := ledger.NewDigester()
			for _, r := range b.Reports {
				d.Add(r.Hash)
			}
			return ledger.ImportBody{Batch: b.N, Duplicates: res.Duplicates, File: b.File, Read: b.Read, Rejected: b.Rejected,
				ReportsAfter: stored.After, ReportsDigest: d.Sum(), ReportsTo: stored.To, Revised: res.Revised, Source: b.Source, Stored: res.Stored,
				StoredDigest: stored.Digest, Withdrawn: res.Withdrawn}
		})
	return res, err
}

// putReports stores reports with the digests of their incidents (made
// here unless the caller made them, as an import does while it reads) and
// returns which reports it stored, for the log entry: inside the use
// case's transaction, which takes turns with every other writer of reports
// from ReportsHighWater on, so the reports stored are those numbered above
// it.
func (s *Service) putReports(ctx context.Context, agreementID string, reports []*truce.Report) (truce.BatchResult, ledger.StoredReports, error) {
	var stored ledger.StoredReports
	for _, r := range reports {
		if !r.Withdraws && r.IncidentDigest == "" {
			r.IncidentDigest = ledger.IncidentDigest(&r.Incident)
		}
	}
	after, err := s.Store.ReportsHighWater(ctx)
	if err != nil {
		return truce.BatchResult{}, stored, err
	}
	res, err := s.Store.PutReports(ctx, agreementID, reports)
	if err != nil {
		return res, stored, err
	}
	// The store numbered what it stored (and left duplicates 0): digest
	// those, as verify reads them back, in ID order.
	var ours []*truce.Report
	for _, r := range reports {
		if r.ID > after {
			ours = append(ours, r)
		}
	}
	slices.SortFunc(ours, func(a, b *truce.Report) int { return cmp.Compare(a.ID, b.ID) })
	d := ledger.NewDigester()
	to := after
	for i, r := range ours {
		if i > 0 && r.ID == ours[i-1].ID {
			continue // one report given twice in the batch
		}
		d.Add(ledger.StoredLine(r))
		to = r.ID
	}
	return res, ledger.StoredReports{After: after, To: to, Digest: d.Sum()}, nil
}
