package main

import (
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	nethttp "net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/alert"
	"github.com/truce-monitor/truce/app"
	"github.com/truce-monitor/truce/ledger"
	"github.com/truce-monitor/truce/tlog"
)

// TrustStore is a store that keeps tokens, the log, submissions and alerts:
// what `truce serve` and the trust commands need. Both stores are.
type TrustStore interface {
	JudgeStore
	truce.ClaimService
	truce.TokenService
	truce.LogService
	truce.SubmissionService
	truce.AlertService
	truce.CorroborationService
	truce.CountService
	truce.MapService
	truce.Transactor
}

func (m *Main) openTrustStore(ctx context.Context) (TrustStore, error) {
	return openStoreAs[TrustStore](ctx, m, "keep tokens, the log and alerts")
}

// AppStore is a store the use cases (package app) can write to, with its
// log: both stores are.
type AppStore interface {
	app.Store
	Close() error
}

// openApp opens the store --db names for the use cases that write.
func (m *Main) openApp(ctx context.Context) (*app.Service, AppStore, error) {
	db, err := openStoreAs[AppStore](ctx, m, "keep the log")
	if err != nil {
		return nil, nil, err
	}
	return app.New(db), db, nil
}

// logKeyPath is where the log's signing key lives: --log-key, $TRUCE_LOG_KEY,
// or by default in the user's configuration directory
// ($XDG_CONFIG_HOME/truce/keys/, ~/.config/truce/keys/ on Linux), one key
// per database, named after it. Not beside the database: whoever copies or
// seizes the database must not get the key that signs its heads too. A key
// made beside the SQLite file by earlier versions (FILE.logkey, or
// truce-log.key for PostgreSQL) is still used when it exists.
func (m *Main) logKeyPath() string {
	if m.LogKey != "" {
		return m.LogKey
	}
	if p := os.Getenv("TRUCE_LOG_KEY"); p != "" {
		return p
	}
	legacy := m.DBPath + ".logkey"
	name := filepath.Base(m.DBPath)
	if isPostgres(m.DBPath) {
		legacy, name = "truce-log.key", "postgres"
	}
	if _, err := os.Stat(legacy); err == nil {
		return legacy
	}
	dir, err := os.UserConfigDir()
	if err != nil {
		return legacy // no home to keep it in
	}
	// One key per database: named after the file, told apart by a digest
	// of its absolute path (or of the URL without its password).
	id := m.DBPath
	if abs, err := filepath.Abs(m.DBPath); err == nil && !isPostgres(m.DBPath) {
		id = abs
	} else if u, err := url.Parse(m.DBPath); err == nil && isPostgres(m.DBPath) {
		u.User = url.User(u.User.Username())
		id = u.String()
	}
	sum := sha256.Sum256([]byte(id))
	return filepath.Join(dir, "truce", "keys", fmt.Sprintf("%s-%x.key", strings.Map(func(r rune) rune {
		if r == '/' || r == '\\' || r == ':' {
			return '_'
		}
		return r
	}, name), sum[:6]))
}

func isPostgres(db string) bool {
	return strings.HasPrefix(db, "postgres://") || strings.HasPrefix(db, "postgresql://")
}

// openLedger opens the store and the log's signing key, for the commands
// that sign heads.
// The store first: a mistyped --db must fail before a signing key is
// made for a database that does not exist.
func (m *Main) openLedger(ctx context.Context) (*ledger.Ledger, TrustStore, error) {
	db, err := m.openTrustStore(ctx)
	if err != nil {
		return nil, nil, err
	}
	if m.readOnly {
		// A replica signs nothing and must not make a key of its own: it
		// uses the primary's key file when given one (to show the public key
		// and format checkpoints), and serves the stored heads either way.
		key, err := ledger.LoadKey(m.logKeyPath())
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			db.Close()
			return nil, nil, err
		}
		return ledger.NewReadOnly(db, key), db, nil
	}
	key, err := m.loadLogKey()
	if err != nil {
		db.Close()
		return nil, nil, err
	}
	return ledger.New(db, key), db, nil
}

