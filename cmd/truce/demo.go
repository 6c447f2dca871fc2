package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/agreement"
	"github.com/truce-monitor/truce/agreements"
	"github.com/truce-monitor/truce/app"
	"github.com/truce-monitor/truce/ingest"
	"github.com/truce-monitor/truce/sim"
)

// demoDB is the store the demo uses unless --db names another, so trying
// the demo never touches a user's truce.db.
const demoDB = "truce-demo.db"

// bundledAgreement parses the Astana 2017 agreement shipped in the binary.
func bundledAgreement() (*truce.Agreement, error) {
	return agreements.Load(agreements.Astana2017File, agreement.Options{})
}

func (m *Main) runDemo(ctx context.Context, args []string) error {
	dbSet := m.DBPath != NewMain().DBPath
	fs := m.newFlags("demo", "demo [--db PATH] [--days N] [--seed N] [--ucdp FILE]\n\nLoads the bundled Astana 2017 agreement and a seeded simulated conflict into an embedded store\n(./truce-demo.db unless --db is given), then shows what it loaded. Running it again adds nothing.")
	days := fs.Int("days", 365, "days of simulated conflict, from 2017-01-01")
	seed := fs.Uint64("seed", 7, "simulator seed")
	ucdpFile := fs.String("ucdp", "", "also import this UCDP GED CSV (e.g. ../shared/data/ucdp/ged_syria_2016-2019_ged191.csv)")
	serve := fs.String("serve", "127.0.0.1:8080", "then serve the dashboard and API here, readable without a token, until interrupted (\"\": don't serve)")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "db" {
			dbSet = true
		}
	})
	if !dbSet {
		m.DBPath = demoDB
	}
	if *days < 1 || *days > 3650 {
		return usagef("--days must be between 1 and 3650")
	}
	a, err := bundledAgreement()
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "Truce demo: embedded store %s\n\n", m.DBPath)
	db, err := m.openDB(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := m.loadAgreement(ctx, db, a); err != nil {
		return err
	}
	_, placer, err := m.activePlacer(ctx, db)
	if err != nil {
		return err
	}

	cfg := sim.DefaultConfig(*seed, a.Zones)
	cfg.Days, cfg.Ceasefire = *days, a.Effective
	var reports []*truce.Report
	if err := sim.Reports(cfg, func(r *truce.Report) error {
		c := *r
		reports = append(reports, &c)
		return nil
	}); err != nil {
		return err
	}
	sum, err := importReports(ctx, db, a, placer, &sliceReader{reports: reports}, "sim", fmt.Sprintf("simulated-seed-%d-days-%d", *seed, *days), 0, nil)
	if err != nil {
		return err
	}
	m.printSummary("simulated, seed "+fmt.Sprint(*seed), fmt.Sprintf("%d days from %s", *days, cfg.Start.Format(truce.DateLayout)), sum)

	if *ucdpFile != "" {
		f, err := os.Open(*ucdpFile)
		if err != nil {
			return truce.Errorf(truce.EINVALID, "cannot open %s: %v", *ucdpFile, err)
		}
		defer f.Close()
		open, _ := readerFor("ucdp", "")
		rd, err := open(bufio.NewReaderSize(f, 1<<16), *ucdpFile)
		if err != nil {
			return err
		}
		sum, err := importReports(ctx, db, a, placer, rd, "ucdp", filepath.Base(*ucdpFile), 0, nil)
		if err != nil {
			return err
		}
		m.printSummary("ucdp", *ucdpFile, sum)
	}
	fmt.Fprintln(m.Stdout)
	if err := m.runZones(ctx, []string{"--db", m.DBPath}); err != nil {
		return err
	}
	fmt.Fprintln(m.Stdout)
	if err := m.runAdjudicate(ctx, []string{"--db", m.DBPath}); err != nil {
		return err
	}
	// A day after the ceasefire, inside the simulated span.
	day := cfg.Start.AddDate(0, 0, *days-1)
	if cut := a.Effective.AddDate(0, 0, 40); cut.Before(day) {
		day = cut
	}
	fmt.Fprintln(m.Stdout)
	if err := m.runStatus(ctx, []string{"--db", m.DBPath, "--date", day.Format(truce.DateLayout)}); err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "\nThese incidents are SIMULATED (source sim), to show how Truce works; see the README for real data.\nNext:\n")
	for _, c := range []string{
		"incidents --zone idlib --from 2017-05-06 --to 2017-06-30 --type airstrike",
		"why sim:42",
		"trend --zone idlib --before 90d --after 90d",
		"bulletin --date " + day.Format(truce.DateLayout) + " --format html > bulletin.html",
		`claims check --text "The ceasefire is holding in all zones" --date ` + day.Format(truce.DateLayout) + ` --speaker "A spokesman"`,
		"incidents --format geojson > incidents.geojson",
	} {
		fmt.Fprintf(m.Stdout, "  truce --db %s %s\n", m.DBPath, c)
	}
	if *serve == "" {
		return nil
	}
	fmt.Fprintln(m.Stdout)
	toks, err := m.demoTokens(ctx, db)
	if err != nil {
		return err
	}
	db.Close()
	// The tokens are printed once the server listens, after its start-up
	// lines: the last thing before the request log, not scrolled away.
	m.serving = func(addr string) {
		if len(toks) == 0 {
			return
		}
		fmt.Fprintf(m.Stdout, "\nSign in at http://%s/signin with one of these tokens (shown once; the public record is readable without one):\n", addr)
		for _, t := range toks {
			fmt.Fprintf(m.Stdout, "  %-8s %s\n", t[0], t[1])
		}
		fmt.Fprintf(m.Stdout, "Paste one into the form's \"Access token\" field (the admin may do everything; the monitor submits reports).\nRequests are logged on stderr below; Ctrl-C stops the server.\n")
	}
	defer func() { m.serving = nil }()
	return m.runServe(ctx, []string{"--db", m.DBPath, "--addr", *serve, "--public"})
}

// demoTokens creates an admin and a monitor token for the demo's dashboard
// (fresh ones each run, since secrets are shown only once) and returns
// them as [role, secret] pairs, to be printed when the server listens.
func (m *Main) demoTokens(ctx context.Context, db Store) ([][2]string, error) {
	as, ok := db.(app.Store)
	if !ok {
		return nil, nil
	}
	svc := app.New(as)
	list, err := as.Tokens(ctx)
	if err != nil {
		return nil, err
	}
	var out [][2]string
	for _, role := range []truce.Role{truce.RoleAdmin, truce.RoleMonitor} {
		_, secret, err := svc.CreateToken(ctx, app.CLI, app.NewToken{Name: fmt.Sprintf("demo-%s-%d", role, len(list)+1), Role: role})
		if err != nil {
			return nil, err
		}
		out = append(out, [2]string{string(role), secret})
	}
	return out, nil
}

// sliceReader serves reports already in memory as an ingest.Reader.
type sliceReader struct {
	reports []*truce.Report
	i       int
}

func (s *sliceReader) Next() (*truce.Report, error) {
	if s.i >= len(s.reports) {
		return nil, io.EOF
	}
	s.i++
	return s.reports[s.i-1], nil
}

var _ ingest.Reader = (*sliceReader)(nil)
