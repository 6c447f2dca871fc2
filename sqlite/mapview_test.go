package sqlite_test

import (
	"testing"

	"github.com/truce-monitor/truce/internal/storetest"
)

func TestMap(t *testing.T) {
	storetest.RunMap(t, MustOpen(t))
}
