package ledger

import (
	"testing"
	"time"

	"github.com/truce-monitor/truce"
)

// TestIncidentDigest checks that the digest tells apart incidents that
// differ in any field their source gave, and ignores what Truce derives.
func TestIncidentDigest(t *testing.T) {
	day := time.Date(2017, 6, 1, 0, 0, 0, 0, time.UTC)
	base := truce.Incident{DateStart: day, DateEnd: day, DatePrecision: truce.DateExact,
		Location:  truce.Location{HasPoint: true, Lon: 36.63, Lat: 35.93, Precision: truce.PrecExact, Place: "Saraqib", Admin1: "Idlib"},
		EventType: truce.Battles, SideA: "Government of Syria", SideB: "HTS", Fatalities: truce.Fatalities{Low: 1, Best: 2, High: 3}, Sources: "SOHR"}
	want := IncidentDigest(&base)
	// Digests are in logs already written: an incident with no deaths of
	// unknown status (all of them, before the field) keeps its digest.
	if want != baseDigest {
		t.Fatalf("digest of an incident with no deaths of unknown status changed: %s, logged before as %s", want, baseDigest)
	}
	for _, tc := range []struct {
		name string
		edit func(*truce.Incident)
		same bool
	}{
		{"derived fields", func(i *truce.Incident) {
			i.ID, i.ReportID, i.Withdrawn = 9, 9, day
			i.Zones = []truce.Membership{{ZoneID: "idlib"}}
		}, true},
		{"time of day", func(i *truce.Incident) { i.DateStart = day.Add(5 * time.Hour) }, true},
		{"below a millionth of a degree", func(i *truce.Incident) { i.Location.Lon += 1e-8 }, true},
		{"date", func(i *truce.Incident) { i.DateStart = day.AddDate(0, 0, 1) }, false},
		{"place", func(i *truce.Incident) { i.Location.Lon += 0.001 }, false},
		{"no point", func(i *truce.Incident) { i.Location.HasPoint = false }, false},
		{"deaths", func(i *truce.Incident) { i.Fatalities.Best = 20 }, false},
		{"deaths of unknown status", func(i *truce.Incident) { i.Fatalities.Unknown = 1 }, false},
		{"actor", func(i *truce.Incident) { i.SideA = "HTS" }, false},
		{"text moved between fields", func(i *truce.Incident) { i.SideA, i.SideB = "Government of SyriaH", "TS" }, false},
		{"type", func(i *truce.Incident) { i.EventType = truce.Protests }, false},
	} {
		inc := base
		tc.edit(&inc)
		if got := IncidentDigest(&inc) == want; got != tc.same {
			t.Errorf("%s: same digest %t, want %t", tc.name, got, tc.same)
		}
	}
}

func BenchmarkIncidentDigest(b *testing.B) {
	day := time.Date(2017, 6, 1, 0, 0, 0, 0, time.UTC)
	inc := truce.Incident{DateStart: day, DateEnd: day, Location: truce.Location{HasPoint: true, Lon: 36.63, Lat: 35.93, Place: "Saraqib"},
		EventType: truce.Battles, SideA: "Government of Syria", SideB: "HTS", SourceText: "Clashes between government forces and HTS near Saraqib left two dead"}
	for b.Loop() {
		IncidentDigest(&inc)
	}
}

// baseDigest is TestIncidentDigest's base incident's digest as logs before
// deaths of unknown status hold it.
const baseDigest = "1126ac4698bebe23a1125fab499fb8c2d97287d674a98f6318686a8d23db2ede"
