package judge

import (
	"testing"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/agreement"
	"github.com/truce-monitor/truce/agreements"
)

func astana(tb testing.TB) *truce.Agreement {
	tb.Helper()
	a, err := agreements.Load(agreements.Astana2017File, agreement.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	return a
}

func newJudge(tb testing.TB, a *truce.Agreement) *Judge {
	tb.Helper()
	j, err := NewJudge(a, 1)
	if err != nil {
		tb.Fatal(err)
	}
	return j
}