func (m *Main) loadLogKey() (ed25519.PrivateKey, error) {
	key, created, err := ledger.LoadOrCreateKey(m.logKeyPath())
	if err != nil {
		return nil, err
	}
	if created {
		fmt.Fprintf(m.Stderr, "truce: created the log signing key %s (keep it safe and apart from the database; give guarantors the public key from `truce log key`)\n", m.logKeyPath())
	}
	return key, nil
}

func (m *Main) runToken(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return usagef("token needs a subcommand: create, list or revoke NAME")
	}
	switch args[0] {
	case "create":
		fs := m.newFlags("token create", "token create [--db PATH] --name NAME --role admin|analyst|monitor|viewer [--expires DAYS]\n\nCreates an API token and prints its secret once; only its hash is stored. The name appears in\nthe public log: name tokens by team or function, not by person.")
		name := fs.String("name", "", "a unique name, e.g. guarantor-ru-team-3 (required)")
		role := fs.String("role", "", "admin, analyst, monitor or viewer (required)")
		expires := fs.Int("expires", 0, "days until the token expires (0: never)")
		pos, err := parseFlags(fs, args[1:])
		if err != nil {
			return err
		}
		if len(pos) > 0 {
			return usagef("token create takes no arguments (got %q)", pos[0])
		}
		if !app.ValidTokenName(*name) {
			return usagef("--name %q: want 1 to 100 letters, digits and - _ . @ :", *name)
		}
		r, err := truce.ParseRole(*role)
		if err != nil {
			return usagef("--role: %s", truce.ErrorMessage(err))
		}
		if *expires < 0 || *expires > 3650 {
			return usagef("--expires %d: want 0 (never) to 3650 days", *expires)
		}
		svc, db, err := m.openApp(ctx)
		if err != nil {
			return err
		}
		defer db.Close()
		t, secret, err := svc.CreateToken(ctx, app.CLI, app.NewToken{Name: *name, Role: r, ExpiresInDays: *expires})
		if err != nil {
			return err
		}
		fmt.Fprintln(m.Stdout, secret)
		exp := "never expires"
		if !t.ExpiresAt.IsZero() {
			exp = "expires " + t.ExpiresAt.Format(time.RFC3339)
		}
		fmt.Fprintf(m.Stderr, "truce: token %q (role %s, %s) created; the line above is its secret, shown only now: send it as \"Authorization: Bearer <secret>\"\n", t.Name, t.Role, exp)
		return nil
	case "list":
		fs := m.newFlags("token list", "token list [--db PATH]\n\nLists tokens: name, role, created, expiry, revocation. Secrets are never shown.")
		if _, err := parseFlags(fs, args[1:]); err != nil {
			return err
		}
		db, err := m.openTrustStore(ctx)
		if err != nil {
			return err
		}
		defer db.Close()
		list, err := db.Tokens(ctx)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tNAME\tROLE\tCREATED\tEXPIRES\tREVOKED")
		for _, t := range list {
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", t.ID, t.Name, t.Role, stamp(t.CreatedAt), stamp(t.ExpiresAt), stamp(t.RevokedAt))
		}
		return tw.Flush()
	case "revoke":
		fs := m.newFlags("token revoke", "token revoke [--db PATH] NAME\n\nRevokes a token by name (or id). Servers stop accepting it within seconds.")
		pos, err := parseFlags(fs, args[1:])
		if err != nil {
			return err
		}
		if len(pos) != 1 {
			return usagef("token revoke takes one NAME")
		}
		svc, db, err := m.openApp(ctx)
		if err != nil {
			return err
		}
		defer db.Close()
		t, err := svc.RevokeToken(ctx, app.CLI, pos[0])
		if err != nil {
			return err
		}
		fmt.Fprintf(m.Stdout, "revoked token %q (role %s)\n", t.Name, t.Role)
		return nil
	}
	return usagef("token: unknown subcommand %q: want create, list or revoke", args[0])
}

