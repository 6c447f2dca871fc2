// Command truce is Truce's command-line interface: it wires the store, the
// agreement parser, the importers, placement and the simulator into
// subcommands. Main holds everything a subcommand needs so tests can run the
// whole program in-process.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/pprof"
	"strings"
	"syscall"

	"github.com/truce-monitor/truce"
)

// Exit codes.
const (
	exitOK    = 0
	exitError = 1 // the command failed
	exitUsage = 2 // the command line was wrong
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	m := NewMain()
	os.Exit(m.Run(ctx, os.Args[1:]))
}

// Main is the program: its streams and defaults, replaceable by tests.
type Main struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	// IsTerminal says whether Stderr is a terminal, to decide on a progress bar.
	IsTerminal bool
	// DBPath is the store used when --db is not given.
	DBPath string
	// LogKey is the log's signing key file; "" picks the default (see
	// logKeyPath).
	LogKey string
}

// NewMain returns a Main wired to the process's streams.
func NewMain() *Main {
	m := &Main{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, DBPath: "truce.db"}
	if fi, err := os.Stderr.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
		m.IsTerminal = true
	}
	if p := os.Getenv("TRUCE_DB"); p != "" {
		m.DBPath = p
	}
	return m
}

const usage = `truce: ceasefire monitoring — agreements, zones and incidents, checkable.

Usage:
  truce [--db PATH] COMMAND [flags] [args]

Commands:
  demo                 load the bundled Astana 2017 agreement and a simulated year into a fresh store
  agreement load FILE  load (or update) an agreement file and make it active
  agreement list       list loaded agreements
  agreement use ID     make a loaded agreement the active one
  import SOURCE FILE   import incidents; SOURCE is ucdp, acled, geojson or csv
  boundaries load      store admin boundaries (--adm1/--adm2 GeoJSON) for precision-aware placement
  boundaries list      list stored admin units
  zones                zones of the active agreement with incident counts
  incidents            list incidents (filters: --zone --from --to --type --source --corroborated-by; --format table|csv|json|geojson)
  corroborate          group incidents of different sources that describe one event (split|merge: analyst overrides)
  adjudicate           judge every incident against the active agreement (idempotent)
  why INCIDENT         the rule trace behind an incident's verdict
  status --date D      per zone: holding, strained, breached, collapsed or no-coverage, and why
  trend --zone ID      rates before/after a date: rate ratio with 95% interval, verdict, time series
  claims check|list|show
                       check a statement ("holding in all zones", "significant decline") against the evidence; stored
  bulletin --date D    daily bulletin: per zone status, counts, changes, most serious incidents, chart (--format md|html)
  serve                the API (/api/v1: reads, monitors' submissions, the log), OGC API Features (/ogc),
                       the dashboard (/), health probes and metrics
  token create|list|revoke
                       API tokens with roles admin, analyst, monitor, viewer; secrets shown once, stored hashed
  log verify|head|key|entries
                       the tamper-evident log: recompute and check it, sign and print its head, its public key
  webhook add|list|remove
                       receivers of signed alerts (zone status changes, grave violations)
  alerts               latest alerts and their deliveries (--deliver attempts due ones)
  simulate             write a seeded synthetic conflict as a UCDP-shaped CSV
  version              print the version

Global flags:
  --db PATH            the embedded store (default ./truce.db, or $TRUCE_DB)
  --cpuprofile FILE    write a CPU profile (for performance reports)
  --memprofile FILE    write a heap profile when the command ends (for performance reports)

Run 'truce COMMAND --help' for a command's flags.
`

