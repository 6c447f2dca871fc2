package truce

import (
	"context"
	"time"
)

// ReplicaLag is how far a read replica's store is behind its primary.
type ReplicaLag struct {
	// Standby says whether the database is a hot standby (in recovery);
	// false for a primary, whose lag is zero.
	Standby bool
	// ReplayAge is the time since the last transaction the standby replayed
	// was committed on the primary; it grows while the primary is idle.
	ReplayAge time.Duration
	// Lag is ReplayAge while the standby has received WAL it has not
	// replayed, and zero when it has replayed all it received: an idle
	// primary does not make a caught-up standby look late.
	Lag time.Duration
	// Bytes is the WAL received but not yet replayed.
	Bytes int64
	// Received says whether the standby has received any WAL by streaming
	// (false for one restoring from an archive, or not yet connected).
	Received bool
}

// ReplicationService reports a store's replication lag.
type ReplicationService interface {
	ReplicaLag(ctx context.Context) (ReplicaLag, error)
}
