package http

import (
	"context"
	"slices"
	"sync"

	"github.com/truce-monitor/truce"
)

// zoneCountCache keeps the zones' incident counts of /api/v1/zones, which
// every page asks for first: counting them reads every membership of the
// agreement (0.3-0.65 s with 100,000 incidents stored, the larger part of
// the map's first paint), while they change only when the store does (see
// mapStamp).
type zoneCountCache struct {
	mu        sync.Mutex
	agreement string
	stamp     mapStamp
	counts    []truce.ZoneCount
}

// zoneCounts returns the store's ZoneCounts for agreementID, counted again
// only when the store changed since they were.
func (s *Server) zoneCounts(ctx context.Context, agreementID string) ([]truce.ZoneCount, error) {
	c := &s.zoneCountCache
	c.mu.Lock()
	since := c.stamp.rollup
	c.mu.Unlock()
	st, err := storeStamp(ctx, s.store, since)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if c.counts != nil && c.agreement == agreementID && c.stamp == st {
		out := slices.Clone(c.counts)
		c.mu.Unlock()
		return out, nil
	}
	c.mu.Unlock()
	counts, err := s.store.ZoneCounts(ctx, agreementID)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	// Stamped as read before counting: a change made meanwhile is counted
	// again at the next request.
	c.agreement, c.stamp, c.counts = agreementID, st, slices.Clone(counts)
	c.mu.Unlock()
	return counts, nil
}