// Run runs the command line args and returns the process exit code.
func (m *Main) Run(ctx context.Context, args []string) int {
	global := flag.NewFlagSet("truce", flag.ContinueOnError)
	global.SetOutput(m.Stderr)
	global.Usage = func() { fmt.Fprint(m.Stderr, usage) }
	global.StringVar(&m.DBPath, "db", m.DBPath, "the embedded store")
	cpuProfile := global.String("cpuprofile", "", "write a CPU profile to this file (for performance reports)")
	memProfile := global.String("memprofile", "", "write a heap profile to this file when the command ends (for performance reports)")
	if err := global.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			fmt.Fprintf(m.Stderr, "truce: --cpuprofile: %v\n", err)
			return exitUsage
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintf(m.Stderr, "truce: --cpuprofile: %v\n", err)
			return exitError
		}
		defer pprof.StopCPUProfile()
	}
	if *memProfile != "" {
		f, err := os.Create(*memProfile)
		if err != nil {
			fmt.Fprintf(m.Stderr, "truce: --memprofile: %v\n", err)
			return exitUsage
		}
		defer f.Close()
		// Without a collection first, the profile's in-use figures are those
		// of the last cycle the command ran, close to its working set.
		defer func() {
			if err := pprof.Lookup("heap").WriteTo(f, 0); err != nil {
				fmt.Fprintf(m.Stderr, "truce: --memprofile: %v\n", err)
			}
		}()
	}
	args = global.Args()
	if len(args) == 0 {
		fmt.Fprint(m.Stderr, usage)
		return exitUsage
	}
	cmd, rest := args[0], args[1:]
	var err error
	switch cmd {
	case "demo":
		err = m.runDemo(ctx, rest)
	case "agreement":
		err = m.runAgreement(ctx, rest)
	case "import":
		err = m.runImport(ctx, rest)
	case "boundaries":
		err = m.runBoundaries(ctx, rest)
	case "zones":
		err = m.runZones(ctx, rest)
	case "corroborate":
		err = m.runCorroborate(ctx, rest)
	case "adjudicate":
		err = m.runAdjudicate(ctx, rest)
	case "why":
		err = m.runWhy(ctx, rest)
	case "status":
		err = m.runStatus(ctx, rest)
	case "trend":
		err = m.runTrend(ctx, rest)
	case "bulletin":
		err = m.runBulletin(ctx, rest)
	case "claims":
		err = m.runClaims(ctx, rest)
	case "serve":
		err = m.runServe(ctx, rest)
	case "token":
		err = m.runToken(ctx, rest)
	case "log":
		err = m.runLog(ctx, rest)
	case "webhook":
		err = m.runWebhook(ctx, rest)
	case "alerts":
		err = m.runAlerts(ctx, rest)
	case "incidents":
		err = m.runIncidents(ctx, rest)
	case "simulate":
		err = m.runSimulate(ctx, rest)
	case "version":
		fmt.Fprintln(m.Stdout, "truce", version)
	case "help", "-h", "--help":
		fmt.Fprint(m.Stdout, usage)
	default:
		fmt.Fprintf(m.Stderr, "truce: unknown command %q\n\n%s", cmd, usage)
		return exitUsage
	}
	return m.exit(err)
}

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

// usageError marks a wrong command line, for exit code 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

func (m *Main) exit(err error) int {
	var ue *usageError
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, flag.ErrHelp):
		return exitOK
	case errors.As(err, &ue):
		fmt.Fprintf(m.Stderr, "truce: %s\n", ue.msg)
		return exitUsage
	case errors.Is(err, context.Canceled):
		fmt.Fprintln(m.Stderr, "truce: interrupted")
		return exitError
	case truce.ErrorCode(err) == truce.EINTERNAL:
		// Internal errors keep their detail on the CLI: the user running it
		// is the operator, and needs it to report a bug.
		fmt.Fprintf(m.Stderr, "truce: %v\n", err)
		return exitError
	default:
		msg := truce.ErrorMessage(err)
		fmt.Fprintf(m.Stderr, "truce: %s\n", strings.TrimPrefix(msg, "truce: "))
		return exitError
	}
}

// newFlags returns a subcommand's flag set that also accepts --db, so the
// store can be named before or after the command.
func (m *Main) newFlags(name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet("truce "+name, flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	fs.StringVar(&m.DBPath, "db", m.DBPath, "the embedded store")
	fs.Usage = func() {
		fmt.Fprintf(m.Stderr, "Usage: truce %s\n\nFlags:\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses args, allowing flags after positional arguments
// ("truce import ucdp FILE --strict"), which the flag package alone stops at.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, usagef("%v", err)
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}
