package pgreplica

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"
)

// TestStart checks that the standby is one, and replays what the primary
// writes.
func TestStart(t *testing.T) {
	p := Start(t)
	ctx := context.Background()
	pc, err := pgx.Connect(ctx, p.Primary)
	if err != nil {
		t.Fatal(err)
	}
	defer pc.Close(ctx)
	if _, err := pc.Exec(ctx, `CREATE TABLE t (x int); INSERT INTO t VALUES (42)`); err != nil {
		t.Fatal(err)
	}
	p.WaitReplayed(t)
	sc, err := pgx.Connect(ctx, p.Standby)
	if err != nil {
		t.Fatal(err)
	}
	defer sc.Close(ctx)
	var standby bool
	var x int
	if err := sc.QueryRow(ctx, `SELECT pg_is_in_recovery(), (SELECT x FROM t)`).Scan(&standby, &x); err != nil {
		t.Fatal(err)
	}
	if !standby || x != 42 {
		t.Errorf("standby: in recovery %v, x %d; want true, 42", standby, x)
	}
	if _, err := sc.Exec(ctx, `INSERT INTO t VALUES (1)`); err == nil {
		t.Error("the standby took a write")
	}
}