func stamp(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format(time.RFC3339)
}

func (m *Main) runLog(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return usagef("log needs a subcommand: verify, head, checkpoint, key or entries")
	}
	switch args[0] {
	case "verify":
		fs := m.newFlags("log verify", "log verify [--db PATH] [--log-key FILE | --public-key BASE64] [--checkpoint FILE|URL]...\n\nRecomputes the tamper-evident log from its entries and checks it against every signed tree head\n(signatures, roots, sizes); replays it against the tables it vouches for (tokens, webhooks, evidence,\nreports, incidents, claims, reported counts, agreements, boundaries), and recomputes what is derived\nfrom them (memberships, verdicts, zone days). Exits 1 and names the first bad entry if anything\nwas edited, removed, inserted or reordered in the database.\nWith --checkpoint it also checks the log against checkpoints kept outside the database (`truce log\ncheckpoint`, GET /api/v1/log/checkpoint, or a published directory): what catches a log cut back,\nor rewritten and signed again, together with its stored heads.")
		fs.StringVar(&m.LogKey, "log-key", m.LogKey, "the log's signing key file (default: $XDG_CONFIG_HOME/truce/keys/, one per database, not beside it)")
		pubText := fs.String("public-key", "", "verify heads with this public key (as `truce log key` prints it) instead of the key file")
		var sources []string
		fs.Func("checkpoint", "a checkpoint held outside the database: a file, or an http(s) URL (repeatable)", func(s string) error {
			sources = append(sources, s)
			return nil
		})
		if _, err := parseFlags(fs, args[1:]); err != nil {
			return err
		}
		// The store first: a missing one is the likelier mistake, and
		// its message says how to make one.
		svc, db, err := m.openApp(ctx)
		if err != nil {
			return err
		}
		defer db.Close()
		var pub ed25519.PublicKey
		if *pubText != "" {
			if pub, err = ledger.ParsePublicKey(*pubText); err != nil {
				return usagef("--public-key: %s", truce.ErrorMessage(err))
			}
		} else {
			if _, err := os.Stat(m.logKeyPath()); err != nil {
				return truce.Errorf(truce.EINVALID, "no log key at %s: pass --log-key FILE or --public-key BASE64", m.logKeyPath())
			}
			key, err := m.loadLogKey()
			if err != nil {
				return err
			}
			pub = key.Public().(ed25519.PublicKey)
		}
		var held []ledger.Checkpoint
		for _, src := range sources {
			data, err := readCheckpoint(ctx, src)
			if err != nil {
				return err
			}
			cp, err := ledger.ParseCheckpoint(data, pub, src)
			if err != nil {
				return err
			}
			held = append(held, cp)
		}
		audit, err := svc.Verify(ctx, pub, held...)
		if err != nil {
			return err
		}
		res, recs, der := audit.Log, audit.Records, audit.Derived
		if audit.OK() {
			fmt.Fprintf(m.Stdout, "log OK: %d entries, %d signed heads; tokens, webhooks and evidence as logged (key %s)\n", res.Entries, res.Heads, ledger.KeyID(pub))
			fmt.Fprintf(m.Stdout, "records OK: %d reports, %d incidents, %d claims, %d reported counts and the agreements as their writes logged them\n", recs.Reports, recs.Incidents, recs.Claims, recs.Counts)
			if der.Version > 0 {
				fmt.Fprintf(m.Stdout, "derived OK: %d incidents placed, %d verdicts and %d zone-days of %s version %d recomputed and matching\n", der.Incidents, der.Judged, der.ZoneDays, der.AgreementID, der.Version)
			}
			if der.Note != "" {
				fmt.Fprintf(m.Stdout, "note: %s\n", der.Note)
			}
			if der.Drifted > 0 {
				fmt.Fprintf(m.Stdout, "note: %d verdicts of imprecisely located incidents drifted (within %.2f) since they were judged, as later incidents moved the activity model: `truce adjudicate` updates them\n", der.Drifted, 0.25)
			}
			if der.Unjudged > 0 {
				fmt.Fprintf(m.Stdout, "note: %d incidents are not judged yet: `truce adjudicate` judges them\n", der.Unjudged)
			}
			if recs.Unattributed > 0 {
				fmt.Fprintf(m.Stdout, "note: %d reports were stored before log entries named the reports they stored: their content is checked, not which write brought them\n", recs.Unattributed)
			}
			for _, cp := range held {
				fmt.Fprintf(m.Stdout, "consistent with the checkpoint from %s (%d entries)\n", cp.From, cp.Size)
			}
			if res.Unsigned > 0 {
				fmt.Fprintf(m.Stdout, "note: the last %d entries are not yet covered by a signed head: an edit of one together with its leaf hash would go unnoticed; `truce log head` signs them (truce serve does every 30 s)\n", res.Unsigned)
			}
			return nil
		}
		problems := audit.Problems()
		fmt.Fprintf(m.Stdout, "log BROKEN: %d entries, %d signed heads; %d problems\n", res.Entries, res.Heads, len(problems))
		for _, p := range problems {
			fmt.Fprintln(m.Stdout, "  "+p.Message)
		}
		if first := audit.FirstBad(); first >= 0 {
			return truce.Errorf(truce.ECONFLICT, "the log does not verify: the first bad entry is %d", first)
		}
		return truce.Errorf(truce.ECONFLICT, "the log does not verify")
	case "head", "checkpoint":
		help := "log head [--db PATH] [--log-key FILE]\n\nSigns (if the log grew) and prints the current signed tree head in its text form."
		if args[0] == "checkpoint" {
			help = "log checkpoint [--db PATH] [--log-key FILE]\n\nSigns (if the log grew) and prints the current head as a checkpoint: a C2SP signed note that\nwitnesses and transparency tools read. Keep it outside the database; `truce log verify --checkpoint`\nchecks the log against it later."
		}
		fs := m.newFlags("log "+args[0], help)
		fs.StringVar(&m.LogKey, "log-key", m.LogKey, "the log's signing key file (default: $XDG_CONFIG_HOME/truce/keys/, one per database, not beside it)")
		if _, err := parseFlags(fs, args[1:]); err != nil {
			return err
		}
		led, db, err := m.openLedger(ctx)
		if err != nil {
			return err
		}
		defer db.Close()
		var out []byte
		if args[0] == "checkpoint" {
			out, err = led.Checkpoint(ctx)
		} else {
			var sth tlog.SignedTreeHead
			if sth, err = led.Head(ctx); err == nil {
				out, err = sth.MarshalText()
			}
		}
		if err != nil {
			return err
		}
		_, err = m.Stdout.Write(out)
		return err
	case "key":
		fs := m.newFlags("log key", "log key [--db PATH] [--log-key FILE] [--note]\n\nPrints the public key that verifies the log's signed heads (base64), creating the key if needed.\nGive it to guarantors: with it they can check heads, proofs and `truce log verify --public-key`.\nWith --note, prints the signed-note verifier key that checkpoint tools and witnesses take.")
		fs.StringVar(&m.LogKey, "log-key", m.LogKey, "the log's signing key file (default: $XDG_CONFIG_HOME/truce/keys/, one per database, not beside it)")
		noteKey := fs.Bool("note", false, "print the signed-note verifier key (origin+hash+key) instead")
		if _, err := parseFlags(fs, args[1:]); err != nil {
			return err
		}
		// A new key is named after the database: not for one that does
		// not exist, which a mistyped --db would otherwise get.
		if _, err := os.Stat(m.logKeyPath()); err != nil && !isPostgres(m.DBPath) {
			if err := storeExists(m.DBPath); err != nil {
				return err
			}
		}
		key, err := m.loadLogKey()
		if err != nil {
			return err
		}
		pub := key.Public().(ed25519.PublicKey)
		if *noteKey {
			fmt.Fprintln(m.Stdout, ledger.VerifierKey(pub))
			return nil
		}
		fmt.Fprintf(m.Stdout, "%s\n", ledger.FormatPublicKey(pub))
		fmt.Fprintf(m.Stderr, "truce: key id %s, from %s\n", ledger.KeyID(pub), m.logKeyPath())
		return nil
	case "entries":
		fs := m.newFlags("log entries", "log entries [--db PATH] [--start N] [--limit N]\n\nPrints log entries: index, time, kind, actor and body.")
		start := fs.Int64("start", 0, "first index")
		limit := fs.Int64("limit", 50, "how many")
		if _, err := parseFlags(fs, args[1:]); err != nil {
			return err
		}
		db, err := m.openTrustStore(ctx)
		if err != nil {
			return err
		}
		defer db.Close()
		return db.LogEntries(ctx, *start, *start+*limit, func(e *truce.LogEntry) error {
			_, err := fmt.Fprintf(m.Stdout, "%d\t%s\t%s\t%s\t%s\n", e.Index, e.At.UTC().Format(time.RFC3339), e.Kind, e.Actor, e.Body)
			return err
		})
	}
	return usagef("log: unknown subcommand %q: want verify, head, checkpoint, key or entries", args[0])
}

