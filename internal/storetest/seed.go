package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/agreement"
	"github.com/truce-monitor/truce/agreements"
	"github.com/truce-monitor/truce/judge"
	"github.com/truce-monitor/truce/sim"
)

// Seeder is what SeedAstana writes to: either store.
type Seeder interface {
	truce.AgreementService
	truce.IncidentService
	truce.JudgementService
}

// SeedAstana loads the bundled Astana 2017 agreement into st, makes it
// active, and adds days of simulated conflict (seed 7) from start (zero:
// the simulator's own start, 2017-01-01), placed in its zones and judged
// under version 1. The HTTP, replica and dashboard tests share it, so
// they all see the same world.
func SeedAstana(t testing.TB, st Seeder, start time.Time, days int) *truce.Agreement {
	t.Helper()
	ctx := context.Background()
	a, err := agreements.Load(agreements.Astana2017File, agreement.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.PutAgreement(ctx, a); err != nil {
		t.Fatal(err)
	}
	if err := st.SetActiveAgreement(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	cfg := sim.DefaultConfig(7, a.Zones)
	cfg.Days, cfg.Ceasefire = days, a.Effective
	if !start.IsZero() {
		cfg.Start = start
	}
	if _, err := st.PutReports(ctx, a.ID, PlacedSim(t, a, cfg)); err != nil {
		t.Fatal(err)
	}
	j, err := judge.NewJudge(a, 1)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.JudgeAll(ctx, a.ID, 1, j); err != nil {
		t.Fatal(err)
	}
	return a
}
