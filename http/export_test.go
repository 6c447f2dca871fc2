package http

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
