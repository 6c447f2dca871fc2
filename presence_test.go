package truce

import (
	"testing"
	"time"
)

func TestPresenceClause(t *testing.T) {
	from := time.Date(2017, 5, 6, 0, 0, 0, 0, time.UTC)
	if c := PresenceClause("idlib", from); c != "presence:idlib:2017-05-06" {
		t.Fatalf("PresenceClause = %q", c)
	}
	tests := []struct {
		clause string
		zone   string
		ok     bool
	}{
		{"presence:idlib:2017-05-06", "idlib", true},
		{"presence:eastern-ghouta:2017-05-06", "eastern-ghouta", true},
		{"presence:idlib", "", false},
		{"presence:idlib:May 2017", "", false},
		{"hts", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		zone, d, ok := ParsePresenceClause(tt.clause)
		if ok != tt.ok || zone != tt.zone || ok && !d.Equal(from) {
			t.Errorf("ParsePresenceClause(%q) = %q, %s, %v", tt.clause, zone, d, ok)
		}
	}
	a := &Agreement{Presence: []Presence{{Zones: []string{"idlib"}, From: from, To: from.AddDate(0, 2, 0)}}}
	if _, ok := a.PresenceEntry("idlib", from); !ok {
		t.Error("PresenceEntry misses the entry starting on its day")
	}
	if _, ok := a.PresenceEntry("idlib", from.AddDate(0, 0, 1)); ok {
		t.Error("PresenceEntry finds an entry from a day inside it, not its start")
	}
}
