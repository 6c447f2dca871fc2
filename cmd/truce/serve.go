package main

import (
	"context"
	"errors"
	"log/slog"
	"net"
	nethttp "net/http"
	"time"

	trucehttp "github.com/truce-monitor/truce/http"
)

func (m *Main) runServe(ctx context.Context, args []string) error {
	fs := m.newFlags("serve", "serve [--db PATH] [--addr HOST:PORT]\n\nServes the read API under /api/v1 (OpenAPI at /api/v1/openapi.json), OGC API – Features under /ogc,\nand /healthz, /readyz. Stops gracefully on SIGINT or SIGTERM.")
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	db, err := m.openJudgeStore(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	log := slog.New(slog.NewJSONHandler(m.Stderr, nil))
	srv := &nethttp.Server{
		Handler:           trucehttp.NewServer(db, trucehttp.Options{Logger: log}).Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	log.Info("serving", "addr", ln.Addr().String(), "db", m.DBPath)
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
