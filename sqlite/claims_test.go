package sqlite_test

import (
	"testing"

	"github.com/truce-monitor/truce/internal/storetest"
)

func TestClaims(t *testing.T) {
	storetest.RunClaims(t, MustOpen(t))
}
