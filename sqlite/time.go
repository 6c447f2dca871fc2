package sqlite

import (
	"time"
)

func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// micros keeps the log's times exact: leaf hashes cover them to the
// microsecond.
func micros(t time.Time) int64 { return t.UnixMicro() }