// maxCheckpointBytes bounds a checkpoint read from a file or URL: a few
// lines and signatures.
const maxCheckpointBytes = 64 << 10

// readCheckpoint reads a checkpoint from a file or an http(s) URL.
func readCheckpoint(ctx context.Context, src string) ([]byte, error) {
	var r io.Reader
	if strings.HasPrefix(src, "http://") || strings.HasPrefix(src, "https://") {
		ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		req, err := nethttp.NewRequestWithContext(ctx, "GET", src, nil)
		if err != nil {
			return nil, usagef("--checkpoint %s: %v", src, err)
		}
		resp, err := nethttp.DefaultClient.Do(req)
		if err != nil {
			return nil, truce.Errorf(truce.EINVALID, "--checkpoint %s: %v", src, err)
		}
		defer resp.Body.Close()
		if resp.StatusCode != nethttp.StatusOK {
			return nil, truce.Errorf(truce.EINVALID, "--checkpoint %s: %s", src, resp.Status)
		}
		r = resp.Body
	} else {
		f, err := os.Open(src)
		if err != nil {
			return nil, truce.Errorf(truce.EINVALID, "--checkpoint: %v", err)
		}
		defer f.Close()
		r = f
	}
	data, err := io.ReadAll(io.LimitReader(r, maxCheckpointBytes+1))
	if err != nil {
		return nil, truce.Errorf(truce.EINVALID, "--checkpoint %s: %v", src, err)
	}
	if len(data) > maxCheckpointBytes {
		return nil, truce.Errorf(truce.EINVALID, "--checkpoint %s: over %d bytes: not a checkpoint", src, maxCheckpointBytes)
	}
	return data, nil
}

