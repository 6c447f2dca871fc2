package http

// SetMapCacheLimit sets how many incidents the map copies (see
// maxMapCachePoints) and returns a function restoring it, so that a test
// can make the server count a small store's map in the store.
func SetMapCacheLimit(n int) (restore func()) {
	old := maxMapCachePoints
	maxMapCachePoints = n
	return func() { maxMapCachePoints = old }
}
