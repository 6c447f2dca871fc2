package main

import (
	"context"
	"fmt"
	"path/filepath"
	"text/tabwriter"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/app"
	"github.com/truce-monitor/truce/geo"
)

func (m *Main) runBoundaries(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return usagef("boundaries needs a subcommand: load or list")
	}
	switch args[0] {
	case "load":
		fs := m.newFlags("boundaries load", "boundaries load [--db PATH] [--adm1 FILE] [--adm2 FILE]\n\nStores administrative boundaries (GeoJSON in the shape of OCHA COD-AB: P-codes and English\nnames) and re-places stored incidents. Incidents located only to a district (UCDP where_prec 3)\nor governorate (4) are then placed by that unit; without boundaries, by a 30 or 80 km disc.")
		adm1 := fs.String("adm1", "", "governorates (ADM1) GeoJSON")
		adm2 := fs.String("adm2", "", "districts (ADM2) GeoJSON")
		pos, err := parseFlags(fs, args[1:])
		if err != nil {
			return err
		}
		if len(pos) > 0 || (*adm1 == "" && *adm2 == "") {
			return usagef("boundaries load takes --adm1 FILE and/or --adm2 FILE")
		}
		areas, err := geo.LoadAdminAreas(*adm1, *adm2)
		if err != nil {
			return truce.Errorf(truce.EINVALID, "%v", err)
		}
		var units []truce.AdminUnit
		for level := 1; level <= 2; level++ {
			units = append(units, areas.Units(level)...)
		}
		db, err := m.openDB(ctx)
		if err != nil {
			return err
		}
		defer db.Close()
		source := filepath.Base(*adm1)
		if *adm2 != "" {
			source = filepath.Base(*adm2)
			if *adm1 != "" {
				source = filepath.Base(*adm1) + ", " + source
			}
		}
		svc, err := appFor(db)
		if err != nil {
			return err
		}
		agreementID, placed, err := svc.LoadBoundaries(ctx, app.CLI, source, units)
		if err != nil {
			return err
		}
		fmt.Fprintf(m.Stdout, "loaded %d governorates and %d districts from %s\n", len(areas.Units(1)), len(areas.Units(2)), source)
		if agreementID != "" {
			m.printPlaced(agreementID, placed)
		}
		return nil
	case "list":
		fs := m.newFlags("boundaries list", "boundaries list [--db PATH]")
		if _, err := parseFlags(fs, args[1:]); err != nil {
			return err
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
		if len(units) == 0 {
			fmt.Fprintln(m.Stdout, "no boundaries loaded: run `truce boundaries load --adm1 FILE --adm2 FILE`")
			return nil
		}
		tw := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "LEVEL\tCODE\tNAME\tPARENT")
		for _, u := range units {
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\n", u.Level, u.Code, u.Name, u.Parent)
		}
		return tw.Flush()
	default:
		return usagef("unknown boundaries subcommand %q: want load or list", args[0])
	}
}
