package sqlite_test

import (
	"testing"

	"github.com/truce-monitor/truce/internal/storetest"
)

func TestCorroboration(t *testing.T) {
	storetest.RunCorroboration(t, MustOpen(t))
}
