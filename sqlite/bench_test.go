package sqlite_test

import (
	"testing"

	"github.com/truce-monitor/truce/internal/storetest"
	"github.com/truce-monitor/truce/sqlite"
)

// BenchmarkStore: see storetest.Bench, e.g. -bench 'Store/Submit$'.
func BenchmarkStore(b *testing.B) {
	storetest.Bench(b, func(b *testing.B) *sqlite.DB { return MustOpen(b) })
}
