package main

import (
	"context"

	"github.com/truce-monitor/truce/bulletin"
)

func (m *Main) runBulletin(ctx context.Context, args []string) error {
	fs := m.newFlags("bulletin", "bulletin [--db PATH] --date YYYY-MM-DD [--format md|html] [--zone ID] [--top N] [--days N]\n\nThe daily bulletin, in the manner of monitoring missions' daily reports: per zone the status on\n--date over the agreement's rolling window, the window's violations and undetermined incidents by\nevent type and severity, the change against the previous window, the most serious incidents of the\nday (or of the window, if the day had none) with their sources, and a daily chart. Markdown, or one\nself-contained HTML page (inline CSS and SVG, nothing fetched): `truce bulletin --date D --format html > b.html`.\nReads the verdicts of the last `truce adjudicate`; every number says how to reproduce it.")
	date := fs.String("date", "", "the bulletin's day, YYYY-MM-DD (required)")
	format := fs.String("format", "md", "md or html")
	zone := fs.String("zone", "", "only this zone")
	top := fs.Int("top", 5, "most serious incidents listed per zone")
	days := fs.Int("days", 30, "days in each zone's chart, ending on --date")
	agreementID := fs.String("agreement", "", "agreement ID (default: the active agreement)")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	if *date == "" {
		return usagef("bulletin needs --date YYYY-MM-DD")
	}
	day, err := parseDateFlag("date", *date)
	if err != nil {
		return err
	}
	if *format != "md" && *format != "html" {
		return usagef("--format must be md or html, not %q", *format)
	}
	if *top < 1 || *top > 100 {
		return usagef("--top %d: want 1 to 100", *top)
	}
	if *days < 1 || *days > 366 {
		return usagef("--days %d: want 1 to 366", *days)
	}
	db, err := m.openJudgeStore(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	a, version, err := activeVersion(ctx, db, *agreementID)
	if err != nil {
		return err
	}
	b, err := bulletin.Build(ctx, db, a, version, day, bulletin.Options{TopIncidents: *top, SeriesDays: *days, Zone: *zone})
	if err != nil {
		return err
	}
	if *format == "html" {
		return bulletin.WriteHTML(m.Stdout, b)
	}
	return bulletin.WriteMarkdown(m.Stdout, b)
}
