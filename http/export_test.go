package http

import "sync/atomic"

// SetMapCacheLimit sets how many incidents the map copies (see
// maxMapCachePoints) and returns a function restoring it, so that a test
// can make the server count a small store's map in the store.
func SetMapCacheLimit(n int) (restore func()) {
	old := maxMapCachePoints
	maxMapCachePoints = n
	return func() { maxMapCachePoints = old }
}

// MapWholeReads counts the map copies read whole from the store so far.
func MapWholeReads() int64 { return wholeReads.Load() }

// MapReadHold holds the next whole reading of the map's copy once armed.
type MapReadHold struct {
	armed atomic.Bool
	// Started receives as a held reading starts; it goes on when Release
	// receives.
	Started, Release chan struct{}
}

// Arm makes the next whole reading (one only) stop as it starts.
func (h *MapReadHold) Arm() { h.armed.Store(true) }

// HoldWholeMapReads makes a whole reading of the map's copy count as slow,
// so that requests are answered from the copy before, marked stale, and
// lets a test hold one (MapReadHold.Arm); restore undoes it. Call it before
// the server starts: the settings are read without a lock.
func HoldWholeMapReads() (h *MapReadHold, restore func()) {
	h = &MapReadHold{Started: make(chan struct{}), Release: make(chan struct{})}
	oldSlow, oldHook := slowMapBuild, beforeWholeRead
	slowMapBuild = 0
	beforeWholeRead = func() {
		if h.armed.CompareAndSwap(true, false) {
			h.Started <- struct{}{}
			<-h.Release
		}
	}
	return h, func() { slowMapBuild, beforeWholeRead = oldSlow, oldHook }
}

// MapUpdateDone returns a channel closed once the update of s's map copy
// under way (if any) has ended.
func MapUpdateDone(s *Server) <-chan struct{} {
	s.mapCache.mu.Lock()
	defer s.mapCache.mu.Unlock()
	if s.mapCache.building != nil {
		return s.mapCache.building
	}
	done := make(chan struct{})
	close(done)
	return done
}
