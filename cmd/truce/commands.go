package main

import (
	"context"
	"fmt"
	"strings"
)

// command is one line of the top-level help and what runs it. The table
// below is both the help and the dispatcher, so a command cannot be
// reachable yet missing from the help, or listed yet unreachable.
type command struct {
	name    string // the words after "truce": "zones", "agreement load"
	args    string // its arguments as the help shows them: "FILE"
	summary string // one line; "\n" starts an indented continuation line
	// run gets the arguments after the first word of name, so a group's
	// function ("agreement") still sees its subcommand ("load", …).
	run func(m *Main, ctx context.Context, args []string) error
	// creates says the command puts data in (incidents, an agreement,
	// boundaries, a token for a server yet to be fed) and may therefore
	// create the store when --db names no file. Every other command refuses
	// a missing store, so a mistyped --db fails instead of reading an empty
	// new one; those that write derived data (adjudicate, corroborate,
	// claims check) need stored incidents anyway.
	creates bool
}

// commands lists every command in the order the help shows them.
var commands = []command{
	{name: "demo", summary: "load the bundled Astana 2017 agreement and a simulated year into a fresh store", run: (*Main).runDemo, creates: true},
	{name: "agreement load", args: "FILE", summary: "load (or update) an agreement file and make it active", run: (*Main).runAgreement, creates: true},
	{name: "agreement list", summary: "list loaded agreements", run: (*Main).runAgreement},
	{name: "agreement use", args: "ID", summary: "make a loaded agreement the active one", run: (*Main).runAgreement},
	{name: "import", args: "SOURCE FILE", summary: "import incidents; SOURCE is ucdp, acled, geojson or csv", run: (*Main).runImport, creates: true},
	{name: "import acled-deletions", args: "FILE", summary: "withdraw the events ACLED lists as deleted (kept, but left out of queries)", run: (*Main).runImport, creates: true},
	{name: "import news", args: "PATH...", summary: "read news articles and statements into claims and check them", run: (*Main).runImport, creates: true},
	{name: "import counts", args: "FILE", summary: "import daily counts of violations each side reported (CSV: reporter,day,count)", run: (*Main).runImport, creates: true},
	{name: "boundaries load", summary: "store admin boundaries (--adm1/--adm2 GeoJSON) for precision-aware placement", run: (*Main).runBoundaries, creates: true},
	{name: "boundaries list", summary: "list stored admin units", run: (*Main).runBoundaries},
	{name: "zones", summary: "zones of the active agreement with incident counts", run: (*Main).runZones},
	{name: "incidents", summary: "list incidents (filters: --zone --from --to --type --source --verdict --severity\n--corroborated-by; --format table|csv|json|geojson)", run: (*Main).runIncidents},
	{name: "corroborate", summary: "group incidents of different sources that describe one event", run: (*Main).runCorroborate},
	{name: "corroborate split", args: "INCIDENT", summary: "take an incident out of its group, for good", run: (*Main).runCorroborate},
	{name: "corroborate merge", args: "INC INC", summary: "join two incidents' groups whatever the windows say", run: (*Main).runCorroborate},
	{name: "adjudicate", summary: "judge every incident against the active agreement (idempotent)", run: (*Main).runAdjudicate},
	{name: "why", args: "INCIDENT", summary: "the rule trace behind an incident's verdict", run: (*Main).runWhy},
	{name: "status", args: "--date D", summary: "per zone: holding, strained, breached, collapsed or no-coverage, and why", run: (*Main).runStatus},
	{name: "trend", args: "--zone ID", summary: "rates before/after a date: rate ratio with 95% interval, verdict, time series", run: (*Main).runTrend},
	{name: "claims check", summary: "check a statement (\"holding in all zones\", \"significant decline\") against the\nevidence, and store it", run: (*Main).runClaims},
	{name: "claims list", summary: "list stored claims and their verdicts", run: (*Main).runClaims},
	{name: "claims show", args: "ID", summary: "one claim with the numbers and incidents behind its verdict", run: (*Main).runClaims},
	{name: "reporters", summary: "compare the sides' reported counts with each other and with the incidents\n(--from --to --province; --format table|json|csv)", run: (*Main).runReporters},
	{name: "bulletin", args: "--date D", summary: "daily bulletin: per zone status, counts, changes, most serious incidents, chart\n(--format md|html)", run: (*Main).runBulletin},
	{name: "serve", summary: "the API (/api/v1: reads, monitors' submissions, the log), OGC API Features (/ogc),\nthe dashboard (/), health probes and metrics", run: (*Main).runServe},
	{name: "token create", summary: "an API token with role admin, analyst, monitor or viewer; its secret is shown once", run: (*Main).runToken, creates: true},
	{name: "token list", summary: "list API tokens (never their secrets)", run: (*Main).runToken},
	{name: "token revoke", args: "NAME", summary: "revoke an API token", run: (*Main).runToken},
	{name: "log verify", summary: "recompute the tamper-evident log and check it against its signed heads", run: (*Main).runLog},
	{name: "log head", summary: "sign (if it grew) and print the log's head", run: (*Main).runLog},
	{name: "log checkpoint", summary: "the log's head as a checkpoint (a C2SP signed note) to keep elsewhere", run: (*Main).runLog},
	{name: "log key", summary: "the public key that verifies the log's heads", run: (*Main).runLog},
	{name: "log entries", summary: "print the log's entries", run: (*Main).runLog},
	{name: "webhook add", summary: "add a receiver of signed alerts (zone status changes, grave violations)", run: (*Main).runWebhook, creates: true},
	{name: "webhook list", summary: "list alert receivers", run: (*Main).runWebhook},
	{name: "webhook remove", args: "ID", summary: "remove an alert receiver", run: (*Main).runWebhook},
	{name: "alerts", summary: "latest alerts and their deliveries (--deliver attempts due ones)", run: (*Main).runAlerts},
	{name: "simulate", summary: "write a seeded synthetic conflict as a UCDP-shaped CSV", run: (*Main).runSimulate},
	{name: "version", summary: "print the version", run: func(m *Main, _ context.Context, _ []string) error {
		fmt.Fprintln(m.Stdout, "truce", version)
		return nil
	}},
	{name: "help", args: "[COMMAND]", summary: "this help, or a command's (same as COMMAND --help)"},
}