func (m *Main) runWebhook(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return usagef("webhook needs a subcommand: add, list or remove ID")
	}
	switch args[0] {
	case "add":
		fs := m.newFlags("webhook add", "webhook add [--db PATH] --url URL [--events status_change,grave_violation] [--secret S]\n\nRegisters a receiver of alerts. Each alert is POSTed as JSON with the header\nX-Truce-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, t + \".\" + body)>. Without --secret a\nrandom one is made and printed once.")
		u := fs.String("url", "", "the receiver's http(s) URL (required)")
		events := fs.String("events", "", "alert kinds, comma-separated (default: all)")
		secret := fs.String("secret", "", "the HMAC secret shared with the receiver, at least 16 characters (default: random)")
		allowPrivate := fs.Bool("allow-private", false, "allow a loopback, private or link-local address (the server must run with --allow-private-webhooks to deliver to it)")
		if _, err := parseFlags(fs, args[1:]); err != nil {
			return err
		}
		h := &truce.Webhook{URL: *u, Secret: *secret}
		if h.Secret == "" {
			h.Secret = app.NewWebhookSecret()
		}
		for _, e := range strings.Split(*events, ",") {
			if e = strings.TrimSpace(e); e != "" {
				h.Events = append(h.Events, e)
			}
		}
		if err := app.ValidateWebhook(h, *allowPrivate); err != nil {
			return usagef("%s", strings.TrimPrefix(err.Error(), "truce: "))
		}
		svc, db, err := m.openApp(ctx)
		if err != nil {
			return err
		}
		defer db.Close()
		svc.AllowPrivateWebhooks = *allowPrivate
		if err := svc.CreateWebhook(ctx, app.CLI, h); err != nil {
			return err
		}
		fmt.Fprintf(m.Stdout, "webhook %d: %s\nsecret: %s\n", h.ID, h.URL, h.Secret)
		return nil
	case "list":
		fs := m.newFlags("webhook list", "webhook list [--db PATH]\n\nLists webhooks with their delivery counts.")
		if _, err := parseFlags(fs, args[1:]); err != nil {
			return err
		}
		db, err := m.openTrustStore(ctx)
		if err != nil {
			return err
		}
		defer db.Close()
		list, err := db.Webhooks(ctx)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tURL\tEVENTS\tDELIVERED\tPENDING\tFAILED")
		for _, h := range list {
			ds, err := db.Deliveries(ctx, 0, h.ID)
			if err != nil {
				return err
			}
			n := map[string]int{}
			for _, d := range ds {
				n[d.State]++
			}
			ev := strings.Join(h.Events, ",")
			if ev == "" {
				ev = "all"
			}
			fmt.Fprintf(tw, "%d\t%s\t%s\t%d\t%d\t%d\n", h.ID, h.URL, ev, n[truce.DeliveryDelivered], n[truce.DeliveryPending], n[truce.DeliveryFailed])
		}
		return tw.Flush()
	case "remove":
		fs := m.newFlags("webhook remove", "webhook remove [--db PATH] ID\n\nRemoves a webhook and its pending deliveries.")
		pos, err := parseFlags(fs, args[1:])
		if err != nil {
			return err
		}
		if len(pos) != 1 {
			return usagef("webhook remove takes one ID")
		}
		id, err := strconv.ParseInt(pos[0], 10, 64)
		if err != nil {
			return usagef("webhook remove: %q is not a webhook id", pos[0])
		}
		svc, db, err := m.openApp(ctx)
		if err != nil {
			return err
		}
		defer db.Close()
		if err := svc.DeleteWebhook(ctx, app.CLI, id); err != nil {
			return err
		}
		fmt.Fprintf(m.Stdout, "removed webhook %d\n", id)
		return nil
	}
	return usagef("webhook: unknown subcommand %q: want add, list or remove", args[0])
}

