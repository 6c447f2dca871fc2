package app

import (
	"context"
	"fmt"
	"time"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/ledger"
)

// CountsImport is a batch of reported counts read from news articles or a
// file.
type CountsImport struct {
	Source string   // what read them: "news", "csv"
	Files  []string // the files they were read from, for the log
	Counts []*truce.ReportedCount
}

// CountConflict is a count refused because its source already gave
// another number for the same reporter and day: stored, or earlier in the
// same batch.
type CountConflict struct {
	Count *truce.ReportedCount
	Kept  *truce.ReportedCount
}

func (c CountConflict) Error() string {
	return fmt.Sprintf("%s: %s on %s: %d, but %s gives %d: not stored", c.Count.Where(), c.Count.Reporter,
		c.Count.Day.Format(truce.DateLayout), c.Count.Count, c.Kept.Where(), c.Kept.Count)
}

// CountsResult is what ImportCounts did with each count read.
type CountsResult struct {
	Read       int
	Stored     []*truce.ReportedCount
	Duplicates int // the same number from the same source again
	Conflicts  []CountConflict
}

// ImportCounts stores the counts of q not stored yet, with their log
// entry, in one transaction. A source says once what one side counted one
// day: the same number again is a duplicate, another number a conflict,
// refused and returned (a bulletin quoted twice with a misread number must
// not overwrite what was read first, nor silently make two series points).
func (s *Service) ImportCounts(ctx context.Context, actor string, q CountsImport) (*CountsResult, error) {
	res := &CountsResult{Read: len(q.Counts)}
	for _, c := range q.Counts {
		if err := c.Validate(); err != nil {
			return nil, fmt.Errorf("%s: %w", c.Where(), err)
		}
	}
	var ids []int64
	var digest string
	_, err := s.logged(ctx, truce.LogCounts, actor,
		func(ctx context.Context) error {
			*res = CountsResult{Read: len(q.Counts)}
			type key struct{ source, reporter, day string }
			kept := map[key]*truce.ReportedCount{}
			if len(q.Counts) > 0 {
				from, to := q.Counts[0].Day, q.Counts[0].Day
				for _, c := range q.Counts {
					from, to = minTime(from, c.Day), maxTime(to, c.Day)
				}
				old, err := s.Store.ReportedCounts(ctx, truce.CountFilter{From: from, To: to})
				if err != nil {
					return err
				}
				for _, c := range old {
					kept[key{c.Source, c.Reporter, c.Day.Format(truce.DateLayout)}] = c
				}
			}
			var fresh []*truce.ReportedCount
			for _, c := range q.Counts {
				k := key{c.Source, c.Reporter, c.Day.Format(truce.DateLayout)}
				switch o := kept[k]; {
				case o == nil:
					kept[k] = c
					fresh = append(fresh, c)
				case o.Count == c.Count:
					res.Duplicates++
				default:
					res.Conflicts = append(res.Conflicts, CountConflict{Count: c, Kept: o})
				}
			}
			stored, err := s.Store.PutCounts(ctx, fresh)
			if err != nil {
				return err
			}
			// Stored meanwhile by another writer: the same report.
			res.Duplicates += len(fresh) - len(stored)
			res.Stored = stored
			ids = make([]int64, len(stored))
			for i, c := range stored {
				ids[i] = c.ID
			}
			digest, err = ledger.CountsDigest(stored)
			return err
		},
		func() any {
			files := q.Files
			if files == nil {
				files = []string{}
			}
			return ledger.CountsBody{Conflicts: len(res.Conflicts), CountIDs: ids, Digest: digest, Duplicates: res.Duplicates,
				Files: files, Read: res.Read, Source: q.Source, Stored: len(res.Stored)}
		})
	if err != nil {
		return nil, err
	}
	return res, nil
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
