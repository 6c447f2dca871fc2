package bulletin

import (
	"fmt"
	htmltemplate "html/template"
	"io"
	"strconv"
	"strings"
	texttemplate "text/template"
	"time"

	"github.com/truce-monitor/truce"
)

// funcs are shared by both templates; they return plain strings, which
// html/template escapes and text/template leaves alone.
var funcs = map[string]any{
	"date": func(t time.Time) string {
		if t.IsZero() {
			return "-"
		}
		return t.Format(truce.DateLayout)
	},
	"thousands": thousands,
	"sides": func(i Incident) string {
		switch {
		case i.SideA == "" && i.SideB == "":
			return "unknown"
		case i.SideB == "":
			return i.SideA
		}
		return orDash(i.SideA) + " vs " + i.SideB
	},
	"verdict": func(v truce.Verdict) string { return strings.ReplaceAll(string(v), "_", " ") },
	"prob":    func(i Incident) string { return i.P.Decimals() },
	"f1":      func(x float64) string { return strconv.FormatFloat(x, 'f', 1, 64) },
	"severity": func(i Incident) string {
		switch {
		case i.Severity == "":
			return "-"
		case i.Verdict != truce.Violation:
			return i.Severity + " if a violation"
		}
		return i.Severity
	},
	"sources": func(i Incident) string { return clip(dedupe(i.Sources), 100) },
	"deaths": func(i Incident) string {
		if i.Civilians > 0 {
			return strconv.Itoa(i.Deaths) + " (" + plural(i.Civilians, "civilian") + ")"
		}
		return strconv.Itoa(i.Deaths)
	},
	"place": func(i Incident) string {
		p := orDash(i.Place)
		if i.Placement != "" && i.Placement != truce.Inside {
			p += " (" + string(i.Placement) + ")"
		}
		return p
	},
	"cell":      mdCell,
	"spark":     Sparkline,
	"seriesMax": seriesMax,
	"numbers": func(days []DayCount, violations bool) string {
		s := make([]string, len(days))
		for i, d := range days {
			n := d.Uncertain
			if violations {
				n = d.Violations
			}
			s[i] = strconv.Itoa(n)
		}
		return strings.Join(s, " ")
	},
	// statusParts splits a status into its badges: one, or two for a range,
	// so the HTML colours both ends and never the best case alone.
	"statusParts": func(z Zone) []statusPart {
		if !z.InForce {
			return []statusPart{{"not-in-force", "not in force"}}
		}
		if truce.StatusRank(z.Status) == 0 {
			return []statusPart{{string(z.Status), string(z.Status)}}
		}
		parts := []statusPart{{string(z.Status), fmt.Sprintf("%s %.0f %%", z.Status, z.Probability*100)}}
		if z.Best != z.Worst {
			parts = append(parts, statusPart{"range", fmt.Sprintf("%s to %s", z.Best, z.Worst)})
		}
		return parts
	},
	"changesFrom": func(b *Bulletin) time.Time { return b.Date.AddDate(0, 0, -b.WindowDays) },
}

type statusPart struct{ Class, Text string }

