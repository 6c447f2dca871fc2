package postgres_test

import (
	"testing"

	"github.com/truce-monitor/truce/internal/storetest"
)

func TestCounts(t *testing.T) {
	storetest.RunCounts(t, MustOpen(t))
}
