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
	// createsStore lets the command create the store --db names when it
	// does not exist; see command.creates.
	createsStore bool
	// readOnly opens a PostgreSQL store without migrating it or writing to
	// it (serve --read-only, on a hot standby).
	readOnly bool
	// serving, when set, is called by serve once it listens, after its
	// start-up lines and before any request: the demo prints its tokens
	// there, so that they are the last thing said before the request log.
	serving func(addr string)
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

// Run runs the command line args and returns the process exit code.
func (m *Main) Run(ctx context.Context, args []string) int {
	global := flag.NewFlagSet("truce", flag.ContinueOnError)
	// The flag package would print errors and the whole help to stderr;
	// Run says both itself, help to stdout when it was asked for.
	global.SetOutput(io.Discard)
	global.Usage = func() {}
	global.StringVar(&m.DBPath, "db", m.DBPath, "the embedded store")
	cpuProfile := global.String("cpuprofile", "", "write a CPU profile to this file (for performance reports)")
	memProfile := global.String("memprofile", "", "write a heap profile to this file when the command ends (for performance reports)")
	if err := global.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(m.Stdout, usageText())
			return exitOK
		}
		fmt.Fprintf(m.Stderr, "truce: %v%s\nRun 'truce --help' for usage.\n", err, suggestFlag(global, err))
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
		fmt.Fprint(m.Stderr, usageText())
		return exitUsage
	}
	if args[0] == "help" {
		if len(args) == 1 {
			fmt.Fprint(m.Stdout, usageText())
			return exitOK
		}
		// "help CMD" is "CMD --help", so each command's help has one source.
		args = append(args[1:len(args):len(args)], "--help")
	}
	c, groupHelp, err := lookup(args)
	if err != nil {
		return m.exit(err)
	}
	if groupHelp {
		m.printGroupHelp(args[0])
		return exitOK
	}
	if c.run == nil { // "help help"
		fmt.Fprint(m.Stdout, usageText())
		return exitOK
	}
	m.createsStore = c.creates
	return m.exit(c.run(m, ctx, args[1:]))
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
	var help *helpRequest
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &help):
		help.fs.SetOutput(m.Stdout)
		help.fs.Usage()
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
	fs.StringVar(&m.DBPath, "db", m.DBPath, "the embedded store")
	// parseFlags reports errors itself, naming the command; the usage is
	// printed (to stdout) only when asked for, see helpRequest.
	fs.SetOutput(io.Discard)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: truce %s\n\nFlags:\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// helpRequest is what parseFlags returns for -h or --help: m.exit prints
// the flag set's usage to standard output and exits 0, since help that was
// asked for is output, not an error ("truce import --help | less").
type helpRequest struct{ fs *flag.FlagSet }

func (h *helpRequest) Error() string        { return flag.ErrHelp.Error() }
func (h *helpRequest) Is(target error) bool { return target == flag.ErrHelp }

// parseFlags parses args, allowing flags after positional arguments
// ("truce import ucdp FILE --strict"), which the flag package alone stops at.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, &helpRequest{fs: fs}
			}
			name := strings.TrimPrefix(fs.Name(), "truce ")
			return nil, usagef("%s: %v%s\nRun 'truce %s --help' for its flags.", name, err, suggestFlag(fs, err), name)
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// suggestFlag suggests a defined flag when err is the flag package's
// complaint about an undefined one.
func suggestFlag(fs *flag.FlagSet, err error) string {
	name, ok := strings.CutPrefix(err.Error(), "flag provided but not defined: ")
	if !ok {
		return ""
	}
	name = strings.TrimLeft(name, "-")
	var names []string
	fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
	if c, ok := nearest(name, names); ok {
		return " (did you mean --" + c + "?)"
	}
	return ""
}