func seriesMax(days []DayCount) int {
	m := 0
	for _, d := range days {
		m = max(m, d.Violations+d.Uncertain)
	}
	return m
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// dedupe drops repeated names from a source list: UCDP repeats the office
// once per article ("SOHR;SOHR").
func dedupe(s string) string {
	if s == "" {
		return "-"
	}
	var out []string
	seen := map[string]bool{}
	for _, p := range strings.Split(s, ";") {
		p = strings.TrimSpace(p)
		if p != "" && !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	return strings.Join(out, "; ")
}

// mdCell makes text safe inside a Markdown table cell.
func mdCell(s string) string {
	s = strings.ReplaceAll(s, "\n", " ")
	return strings.ReplaceAll(s, "|", `\|`)
}

func thousands(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if neg {
		s = "-" + s
	}
	return s
}

var mdTemplate = texttemplate.Must(texttemplate.New("md").Funcs(funcs).Parse(mdText))

var htmlTemplate = htmltemplate.Must(htmltemplate.New("html").Funcs(funcs).Funcs(htmltemplate.FuncMap{
	// The chart is built by ChartSVG, which escapes every text it writes.
	"chart": func(z Zone) htmltemplate.HTML {
		return htmltemplate.HTML(ChartSVG(z.ID, "Daily violations and probable or possible ones in "+z.Name, z.Series))
	},
}).Parse(htmlText))

// WriteMarkdown renders b as Markdown. Charts are text sparklines with the
// numbers beside them, since Markdown viewers show inline SVG unreliably.
func WriteMarkdown(w io.Writer, b *Bulletin) error { return mdTemplate.Execute(w, b) }

// WriteHTML renders b as one self-contained HTML page: inline CSS and SVG,
// no script, no external reference, readable on paper.
func WriteHTML(w io.Writer, b *Bulletin) error { return htmlTemplate.Execute(w, b) }

const mdText = `# Daily bulletin, {{date .Date}}: {{.AgreementTitle}}

Agreement ` + "`{{.AgreementID}}`" + ` version {{.Version}}. Each zone is graded over a rolling window of {{.WindowDays}} days
({{date .WindowFrom}} to {{date .Date}}) from the verdicts of the last ` + "`truce adjudicate`" + `, and compared with the
{{.WindowDays}} days before.

Generated from: {{.GeneratedFrom}}

## Summary

| Zone | Status | Expected violations (90 % interval) | Certain | Events | Deaths | Civilian deaths | Previous window, expected | Reports, {{.CoverageDays}} days |
|---|---|--:|--:|--:|--:|--:|--:|--:|
{{range .Zones}}| {{cell .ID}} | {{.StatusText}} | {{f1 .Expected.Mean}} ({{.Expected.Low}}–{{.Expected.High}}) | {{.Definite.Violations}} | {{.Events.Events}} | {{.Events.Deaths}} | {{.Events.CivilianDeaths}} | {{f1 .PrevExpected.Mean}} | {{.Reports}} |
{{end}}
Status: the most likely over the window, with its probability; "A to B" is the outer range with the presence data and
imprecise locations at their ends. Expected violations add up each incident's probability of being a violation; certain
ones need no assumption. Events, deaths and civilian deaths count everything reported, violation or not.
{{$b := .}}{{range .Zones}}
## {{.ID}}: {{.Name}}

**Status: {{.StatusText}}.** {{.Reason}}.

In the window: {{f1 .Expected.Mean}} expected violations (90 % interval {{.Expected.Low}}–{{.Expected.High}}, {{.Expected.OuterLow}}–{{.Expected.OuterHigh}} with the
presence ranges), {{.Definite.Violations}} certain ({{.Definite.Grave}} grave; {{.Definite.Deaths}} deaths, {{.Definite.CivilianDeaths}} civilians); {{.Events.Events}} events
in all ({{.Events.Deaths}} deaths, {{.Events.CivilianDeaths}} civilians, {{.Events.AirStrikes}} air strikes{{.Events.ApproximateText}}); {{.Reports}} incidents of any verdict reported from the zone in the last {{$b.CoverageDays}} days.
{{if .Changes}}
Notable changes:
{{range .Changes}}
- {{.}}{{end}}
{{end}}{{if .ByType}}
| Event type | Violations | Probable or possible | Expected | Deaths |
|---|--:|--:|--:|--:|
{{range .ByType}}| {{cell .Key}} | {{.Violations}} | {{.Uncertain}} | {{f1 .Expected}} | {{.Deaths}} |
{{end}}
| Severity | Violations | Probable or possible (if violations) | Expected | Deaths |
|---|--:|--:|--:|--:|
{{range .BySeverity}}| {{cell .Key}} | {{.Violations}} | {{.Uncertain}} | {{f1 .Expected}} | {{.Deaths}} |
{{end}}{{else}}
No incident in the window may be a violation.
{{end}}
Daily violations + probable or possible ones, {{date $b.SeriesFrom}} to {{date $b.Date}} (` + "`·`" + ` none; highest {{seriesMax .Series}}):

    {{spark .Series}}
    violations:           {{numbers .Series true}}
    probable or possible: {{numbers .Series false}}
{{if .Incidents}}
Most serious incidents {{if eq .IncidentsScope "day"}}of {{date $b.Date}}{{else}}of the window, {{date .IncidentsFrom}} to {{date $b.Date}} (none on {{date $b.Date}}){{end}}: {{len .Incidents}} of {{.Candidates}}, likeliest violations first, then by severity and deaths.

| Date | Place | Type | Sides | Deaths | Verdict | P(violation) | Severity | Rests on | Sources | Trace |
|---|---|---|---|--:|---|---|---|---|---|---|
{{range .Incidents}}| {{date .Date}} | {{cell (place .)}} | {{cell .Type}} | {{cell (sides .)}} | {{deaths .}} | {{verdict .Verdict}} | {{prob .}} | {{severity .}} | {{cell .Why}} | {{cell (sources .)}} | ` + "`truce why {{.Ref}}`" + ` |
{{end}}{{else}}
No incident in the window may be a violation.
{{end}}
Check: ` + "`truce status --date {{date $b.Date}} --zone {{.ID}} --from {{date (changesFrom $b)}} --to {{date $b.Date}}`" + `;
` + "`truce incidents --zone {{.ID}} --placement inside,buffer,uncertain --from {{date $b.WindowFrom}} --to {{date $b.Date}}`" + `.
{{end}}
## How to check these numbers

- ` + "`truce status --date {{date .Date}}`" + ` prints every zone's status, window counts, previous window and reports.
- ` + "`truce status --date {{date .Date}} --zone ZONE --from {{date (changesFrom .)}} --to {{date .Date}}`" + ` lists the status changes.
- ` + "`truce incidents --zone ZONE --placement inside,buffer,uncertain --from {{date .WindowFrom}} --to {{date .Date}}`" + ` lists the incidents behind the counts.
- ` + "`truce why SOURCE:KEY`" + ` gives the rule trace behind one incident's verdict.

## Limits of the data
{{range .Limits}}
- {{.}}{{end}}
`

const htmlText = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Daily bulletin {{date .Date}}: {{.AgreementID}}</title>
<style>
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: #1a1a1a; background: #fff;
  max-width: 72rem; margin: 1.5rem auto; padding: 0 1rem; line-height: 1.45; font-size: 15px; }
h1 { font-size: 1.5rem; margin-bottom: .25rem; }
h2 { font-size: 1.2rem; border-bottom: 1px solid #ccc; padding-bottom: .2rem; margin-top: 2rem; }
.meta { color: #444; margin: .2rem 0; }
table { border-collapse: collapse; margin: .6rem 0; font-size: .9rem; }
caption { text-align: left; font-weight: 600; padding: .2rem 0; }
th, td { border: 1px solid #ccc; padding: .25rem .45rem; vertical-align: top; text-align: left; }
th { background: #f2f2f2; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
.status { display: inline-block; padding: .05rem .45rem; border-radius: .25rem; border: 1px solid #888; font-weight: 600; white-space: nowrap; }
.holding { background: #e3f1e3; border-color: #5a9a5a; }
.strained { background: #fff4cc; border-color: #c9a400; }
.breached { background: #fddcc4; border-color: #d66a1f; }
.collapsed { background: #f6c6c6; border-color: #b2182b; }
.no-coverage, .not-in-force, .ended { background: #e6e6e6; border-color: #777; }
.range { background: #fff; border-style: dashed; font-weight: 400; }
.zone { page-break-inside: avoid; break-inside: avoid; }
.grid { display: flex; flex-wrap: wrap; gap: 1.5rem; align-items: flex-start; }
.chart { display: block; margin: .4rem 0; }
figure { margin: 0; }
h3 { font-size: 1rem; margin: .4rem 0; }
td.why { min-width: 14rem; }
table.incidents { width: 100%; }
td.date { white-space: nowrap; }
.legend { font-size: .8rem; color: #444; }
.swatch { display: inline-block; width: .8em; height: .8em; vertical-align: -.1em; border: 1px solid #555; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .85em; background: #f4f4f4; padding: 0 .2em; }
.incidents td { max-width: 18rem; }
footer { margin-top: 2rem; font-size: .9rem; }
@media print {
  body { max-width: none; margin: 0; font-size: 10pt; }
  h2 { margin-top: 1rem; }
  .zone { page-break-inside: avoid; }
  th { background: #eee !important; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .status, .chart, .swatch { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
</style>
</head>
<body>
<header>
<h1>Daily bulletin, {{date .Date}}: {{.AgreementTitle}}</h1>
<p class="meta">Agreement <code>{{.AgreementID}}</code> version {{.Version}}. Each zone is graded over a rolling window of {{.WindowDays}} days
({{date .WindowFrom}} to {{date .Date}}) from the verdicts of the last <code>truce adjudicate</code>, and compared with the {{.WindowDays}} days before.</p>
<p class="meta">Generated from: {{.GeneratedFrom}}</p>
</header>
<main>
<section aria-labelledby="summary">
<h2 id="summary">Summary</h2>
<table>
<caption>Zones on {{date .Date}}, window of {{.WindowDays}} days</caption>
<thead><tr><th scope="col">Zone</th><th scope="col">Status</th><th scope="col" class="n">Expected violations (90 % interval)</th><th scope="col" class="n">Certain</th><th scope="col" class="n">Events</th><th scope="col" class="n">Deaths</th><th scope="col" class="n">Civilian deaths</th><th scope="col" class="n">Previous window, expected</th><th scope="col" class="n">Reports, {{.CoverageDays}} days</th></tr></thead>
<tbody>
{{range .Zones}}<tr><th scope="row"><a href="#{{.ID}}">{{.ID}}</a></th><td>{{template "status" .}}</td><td class="n">{{f1 .Expected.Mean}} ({{.Expected.Low}}–{{.Expected.High}})</td><td class="n">{{.Definite.Violations}}</td><td class="n">{{.Events.Events}}</td><td class="n">{{.Events.Deaths}}</td><td class="n">{{.Events.CivilianDeaths}}</td><td class="n">{{f1 .PrevExpected.Mean}}</td><td class="n">{{.Reports}}</td></tr>
{{end}}</tbody>
</table>
<p>Status: the most likely over the window, with its probability; “A to B” is the outer range with the presence data and imprecise locations at their ends.
Expected violations add up each incident's probability of being a violation; certain ones need no assumption. Events, deaths and civilian deaths count everything reported, violation or not.</p>
</section>
{{$b := .}}{{range .Zones}}
<section class="zone" id="{{.ID}}" aria-labelledby="{{.ID}}-h">
<h2 id="{{.ID}}-h">{{.ID}}: {{.Name}}</h2>
<p>{{template "status" .}} {{.Reason}}.</p>
<p>In the window: {{f1 .Expected.Mean}} expected violations (90 % interval {{.Expected.Low}}–{{.Expected.High}}, {{.Expected.OuterLow}}–{{.Expected.OuterHigh}} with the presence ranges), {{.Definite.Violations}} certain ({{.Definite.Grave}} grave; {{.Definite.Deaths}} deaths, {{.Definite.CivilianDeaths}} civilians);
{{.Events.Events}} events in all ({{.Events.Deaths}} deaths, {{.Events.CivilianDeaths}} civilians, {{.Events.AirStrikes}} air strikes{{.Events.ApproximateText}}); {{.Reports}} incidents of any verdict reported from the zone in the last {{$b.CoverageDays}} days.</p>
<div class="grid">
<figure>
{{chart .}}
<figcaption class="legend"><span class="swatch" style="background:#b2182b"></span> violations <span class="swatch" style="background:#f4a582"></span> probable or possible, per day, {{date $b.SeriesFrom}} to {{date $b.Date}}; highest {{seriesMax .Series}}</figcaption>
</figure>
{{if .Changes}}<div>
<h3>Notable changes</h3>
<ul>
{{range .Changes}}<li>{{.}}</li>
{{end}}</ul>
</div>{{end}}
</div>
{{if .ByType}}<div class="grid">
<table>
<caption>By event type, {{date $b.WindowFrom}} to {{date $b.Date}}</caption>
<thead><tr><th scope="col">Event type</th><th scope="col" class="n">Violations</th><th scope="col" class="n">Probable or possible</th><th scope="col" class="n">Expected</th><th scope="col" class="n">Deaths</th></tr></thead>
<tbody>
{{range .ByType}}<tr><th scope="row">{{.Key}}</th><td class="n">{{.Violations}}</td><td class="n">{{.Uncertain}}</td><td class="n">{{f1 .Expected}}</td><td class="n">{{.Deaths}}</td></tr>
{{end}}</tbody>
</table>
<table>
<caption>By severity</caption>
<thead><tr><th scope="col">Severity</th><th scope="col" class="n">Violations</th><th scope="col" class="n">Probable or possible (if violations)</th><th scope="col" class="n">Expected</th><th scope="col" class="n">Deaths</th></tr></thead>
<tbody>
{{range .BySeverity}}<tr><th scope="row">{{.Key}}</th><td class="n">{{.Violations}}</td><td class="n">{{.Uncertain}}</td><td class="n">{{f1 .Expected}}</td><td class="n">{{.Deaths}}</td></tr>
{{end}}</tbody>
</table>
</div>{{else}}<p>No incident in the window may be a violation.</p>{{end}}
{{if .Incidents}}<table class="incidents">
<caption>Most serious incidents {{if eq .IncidentsScope "day"}}of {{date $b.Date}}{{else}}of the window, {{date .IncidentsFrom}} to {{date $b.Date}} (none on {{date $b.Date}}){{end}}: {{len .Incidents}} of {{.Candidates}}, likeliest violations first, then by severity and deaths</caption>
<thead><tr><th scope="col">Date</th><th scope="col">Place</th><th scope="col">Type</th><th scope="col">Sides</th><th scope="col" class="n">Deaths</th><th scope="col">Verdict</th><th scope="col">P(violation)</th><th scope="col">Severity</th><th scope="col">Rests on</th><th scope="col">Sources</th><th scope="col">Trace</th></tr></thead>
<tbody>
{{range .Incidents}}<tr><td class="date">{{date .Date}}</td><td>{{place .}}</td><td>{{.Type}}</td><td>{{sides .}}</td><td class="n">{{deaths .}}</td><td>{{verdict .Verdict}}</td><td>{{prob .}}</td><td>{{severity .}}</td><td class="why">{{.Why}}</td><td>{{sources .}}</td><td><code>truce why {{.Ref}}</code></td></tr>
{{end}}</tbody>
</table>{{end}}
<p class="meta">Check: <code>truce status --date {{date $b.Date}} --zone {{.ID}} --from {{date (changesFrom $b)}} --to {{date $b.Date}}</code>;
<code>truce incidents --zone {{.ID}} --placement inside,buffer,uncertain --from {{date $b.WindowFrom}} --to {{date $b.Date}}</code>.</p>
</section>
{{end}}
</main>
<footer>
<section aria-labelledby="check">
<h2 id="check">How to check these numbers</h2>
<ul>
<li><code>truce status --date {{date .Date}}</code> prints every zone's status, window counts, previous window and reports.</li>
<li><code>truce status --date {{date .Date}} --zone ZONE --from {{date (changesFrom .)}} --to {{date .Date}}</code> lists the status changes.</li>
<li><code>truce incidents --zone ZONE --placement inside,buffer,uncertain --from {{date .WindowFrom}} --to {{date .Date}}</code> lists the incidents behind the counts.</li>
<li><code>truce why SOURCE:KEY</code> gives the rule trace behind one incident's verdict.</li>
</ul>
</section>
<section aria-labelledby="limits">
<h2 id="limits">Limits of the data</h2>
<ul>
{{range .Limits}}<li>{{.}}</li>
{{end}}</ul>
</section>
</footer>
</body>
</html>
{{define "status"}}{{range $i, $p := statusParts .}}{{if $i}} {{end}}<span class="status {{$p.Class}}">{{$p.Text}}</span>{{end}}{{end}}`
