package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	nethttp "net/http"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/alert"
	"github.com/truce-monitor/truce/assess"
	trucehttp "github.com/truce-monitor/truce/http"
	"github.com/truce-monitor/truce/ledger"
	"github.com/truce-monitor/truce/web"
)

func (m *Main) runServe(ctx context.Context, args []string) error {
	fs := m.newFlags("serve", `serve [--db PATH] [--addr HOST:PORT] [--public] [--log-key FILE] [--rate-limit N] [--tiles URL] [--gazetteer FILE]
      [--read-only --db postgres://STANDBY [--primary URL] [--max-lag DURATION]]

Serves the dashboard at /, the API under /api/v1 (OpenAPI at /api/v1/openapi.json): reads,
monitors' submissions, evidence, claims, tokens, webhooks and the tamper-evident log with its
proofs; OGC API – Features under /ogc; /healthz, /readyz and Prometheus /metrics (admin token).
Every request needs a token (truce token create) unless --public lets anonymous clients read.
Delivers webhook alerts in the background. Stops gracefully on SIGINT or SIGTERM.

With --read-only and a PostgreSQL --db (a hot standby of the primary's database), serves reads
only: writes answer 503 with the code read_only (naming --primary), nothing is written in the
background (no judging, head signing or alert delivery) and the schema is checked, not migrated.
/readyz and /metrics show the standby's replication lag; /readyz answers 503 above --max-lag.`)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
	tiles := fs.String("tiles", "", "online map tile URL template for the dashboard, e.g. https://{s}.tile.example.org/{z}/{x}/{y}.png (default: none, works offline)")
	gazPath := fs.String("gazetteer", "", "a GeoNames cities file (the 19-column TSV of cities1000) adding its towns and their Arabic names to the map and place search")
	public := fs.Bool("public", false, "let requests without a token read the public record (agreements, zones, incidents, status, claims, the log)")
	rateLimit := fs.Float64("rate-limit", 50, "requests per second per client (token, or address when anonymous); 0: no limit")
	rateBurst := fs.Int("rate-burst", 0, "burst above the rate (default: twice the rate)")
	allowPrivate := fs.Bool("allow-private-webhooks", false, "let webhooks be added for, and delivered to, loopback, private and link-local addresses (refused by default: a webhook must not make the server probe its own network)")
	fs.StringVar(&m.LogKey, "log-key", m.LogKey, "the log's Ed25519 signing key file, created if missing (default: $XDG_CONFIG_HOME/truce/keys/, one per database, not beside it)")
	headEvery := fs.Duration("sign-every", 30*time.Second, "how often to sign the log's head when it has grown (also at start and stop)")
	publish := fs.String("publish-checkpoints", "", "a directory to write each signed head to as a checkpoint (DIR/checkpoint, the latest, and DIR/checkpoint.SIZE), for witnesses and mirrors outside the database")
	readOnly := fs.Bool("read-only", false, "serve reads only, from a PostgreSQL hot standby (--db postgres://…): writes answer 503 read_only, nothing is written or migrated")
	primary := fs.String("primary", "", "with --read-only: the primary server's URL (e.g. https://truce.example.org), named in refused writes and their Location header")
	maxLag := fs.Duration("max-lag", 0, "with --read-only: /readyz answers 503 while the standby is further behind than this (e.g. 30s), so a load balancer stops sending it reads; 0: no limit")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	if *headEvery < time.Second {
		return usagef("--sign-every %s: at least 1s", *headEvery)
	}
	switch {
	case *readOnly && !isPostgres(m.DBPath):
		return usagef("--read-only needs a PostgreSQL --db (postgres://…, a hot standby of the primary's database), not %q", m.DBPath)
	case !*readOnly && (*primary != "" || *maxLag != 0):
		return usagef("--primary and --max-lag go with --read-only")
	case *readOnly && *publish != "":
		return usagef("--publish-checkpoints: a read replica signs no heads; publish them from the primary")
	case *maxLag < 0:
		return usagef("--max-lag %s: want a duration >= 0", *maxLag)
	}
	if *primary != "" {
		if u, err := url.Parse(*primary); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return usagef("--primary %q: want the primary's http:// or https:// URL", *primary)
		}
	}
	m.readOnly = *readOnly
	led, db, err := m.openLedger(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	log := slog.New(slog.NewJSONHandler(m.Stderr, nil))
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	disp := &alert.Dispatcher{Store: db, Log: log, AllowPrivate: *allowPrivate}
	opts := trucehttp.Options{Logger: log, UI: web.Handler(web.Options{TileURL: *tiles}),
		Public: *public, RateLimit: *rateLimit, RateBurst: *rateBurst, Ledger: led, Registry: reg,
		AllowPrivateWebhooks: *allowPrivate, ReadOnly: *readOnly, Primary: *primary, MaxLag: *maxLag}
	if rs, ok := db.(truce.ReplicationService); ok && *readOnly {
		opts.ReplicaLag = rs.ReplicaLag
	}
	if !*readOnly {
		if err := disp.Register(reg); err != nil {
			return err
		}
		opts.Alerted = disp.Kick
	}
	if *gazPath != "" {
		gz, n, err := gazetteerFlag(*gazPath)
		if err != nil {
			return err
		}
		log.Info("gazetteer read", "file", *gazPath, "places_added", n)
		opts.Gazetteer = gz
	}
	api := trucehttp.NewServer(db, opts)
	if !*readOnly {
		if err := m.catchUp(ctx, db, log); err != nil {
			return err
		}
		if err := api.PrepareSubmissions(ctx); err != nil {
			return err
		}
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
	keyID := "none"
	if pub := led.PublicKey(); pub != nil {
		keyID = ledger.KeyID(pub)
	}
	log.Info("serving", "addr", ln.Addr().String(), "db", redactURL(m.DBPath), "public", *public, "log_key", keyID, "read_only", *readOnly)
	if *readOnly {
		fmt.Fprintf(m.Stdout, "Truce is serving reads only (a read replica) on http://%s/ (dashboard), API at /api/v1\n", ln.Addr())
	} else {
		fmt.Fprintf(m.Stdout, "Truce is serving on http://%s/ (dashboard), API at /api/v1\n", ln.Addr())
	}
	if m.serving != nil {
		m.serving(ln.Addr().String())
	}
	dispCtx, stopDisp := context.WithCancel(ctx)
	var wg sync.WaitGroup
	if !*readOnly {
		// The primary's work: a replica's store takes no writes, and the
		// primary delivers the alerts and signs the heads it replicates.
		wg.Add(2)
		go func() { defer wg.Done(); disp.Run(dispCtx) }()
		go func() { defer wg.Done(); signHeads(dispCtx, led, log, *headEvery, *publish) }()
	}
	// The map keeps a copy of the judged incidents; reading it takes
	// seconds on a store of millions, so it starts now, not at the first
	// visit.
	wg.Add(1)
	go func() {
		defer wg.Done()
		t0 := time.Now()
		if err := api.WarmMap(dispCtx); err != nil && dispCtx.Err() == nil {
			log.Warn("map copy not read", "error", err)
			return
		}
		log.Info("map copy read", "took", time.Since(t0).Round(time.Millisecond).String())
	}()
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

// redactURL hides the password of a postgres:// URL, for logs.
func redactURL(db string) string {
	if u, err := url.Parse(db); err == nil && isPostgres(db) {
		return u.Redacted()
	}
	return db
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
