package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	nethttp "net/http"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/truce-monitor/truce/alert"
	"github.com/truce-monitor/truce/assess"
	trucehttp "github.com/truce-monitor/truce/http"
	"github.com/truce-monitor/truce/ledger"
	"github.com/truce-monitor/truce/web"
)

func (m *Main) runServe(ctx context.Context, args []string) error {
	fs := m.newFlags("serve", `serve [--db PATH] [--addr HOST:PORT] [--public] [--log-key FILE] [--rate-limit N] [--tiles URL]

Serves the dashboard at /, the API under /api/v1 (OpenAPI at /api/v1/openapi.json): reads,
monitors' submissions, evidence, claims, tokens, webhooks and the tamper-evident log with its
proofs; OGC API – Features under /ogc; /healthz, /readyz and Prometheus /metrics (admin token).
Every request needs a token (truce token create) unless --public lets anonymous clients read.
Delivers webhook alerts in the background. Stops gracefully on SIGINT or SIGTERM.`)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
	tiles := fs.String("tiles", "", "online map tile URL template for the dashboard, e.g. https://{s}.tile.example.org/{z}/{x}/{y}.png (default: none, works offline)")
	public := fs.Bool("public", false, "let requests without a token read the public record (agreements, zones, incidents, status, claims, the log)")
	rateLimit := fs.Float64("rate-limit", 50, "requests per second per client (token, or address when anonymous); 0: no limit")
	rateBurst := fs.Int("rate-burst", 0, "burst above the rate (default: twice the rate)")
	allowPrivate := fs.Bool("allow-private-webhooks", false, "let webhooks be added for, and delivered to, loopback, private and link-local addresses (refused by default: a webhook must not make the server probe its own network)")
	fs.StringVar(&m.LogKey, "log-key", m.LogKey, "the log's Ed25519 signing key file, created if missing (default: $XDG_CONFIG_HOME/truce/keys/, one per database, not beside it)")
	headEvery := fs.Duration("sign-every", 30*time.Second, "how often to sign the log's head when it has grown (also at start and stop)")
	publish := fs.String("publish-checkpoints", "", "a directory to write each signed head to as a checkpoint (DIR/checkpoint, the latest, and DIR/checkpoint.SIZE), for witnesses and mirrors outside the database")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	if *headEvery < time.Second {
		return usagef("--sign-every %s: at least 1s", *headEvery)
	}
	led, db, err := m.openLedger(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	log := slog.New(slog.NewJSONHandler(m.Stderr, nil))
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	disp := &alert.Dispatcher{Store: db, Log: log, AllowPrivate: *allowPrivate}
	if err := disp.Register(reg); err != nil {
		return err
	}
	api := trucehttp.NewServer(db, trucehttp.Options{Logger: log, UI: web.Handler(web.Options{TileURL: *tiles}),
		Public: *public, RateLimit: *rateLimit, RateBurst: *rateBurst, Ledger: led, Alerted: disp.Kick, Registry: reg,
		AllowPrivateWebhooks: *allowPrivate})
	if err := m.catchUp(ctx, db, log); err != nil {
		return err
	}
	srv := &nethttp.Server{
		Handler:           api.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	log.Info("serving", "addr", ln.Addr().String(), "db", m.DBPath, "public", *public, "log_key", ledger.KeyID(led.PublicKey()))
	fmt.Fprintf(m.Stdout, "Truce is serving on http://%s/ (dashboard), API at /api/v1\n", ln.Addr())
	if m.serving != nil {
		m.serving(ln.Addr().String())
	}
	dispCtx, stopDisp := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); disp.Run(dispCtx) }()
	go func() { defer wg.Done(); signHeads(dispCtx, led, log, *headEvery, *publish) }()
	defer func() { stopDisp(); wg.Wait() }()
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shutCtx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutCtx); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, nethttp.ErrServerClosed) {
		return err
	}
	return nil
}

// catchUp judges every incident against the active agreement's current
// version when that version has no verdicts yet, so that submissions, judged
// one by one, extend a complete rollup.
func (m *Main) catchUp(ctx context.Context, db TrustStore, log *slog.Logger) error {
	a, version, err := assess.ActiveVersion(ctx, db, "")
	if err != nil {
		log.Warn("no active agreement: load one with `truce agreement load`; submissions are refused until then", "error", err)
		return nil
	}
	judged, err := db.JudgedVersion(ctx, a.ID)
	if err != nil || judged >= version {
		return err
	}
	st, err := m.judgeAll(ctx, db, a, version, true)
	if err != nil {
		return err
	}
	log.Info("judged incidents against the current agreement version", "agreement", a.ID, "version", version, "judged", st.Judged)
	return nil
}

// signHeads signs the log's head now, every interval while the log grows,
// and once more when ctx ends: a signed head is what makes earlier entries
// tamper-evident, so none should wait for a client to ask for one.
func signHeads(ctx context.Context, led *ledger.Ledger, log *slog.Logger, every time.Duration, publish string) {
	published := uint64(0)
	sign := func(ctx context.Context) {
		sth, err := led.Head(ctx)
		if err != nil {
			if ctx.Err() == nil {
				log.Error("sign the log's head", "error", err)
			}
			return
		}
		if publish == "" || sth.Size == published {
			return
		}
		if err := publishCheckpoint(ctx, led, publish, sth.Size); err != nil {
			log.Error("publish the log's checkpoint", "dir", publish, "error", err)
			return
		}
		published = sth.Size
	}
	sign(ctx)
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			final, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
			sign(final)
			cancel()
			return
		case <-t.C:
			sign(ctx)
		}
	}
}

// publishCheckpoint writes the current checkpoint of a log of size entries
// to dir: checkpoint.SIZE, then checkpoint (the latest) replaced
// atomically, so that a reader never sees half a file.
func publishCheckpoint(ctx context.Context, led *ledger.Ledger, dir string, size uint64) error {
	cp, err := led.Checkpoint(ctx)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, name := range []string{fmt.Sprintf("checkpoint.%d", size), "checkpoint"} {
		tmp, err := os.CreateTemp(dir, ".checkpoint-*")
		if err != nil {
			return err
		}
		_, werr := tmp.Write(cp)
		cerr := tmp.Close()
		if err := errors.Join(werr, cerr); err != nil {
			os.Remove(tmp.Name())
			return err
		}
		if err := os.Rename(tmp.Name(), filepath.Join(dir, name)); err != nil {
			os.Remove(tmp.Name())
			return err
		}
	}
	return nil
}
