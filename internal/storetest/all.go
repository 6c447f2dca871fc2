package storetest

import (
	"testing"

	"github.com/truce-monitor/truce"
)

// Full is a store that implements every service the contract covers.
type Full interface {
	Store
	RowsStore
	AtomicStore
	SubmitStore
	JudgeStore
	CorroborationStore
	truce.TokenService
	truce.LogService
	truce.AlertService
	truce.ClaimService
	truce.CountService
}

// RunAll runs the whole contract suite, each part on fresh stores: open
// returns an empty store, openTwice two handles on one empty store, as two
// processes or servers would hold them.
func RunAll[S Full](t *testing.T, open func(t *testing.T) S, openTwice func(t *testing.T) (S, S)) {
	Run(t, func(t *testing.T) Store { return open(t) })
	for _, c := range []struct {
		name string
		run  func(t *testing.T)
	}{
		{"Paging", func(t *testing.T) { RunPaging(t, open(t)) }},
		{"Tokens", func(t *testing.T) { RunTokens(t, open(t)) }},
		{"Atomic", func(t *testing.T) { RunAtomic(t, open(t)) }},
		{"Log", func(t *testing.T) { a, b := openTwice(t); RunLog(t, a, b) }},
		{"Submissions", func(t *testing.T) { a, b := openTwice(t); RunSubmissions(t, a, b) }},
		{"Alerts", func(t *testing.T) { a, b := openTwice(t); RunAlerts(t, a, b) }},
		{"JudgeIncidents", func(t *testing.T) { RunJudgeIncidents(t, open(t)) }},
		{"Judgements", func(t *testing.T) { RunJudgements(t, open(t)) }},
		{"Claims", func(t *testing.T) { RunClaims(t, open(t)) }},
		{"Counts", func(t *testing.T) { RunCounts(t, open(t)) }},
		{"Corroboration", func(t *testing.T) { RunCorroboration(t, open(t)) }},
		{"Rows", func(t *testing.T) { RunRows(t, open(t)) }},
	} {
		t.Run(c.name, c.run)
	}
}
