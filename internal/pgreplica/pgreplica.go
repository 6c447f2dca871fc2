// Package pgreplica starts a PostgreSQL primary and a streaming-replication
// hot standby of it, two clusters of their own in temporary directories on
// free ports, for tests of read replicas. It needs the PostgreSQL server
// binaries (initdb, pg_ctl, pg_basebackup) and PostGIS, and runs only when
// TRUCE_TEST_POSTGRES is set (the sign that PostgreSQL tests are wanted, see
// .ci/run); otherwise it skips with a visible message. It is for tests only.
package pgreplica

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// Pair is a running primary and its standby. Both are stopped, and their
// directories removed, when the test ends.
type Pair struct {
	// Primary and Standby are URLs of the database "truce" (with PostGIS)
	// on each cluster.
	Primary, Standby string

	dir     string
	bin     string
	asUser  []string // the command prefix that runs a binary as postgres
	started []string // data directories of running clusters, to stop
}

// BinDir returns the directory of the PostgreSQL server binaries:
// $TRUCE_PG_BIN, else the newest /usr/lib/postgresql/*/bin holding
// pg_basebackup, else "" when there is none.
func BinDir() string {
	if d := os.Getenv("TRUCE_PG_BIN"); d != "" {
		return d
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	for i := len(dirs) - 1; i >= 0; i-- {
		if _, err := os.Stat(filepath.Join(dirs[i], "pg_basebackup")); err == nil {
			return dirs[i]
		}
	}
	if p, err := exec.LookPath("pg_basebackup"); err == nil {
		return filepath.Dir(p)
	}
	return ""
}

// Start starts a primary (wal_level=replica, replication allowed with
// trust from 127.0.0.1) and a standby made with pg_basebackup -R, waits
// until both accept connections, creates the database truce with PostGIS on
// the primary and waits until the standby has it.
func Start(tb testing.TB) *Pair {
	tb.Helper()
	if os.Getenv("TRUCE_TEST_POSTGRES") == "" {
		tb.Skip("SKIP replica tests: set TRUCE_TEST_POSTGRES=postgres://… and install the PostgreSQL server (see .ci/run)")
	}
	bin := BinDir()
	if bin == "" {
		tb.Skip("SKIP replica tests: no PostgreSQL server binaries (initdb, pg_ctl, pg_basebackup); install postgresql-15 or set TRUCE_PG_BIN")
	}
	p := &Pair{bin: bin}
	dir, err := os.MkdirTemp("", "truce-pgreplica-")
	if err != nil {
		tb.Fatal(err)
	}
	p.dir = dir
	tb.Cleanup(p.stop)
	if os.Geteuid() == 0 {
		// initdb refuses to run as root: run the clusters as postgres, in a
		// directory it owns.
		u, err := user.Lookup("postgres")
		if err != nil {
			tb.Skip("SKIP replica tests: running as root and there is no postgres user to run the clusters as")
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			tb.Fatal(err)
		}
		p.asUser = []string{"runuser", "-u", "postgres", "--"}
	}
	primaryPort, standbyPort := freePort(tb), freePort(tb)
	for primaryPort == standbyPort {
		standbyPort = freePort(tb)
	}
	pdir, sdir := filepath.Join(dir, "primary"), filepath.Join(dir, "standby")
	p.run(tb, "initdb", "-D", pdir, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C")
	p.appendFile(tb, filepath.Join(pdir, "postgresql.conf"), fmt.Sprintf(`
port = %d
listen_addresses = '127.0.0.1'
unix_socket_directories = '%s'
wal_level = replica
max_wal_senders = 4
hot_standby = on
fsync = off
full_page_writes = off
max_connections = 60
shared_buffers = 32MB
`, primaryPort, dir))
	p.appendFile(tb, filepath.Join(pdir, "pg_hba.conf"), "\nhost replication postgres 127.0.0.1/32 trust\n")
	p.startCluster(tb, pdir)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	admin := fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", primaryPort)
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		tb.Fatalf("connect to the primary: %v", err)
	}
	if _, err := conn.Exec(ctx, `CREATE DATABASE truce`); err != nil {
		tb.Fatal(err)
	}
	conn.Close(ctx)
	p.Primary = fmt.Sprintf("postgres://postgres@127.0.0.1:%d/truce?sslmode=disable", primaryPort)
	p.Standby = fmt.Sprintf("postgres://postgres@127.0.0.1:%d/truce?sslmode=disable", standbyPort)
	conn, err = pgx.Connect(ctx, p.Primary)
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := conn.Exec(ctx, `CREATE EXTENSION postgis`); err != nil {
		tb.Fatalf("PostGIS on the primary: %v (install postgresql-15-postgis-3, see .ci/run)", err)
	}
	conn.Close(ctx)
	p.run(tb, "pg_basebackup", "-h", "127.0.0.1", "-p", strconv.Itoa(primaryPort), "-U", "postgres",
		"-D", sdir, "-R", "-X", "stream", "--checkpoint=fast", "--no-sync")
	p.appendFile(tb, filepath.Join(sdir, "postgresql.conf"), fmt.Sprintf("\nport = %d\n", standbyPort))
	p.startCluster(tb, sdir)
	p.WaitReplayed(tb)
	return p
}

// WaitReplayed waits until the standby has replayed all the WAL the primary
// has written so far, failing tb after 30 s.
func (p *Pair) WaitReplayed(tb testing.TB) {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	pc, err := pgx.Connect(ctx, p.Primary)
	if err != nil {
		tb.Fatal(err)
	}
	defer pc.Close(ctx)
	var lsn string
	if err := pc.QueryRow(ctx, `SELECT pg_current_wal_lsn()::text`).Scan(&lsn); err != nil {
		tb.Fatal(err)
	}
	sc, err := pgx.Connect(ctx, p.Standby)
	if err != nil {
		tb.Fatal(err)
	}
	defer sc.Close(ctx)
	for {
		var done bool
		if err := sc.QueryRow(ctx, `SELECT coalesce(pg_last_wal_replay_lsn() >= $1::pg_lsn, false)`, lsn).Scan(&done); err != nil {
			tb.Fatal(err)
		}
		if done {
			return
		}
		select {
		case <-ctx.Done():
			tb.Fatalf("the standby has not replayed up to %s after 30 s:\n%s", lsn, p.logs())
		case <-time.After(20 * time.Millisecond):
		}
	}
}

func freePort(tb testing.TB) int {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// run runs a PostgreSQL binary as the clusters' user.
func (p *Pair) run(tb testing.TB, name string, args ...string) {
	tb.Helper()
	argv := append(append(append([]string(nil), p.asUser...), filepath.Join(p.bin, name)), args...)
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Dir = p.dir
	if out, err := cmd.CombinedOutput(); err != nil {
		tb.Fatalf("%s: %v\n%s%s", strings.Join(argv, " "), err, out, p.logs())
	}
}

func (p *Pair) startCluster(tb testing.TB, data string) {
	tb.Helper()
	p.run(tb, "pg_ctl", "-D", data, "-l", data+".log", "-w", "-t", "30", "start")
	p.started = append(p.started, data)
}

// appendFile appends text to a file of a cluster; it keeps its owner.
func (p *Pair) appendFile(tb testing.TB, path, text string) {
	tb.Helper()
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := f.WriteString(text); err != nil {
		tb.Fatal(err)
	}
	if err := f.Close(); err != nil {
		tb.Fatal(err)
	}
}

// logs returns the end of each cluster's server log, for failures.
func (p *Pair) logs() string {
	var b strings.Builder
	for _, name := range []string{"primary.log", "standby.log"} {
		data, err := os.ReadFile(filepath.Join(p.dir, name))
		if err != nil {
			continue
		}
		if len(data) > 4000 {
			data = data[len(data)-4000:]
		}
		fmt.Fprintf(&b, "--- %s ---\n%s\n", name, data)
	}
	return b.String()
}

// stop stops the clusters, the standby first, and removes their directory.
func (p *Pair) stop() {
	for i := len(p.started) - 1; i >= 0; i-- {
		argv := append(append([]string(nil), p.asUser...), filepath.Join(p.bin, "pg_ctl"), "-D", p.started[i], "-m", "immediate", "-w", "stop")
		exec.Command(argv[0], argv[1:]...).Run()
	}
	os.RemoveAll(p.dir)
}