// usageText is the top-level help, built from commands.
func usageText() string {
	var b strings.Builder
	b.WriteString(`truce: ceasefire monitoring — agreements, zones and incidents, checkable.

Usage:
  truce [--db PATH] COMMAND [flags] [args]

Commands:
`)
	writeCommands(&b, commands)
	b.WriteString(`
Global flags:
  --db PATH            the embedded store (default ./truce.db, or $TRUCE_DB), or a postgres:// URL
  --cpuprofile FILE    write a CPU profile (for performance reports)
  --memprofile FILE    write a heap profile when the command ends (for performance reports)

Run 'truce COMMAND --help' (or 'truce help COMMAND') for a command's flags.
`)
	return b.String()
}

// helpColumn is where summaries start; longer names put theirs on the next line.
const helpColumn = 23

func writeCommands(b *strings.Builder, cmds []command) {
	for _, c := range cmds {
		head := "  " + c.name
		if c.args != "" {
			head += " " + c.args
		}
		lines := strings.Split(c.summary, "\n")
		if len(head) >= helpColumn-1 {
			b.WriteString(head + "\n")
			head = ""
		}
		for i, l := range lines {
			if i > 0 {
				head = ""
			}
			fmt.Fprintf(b, "%-*s%s\n", helpColumn, head, l)
		}
	}
}

// group returns the commands whose name starts with word, and whether word
// names a command of its own (as "import" and "corroborate" do besides their
// subcommands).
func group(word string) (subs []command, self *command) {
	for i, c := range commands {
		first, _, _ := strings.Cut(c.name, " ")
		if first != word {
			continue
		}
		if c.name == word {
			self = &commands[i]
		} else {
			subs = append(subs, c)
		}
	}
	return subs, self
}

// lookup finds the command args name: its table entry, or a usage error
// that lists what there is and suggests the nearest name. help is set when
// args ask for the help of a group rather than run one of its commands.
func lookup(args []string) (c *command, help bool, err error) {
	word := args[0]
	subs, self := group(word)
	if len(subs) == 0 && self == nil {
		return nil, false, usagef("unknown command %q%s\nRun 'truce --help' for the list of commands.", word, suggest(word, firstWords()))
	}
	if len(subs) == 0 {
		return self, false, nil
	}
	next := ""
	if len(args) > 1 {
		next = args[1]
	}
	for i, s := range subs {
		if s.name == word+" "+next {
			return &subs[i], false, nil
		}
	}
	if self != nil {
		// "import ucdp FILE": the next word is an argument, not a
		// subcommand; and the command's own --help covers its group.
		return self, false, nil
	}
	if next == "-h" || next == "--help" || next == "-help" || next == "help" {
		return nil, true, nil
	}
	names := make([]string, len(subs))
	for i, s := range subs {
		names[i] = strings.TrimPrefix(s.name, word+" ")
	}
	if next == "" || strings.HasPrefix(next, "-") {
		return nil, false, usagef("%s needs a subcommand: %s\nRun 'truce %s --help' for what each does.", word, strings.Join(names, ", "), word)
	}
	return nil, false, usagef("unknown %s subcommand %q%s: want %s", word, next, suggest(next, names), strings.Join(names, ", "))
}

// firstWords returns the distinct first words of the commands.
func firstWords() []string {
	var out []string
	seen := map[string]bool{}
	for _, c := range commands {
		w, _, _ := strings.Cut(c.name, " ")
		if !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}

// printGroupHelp prints a group's commands, for "truce agreement --help".
func (m *Main) printGroupHelp(word string) {
	subs, self := group(word)
	var b strings.Builder
	fmt.Fprintf(&b, "Usage: truce %s SUBCOMMAND [flags] [args]\n\nSubcommands:\n", word)
	if self != nil {
		subs = append([]command{*self}, subs...)
	}
	writeCommands(&b, subs)
	fmt.Fprintf(&b, "\nRun 'truce %s SUBCOMMAND --help' for its flags.\n", word)
	fmt.Fprint(m.Stdout, b.String())
}

// suggest returns ` (did you mean "x"?)` for the candidate nearest to s, or
// "" when none is near enough to be a likely typo.
func suggest(s string, candidates []string) string {
	if c, ok := nearest(s, candidates); ok {
		return fmt.Sprintf(" (did you mean %q?)", c)
	}
	return ""
}

// nearest returns the candidate nearest to s by edit distance, if it is
// near enough to be a likely typo.
func nearest(s string, candidates []string) (string, bool) {
	best, bestD := "", -1
	for _, c := range candidates {
		d := editDistance(strings.ToLower(s), strings.ToLower(c))
		if bestD < 0 || d < bestD || (d == bestD && c < best) {
			best, bestD = c, d
		}
	}
	// A third of the word may be wrong: "incidnets" (2 of 9) is a typo,
	// "zap" for "zones" (3 of 3) is not.
	if bestD < 0 || bestD > max(1, len([]rune(s))/3) {
		return "", false
	}
	return best, true
}

// editDistance is the Damerau (optimal string alignment) distance between a
// and b: insertions, deletions, substitutions and swaps of neighbours each
// cost one, since swapped letters are the commonest typo.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}
