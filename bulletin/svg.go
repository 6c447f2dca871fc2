package bulletin

import (
	"fmt"
	"html"
	"strconv"
	"strings"

	"github.com/truce-monitor/truce"
)

// Chart geometry, in SVG user units. The chart is small enough to sit
// beside a zone's counts on a printed page.
const (
	chartW, chartH = 320, 80
	plotL, plotR   = 30.0, 314.0 // the bars' horizontal extent; the left margin holds the value labels
	plotT, plotB   = 8.0, 62.0   // the tallest bar's top and the baseline
	dateY          = 76.0        // the date labels' baseline

	// Colours: violations dark, the uncertain rest (probable, possible) a
	// light tint of the same hue, so the stack reads in greyscale print too.
	colourViolation = "#b2182b"
	colourUncertain = "#f4a582"
	colourInk       = "#333333"
)

// ChartSVG draws a zone's daily series as a bar chart of violations with
// the incidents that may be violations (probable, possible) stacked on them
// in a lighter colour, labelled with
// the first and last day and the largest daily total. id prefixes the
// element ids that tie the chart to its title and description, so it must
// be unique in the page. The output is deterministic (fixed-precision
// numbers, no map iteration) so that golden files stay stable, and is
// well-formed XML. It carries no xmlns attribute: HTML parsers place an
// inline <svg> in the SVG namespace themselves, and the page is meant to
// hold no URL at all.
func ChartSVG(id, title string, days []DayCount) string {
	id = safeID(id)
	maxTotal, totalV, totalU := 0, 0, 0
	for _, d := range days {
		maxTotal = max(maxTotal, d.Violations+d.Uncertain)
		totalV += d.Violations
		totalU += d.Uncertain
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" width="%d" height="%d" viewBox="0 0 %d %d" role="img" aria-labelledby="%s-title %s-desc" font-family="sans-serif" font-size="9">`,
		chartW, chartH, chartW, chartH, id, id)
	fmt.Fprintf(&b, "\n<title id=\"%s-title\">%s</title>", id, esc(title))
	desc := "No days to show."
	if len(days) > 0 {
		first, last := days[0].Day.Format(truce.DateLayout), days[len(days)-1].Day.Format(truce.DateLayout)
		desc = fmt.Sprintf("Bars per day from %s to %s: violations in dark red, probable and possible violations stacked above them in light orange. "+
			"Totals: %s, %d probable or possible; at most %d in one day.", first, last, plural(totalV, "violation"), totalU, maxTotal)
	}
	fmt.Fprintf(&b, "\n<desc id=\"%s-desc\">%s</desc>", id, esc(desc))
	fmt.Fprintf(&b, "\n<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"%s\" stroke-width=\"1\"/>", num(plotL), num(plotB), num(plotR), num(plotB), colourInk)
	// Value labels on the left: zero at the baseline, the maximum at the top.
	fmt.Fprintf(&b, "\n<text x=\"%s\" y=\"%s\" text-anchor=\"end\" fill=\"%s\">0</text>", num(plotL-4), num(plotB+3), colourInk)
	if maxTotal > 0 {
		fmt.Fprintf(&b, "\n<text x=\"%s\" y=\"%s\" text-anchor=\"end\" fill=\"%s\">%d</text>", num(plotL-4), num(plotT+3), colourInk, maxTotal)
		fmt.Fprintf(&b, "\n<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"%s\" stroke-width=\"0.5\" stroke-dasharray=\"2 2\"/>",
			num(plotL-2), num(plotT), num(plotR), num(plotT), colourInk)
	}
	if n := len(days); n > 0 {
		slot := (plotR - plotL) / float64(n)
		barW := slot * 0.8
		scale := 0.0
		if maxTotal > 0 {
			scale = (plotB - plotT) / float64(maxTotal)
		}
		for i, d := range days {
			if d.Violations+d.Uncertain == 0 {
				continue
			}
			x := plotL + float64(i)*slot + (slot-barW)/2
			hv, hu := float64(d.Violations)*scale, float64(d.Uncertain)*scale
			fmt.Fprintf(&b, "\n<g><title>%s: %s, %d probable or possible</title>", d.Day.Format(truce.DateLayout), plural(d.Violations, "violation"), d.Uncertain)
			if d.Violations > 0 {
				fmt.Fprintf(&b, `<rect x="%s" y="%s" width="%s" height="%s" fill="%s"/>`, num(x), num(plotB-hv), num(barW), num(hv), colourViolation)
			}
			if d.Uncertain > 0 {
				fmt.Fprintf(&b, `<rect x="%s" y="%s" width="%s" height="%s" fill="%s"/>`, num(x), num(plotB-hv-hu), num(barW), num(hu), colourUncertain)
			}
			b.WriteString("</g>")
		}
		// Ticks and labels at the centres of the first and last day's slots.
		x0, x1 := plotL+slot/2, plotR-slot/2
		for _, t := range []struct {
			x      float64
			anchor string
			day    DayCount
		}{{x0, "start", days[0]}, {x1, "end", days[n-1]}} {
			lx := t.x - slot/2
			if t.anchor == "end" {
				lx = t.x + slot/2
			}
			fmt.Fprintf(&b, "\n<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"%s\" stroke-width=\"1\"/>", num(t.x), num(plotB), num(t.x), num(plotB+3), colourInk)
			fmt.Fprintf(&b, "\n<text x=\"%s\" y=\"%s\" text-anchor=\"%s\" fill=\"%s\">%s</text>", num(lx), num(dateY), t.anchor, colourInk, t.day.Day.Format(truce.DateLayout))
		}
	}
	if maxTotal == 0 {
		fmt.Fprintf(&b, "\n<text x=\"%s\" y=\"%s\" text-anchor=\"middle\" fill=\"%s\">no violations or probable or possible ones</text>",
			num((plotL+plotR)/2), num((plotT+plotB)/2+3), colourInk)
	}
	b.WriteString("\n</svg>")
	return b.String()
}

// plural writes a count with its noun, singular for one.
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

// num formats a coordinate with one decimal, the same on every platform.
func num(x float64) string { return strconv.FormatFloat(x, 'f', 1, 64) }

// esc escapes text for XML and HTML alike.
func esc(s string) string { return html.EscapeString(s) }

// safeID keeps the characters an XML id and a CSS selector both accept.
func safeID(s string) string {
	var b strings.Builder
	b.WriteString("z-")
	for _, r := range s {
		switch {
		case 'a' <= r && r <= 'z', 'A' <= r && r <= 'Z', '0' <= r && r <= '9', r == '-', r == '_':
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	return b.String()
}

// sparkLevels are the block characters of a text sparkline, lowest first.
var sparkLevels = []rune("▁▂▃▄▅▆▇█")

// Sparkline draws the daily totals (violations plus undetermined) as one
// block character per day, scaled to the largest total, for Markdown, where
// viewers show inline SVG unreliably. A day with none is a middle dot, so
// that "nothing" never reads as "a little".
func Sparkline(days []DayCount) string {
	top := 0
	for _, d := range days {
		top = max(top, d.Violations+d.Uncertain)
	}
	var b strings.Builder
	for _, d := range days {
		v := d.Violations + d.Uncertain
		if v == 0 {
			b.WriteRune('·')
			continue
		}
		// ceil(v/top × levels) − 1, in integers: the largest day gets the
		// full block, any day with one incident at least the lowest.
		i := (v*len(sparkLevels)+top-1)/top - 1
		b.WriteRune(sparkLevels[min(max(i, 0), len(sparkLevels)-1)])
	}
	return b.String()
}
