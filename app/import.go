package app

import (
	"context"

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
	_, err := s.logged(ctx, truce.LogImport, actor,
		func(ctx context.Context) (err error) {
			res, err = s.Store.PutReports(ctx, agreementID, b.Reports)
			return err
		},
		func() any {
			d := ledger.NewDigester()
			for _, r := range b.Reports {
				d.Add(r.Hash)
			}
			return ledger.ImportBody{Batch: b.N, Duplicates: res.Duplicates, File: b.File, Read: b.Read, Rejected: b.Rejected,
				ReportsDigest: d.Sum(), Revised: res.Revised, Source: b.Source, Stored: res.Stored, Withdrawn: res.Withdrawn}
		})
	return res, err
}