func (m *Main) runAlerts(ctx context.Context, args []string) error {
	fs := m.newFlags("alerts", "alerts [--db PATH] [--limit N] [--deliver]\n\nLists the latest alerts and their deliveries. With --deliver, first attempts every delivery that\nis due (as a running `truce serve` does on its own).")
	limit := fs.Int("limit", 20, "how many alerts")
	deliver := fs.Bool("deliver", false, "attempt due deliveries first")
	allowPrivate := fs.Bool("allow-private-webhooks", false, "with --deliver, deliver to loopback, private and link-local addresses too")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	db, err := m.openTrustStore(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	if *deliver {
		d := &alert.Dispatcher{Store: db, AllowPrivate: *allowPrivate}
		n, err := d.DeliverDue(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(m.Stderr, "truce: attempted %d deliveries\n", n)
	}
	list, err := db.Alerts(ctx, *limit)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tRAISED\tKIND\tKEY\tDELIVERIES")
	for _, a := range list {
		ds, err := db.Deliveries(ctx, a.ID, 0)
		if err != nil {
			return err
		}
		var parts []string
		for _, d := range ds {
			parts = append(parts, fmt.Sprintf("#%d %s after %d attempts", d.WebhookID, d.State, d.Attempts))
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", a.ID, stamp(a.CreatedAt), a.Kind, a.Key, orDash(strings.Join(parts, "; ")))
	}
	return tw.Flush()
}
