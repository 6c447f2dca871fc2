package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/agreement"
	"github.com/truce-monitor/truce/sim"
)

func (m *Main) runSimulate(ctx context.Context, args []string) error {
	fs := m.newFlags("simulate", "simulate [--days N] [--seed N] [--out FILE] [--agreement FILE] [--effect R] …\n\nWrites a seeded synthetic conflict over an agreement's zones as a UCDP-GED-shaped CSV,\nwith ground-truth columns sim_zone, sim_violation and sim_excluded. With --hidden, a share of\nthe fighting against excluded groups inside zones is reported as \"Syrian insurgents\", as UCDP\nreports much of the war with HTS; sim_excluded keeps the truth, and the composition it hides is\nprinted, for a presence file to state. The same flags give the same bytes.")
	days := fs.Int("days", 365, "days to simulate")
	seed := fs.Uint64("seed", 7, "random seed")
	out := fs.String("out", "-", "output file (- for standard output)")
	start := fs.String("start", "2017-01-01", "first day, YYYY-MM-DD (default 2017-01-01, or earlier when the days would run past today)")
	ceasefire := fs.String("ceasefire", "", "day the ceasefire starts (default: the agreement's effective date)")
	effect := fs.Float64("effect", sim.DefaultEffect, "rate ratio of violence inside zones after the ceasefire (1: no effect)")
	baseRate := fs.Float64("base-rate", sim.DefaultBaseRate, "mean events per zone per day before the ceasefire")
	outsideRate := fs.Float64("outside-rate", sim.DefaultOutsideRate, "mean events per day outside all zones")
	excluded := fs.Float64("excluded-share", sim.DefaultExcludedShare, "share of in-zone events fought against excluded groups (no violations)")
	hidden := fs.Float64("hidden", 0, "share of those reported only as \"Syrian insurgents\" (0: every excluded group is named)")
	rows := fs.Int64("rows", 0, "stop after this many events (0: no limit), for benchmarks that need an exact size")
	file := fs.String("agreement", "", "agreement file whose zones to use (default: the bundled Astana 2017 agreement)")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	if *days < 1 {
		return usagef("--days must be at least 1")
	}
	if *rows < 0 {
		return usagef("--rows must not be negative")
	}
	var a *truce.Agreement
	var err error
	if *file != "" {
		a, err = agreement.Load(*file, agreement.Options{})
	} else {
		a, err = bundledAgreement()
	}
	if err != nil {
		return err
	}
	cfg := sim.DefaultConfig(*seed, a.Zones)
	cfg.Days, cfg.Effect, cfg.Ceasefire = *days, *effect, a.Effective
	cfg.BaseRate, cfg.OutsideRate, cfg.ExcludedShare, cfg.Hidden = *baseRate, *outsideRate, *excluded, *hidden
	cfg.Limit = *rows
	if cfg.Start, err = parseDateFlag("start", *start); err != nil {
		return err
	}
	// Imports refuse events after tomorrow, so the simulation ends by
	// today: by default it starts earlier when it must.
	startSet := false
	fs.Visit(func(f *flag.Flag) { startSet = startSet || f.Name == "start" })
	today := time.Now().UTC().Truncate(24 * time.Hour)
	if last := cfg.Start.AddDate(0, 0, *days-1); last.After(today) {
		if startSet {
			return usagef("--start %s with --days %d runs to %s, past today: imports refuse events in the future", *start, *days, last.Format(truce.DateLayout))
		}
		cfg.Start = today.AddDate(0, 0, -(*days - 1))
	}
	if *ceasefire != "" {
		if cfg.Ceasefire, err = parseDateFlag("ceasefire", *ceasefire); err != nil {
			return err
		}
	}
	var w io.Writer = m.Stdout
	var f *os.File
	if *out != "-" {
		if f, err = os.Create(*out); err != nil {
			return truce.Errorf(truce.EINVALID, "cannot create %s: %v", *out, err)
		}
		defer f.Close()
		w = f
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	n, err := sim.WriteUCDP(bw, cfg)
	if err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	if f != nil {
		if err := f.Close(); err != nil {
			return err
		}
		fmt.Fprintf(m.Stderr, "wrote %d simulated events over %d days (seed %d) to %s\n", n, *days, *seed, *out)
	}
	if cfg.Hidden > 0 {
		fmt.Fprintf(m.Stderr, "inside the zones, %.1f %% of the events naming \"Syrian insurgents\" were fought against an excluded group (sim_excluded)\n",
			100*sim.AggregateExcludedShare(cfg))
	}
	return nil
}
