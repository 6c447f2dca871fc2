package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/paulmach/orb"
	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/agreement"
	"github.com/truce-monitor/truce/app"
	"github.com/truce-monitor/truce/postgres"
	"github.com/truce-monitor/truce/sqlite"
)

// Store is what the commands need of a store; the embedded SQLite store
// and, for teams, PostgreSQL implement it.
type Store interface {
	truce.AgreementService
	truce.IncidentService
	truce.BoundaryService
	Close() error
}

// openDB opens the store --db names: a postgres:// URL, or a SQLite file.
// Opening a SQLite file creates it, so only the commands that put data in
// (command.creates) may open one that does not exist: for the others a
// mistyped --db would silently read a new, empty store.
func (m *Main) openDB(ctx context.Context) (Store, error) {
	if isPostgres(m.DBPath) {
		if m.readOnly {
			return postgres.OpenReadOnly(ctx, m.DBPath)
		}
		return postgres.Open(ctx, m.DBPath)
	}
	if !m.createsStore {
		if err := storeExists(m.DBPath); err != nil {
			return nil, err
		}
	}
	return sqlite.Open(ctx, m.DBPath)
}

// storeExists fails, naming path and how to make a store, when there is no
// SQLite file at path. Other errors are left to opening it, which says more.
func storeExists(path string) error {
	if path == "" {
		return nil
	}
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return truce.Errorf(truce.ENOTFOUND, "no store at %s (check --db or $TRUCE_DB); create one with `truce agreement load FILE`, `truce import SOURCE FILE` or `truce demo`", path)
	}
	return nil
}

func (m *Main) runAgreement(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return usagef("agreement needs a subcommand: load FILE, list, use ID")
	}
	switch args[0] {
	case "load":
		fs := m.newFlags("agreement load", "agreement load [--db PATH] FILE\n\nLoads an agreement file (YAML or JSON), makes it the active agreement and places every stored incident in its zones.")
		pos, err := parseFlags(fs, args[1:])
		if err != nil {
			return err
		}
		if len(pos) != 1 {
			return usagef("agreement load takes one FILE")
		}
		db, err := m.openDB(ctx)
		if err != nil {
			return err
		}
		defer db.Close()
		units, err := db.AdminUnits(ctx)
		if err != nil {
			return err
		}
		a, err := agreement.Load(pos[0], agreement.Options{AdminUnits: unitResolver(units)})
		if err != nil && len(units) == 0 && strings.Contains(err.Error(), "admin unit") {
			return truce.Errorf(truce.EINVALID, "%s\n(no admin boundaries are stored: run `truce boundaries load --adm1 FILE --adm2 FILE` first)", truce.ErrorMessage(err))
		}
		if err != nil {
			return err
		}
		return m.loadAgreement(ctx, db, a)
	case "list":
		fs := m.newFlags("agreement list", "agreement list [--db PATH]")
		if _, err := parseFlags(fs, args[1:]); err != nil {
			return err
		}
		db, err := m.openDB(ctx)
		if err != nil {
			return err
		}
		defer db.Close()
		list, err := db.Agreements(ctx)
		if err != nil {
			return err
		}
		if len(list) == 0 {
			fmt.Fprintln(m.Stdout, "no agreements loaded: run `truce agreement load FILE`")
			return nil
		}
		tw := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ACTIVE\tID\tVERSION\tZONES\tLOADED\tTITLE")
		for _, a := range list {
			mark := ""
			if a.Active {
				mark = "*"
			}
			fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%s\t%s\n", mark, a.ID, a.Version, a.Zones, a.LoadedAt.Format("2006-01-02 15:04"), a.Title)
		}
		return tw.Flush()
	case "use":
		fs := m.newFlags("agreement use", "agreement use [--db PATH] ID")
		pos, err := parseFlags(fs, args[1:])
		if err != nil {
			return err
		}
		if len(pos) != 1 {
			return usagef("agreement use takes one ID")
		}
		db, err := m.openDB(ctx)
		if err != nil {
			return err
		}
		defer db.Close()
		svc, err := appFor(db)
		if err != nil {
			return err
		}
		a, placed, err := svc.UseAgreement(ctx, app.CLI, pos[0])
		if err != nil {
			return err
		}
		m.printPlaced(a.ID, placed)
		return nil
	default:
		return usagef("unknown agreement subcommand %q: want load, list or use", args[0])
	}
}

// loadAgreement stores a, makes it active and re-places stored incidents,
// with its log entry, in one transaction.
func (m *Main) loadAgreement(ctx context.Context, db Store, a *truce.Agreement) error {
	svc, err := appFor(db)
	if err != nil {
		return err
	}
	v, placed, err := svc.LoadAgreement(ctx, app.CLI, a)
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "loaded agreement %s (version %d): %q, %d zones, %d parties, %d guarantors, %d excluded groups, %d prohibited acts; now active\n",
		a.ID, v, a.Title, len(a.Zones), len(a.Parties), len(a.Guarantors), len(a.Excluded), len(a.Prohibited))
	m.printPlaced(a.ID, placed)
	return nil
}

// printPlaced says how many stored incidents placing them in an
// agreement's zones put in or near a zone.
func (m *Main) printPlaced(agreementID string, placed int) {
	fmt.Fprintf(m.Stdout, "placed stored incidents in the zones of %s: %d incidents in or near a zone\n", agreementID, placed)
}

// appFor returns the use cases over db, which must keep the log.
func appFor(db Store) (*app.Service, error) {
	as, ok := db.(app.Store)
	if !ok {
		return nil, truce.Errorf(truce.EINTERNAL, "this store cannot keep the log")
	}
	return app.New(as), nil
}

// unitResolver lets agreement files name zones by admin unit code.
func unitResolver(units []truce.AdminUnit) func(string) (orb.MultiPolygon, bool) {
	byCode := make(map[string]orb.MultiPolygon, len(units))
	for _, u := range units {
		byCode[u.Code] = u.Geometry
	}
	return func(code string) (orb.MultiPolygon, bool) {
		g, ok := byCode[code]
		return g, ok
	}
}
