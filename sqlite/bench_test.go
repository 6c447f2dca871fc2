package sqlite_test

import (
	"testing"

	"github.com/truce-monitor/truce/internal/storetest"
)

// BenchmarkPutReports: see storetest.BenchPutReports.
func BenchmarkPutReports(b *testing.B) {
	storetest.BenchPutReports(b, func(b *testing.B) storetest.Store { return MustOpen(b) })
}

// BenchmarkSubmit: see storetest.BenchSubmit.
func BenchmarkSubmit(b *testing.B) {
	storetest.BenchSubmit(b, func(b *testing.B) storetest.JudgeSubmitStore { return MustOpen(b) })
}
