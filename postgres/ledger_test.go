package postgres_test

import (
	"testing"

	"github.com/truce-monitor/truce/internal/storetest"
	"github.com/truce-monitor/truce/postgres"
)

// openTwice opens two stores on one fresh schema, as two servers would.
func openTwice(t *testing.T) (*postgres.DB, *postgres.DB) {
	u := FreshSchema(t)
	return mustOpenURL(t, u), mustOpenURL(t, u)
}

func TestTokens(t *testing.T) {
	storetest.RunTokens(t, MustOpen(t))
}

func TestAtomic(t *testing.T) {
	storetest.RunAtomic(t, MustOpen(t))
}

func TestLog(t *testing.T) {
	a, b := openTwice(t)
	storetest.RunLog(t, a, b)
}

func TestSubmissions(t *testing.T) {
	a, b := openTwice(t)
	storetest.RunSubmissions(t, a, b)
}

func TestAlerts(t *testing.T) {
	a, b := openTwice(t)
	storetest.RunAlerts(t, a, b)
}

func TestJudgeIncidents(t *testing.T) {
	storetest.RunJudgeIncidents(t, MustOpen(t))
}
