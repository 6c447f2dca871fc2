package postgres_test

import (
	"testing"

	"github.com/truce-monitor/truce/internal/storetest"
	"github.com/truce-monitor/truce/postgres"
)

// BenchmarkStore: see storetest.Bench, e.g. -bench 'Store/Submit$'. Each
// run gets a fresh schema on TRUCE_TEST_POSTGRES.
func BenchmarkStore(b *testing.B) {
	storetest.Bench(b, func(b *testing.B) *postgres.DB { return MustOpen(b) })
}
