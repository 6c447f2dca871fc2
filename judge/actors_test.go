package judge

import (
	"encoding/csv"
	"errors"
	"io"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/internal/shared"
)

func TestActorKey(t *testing.T) {
	same := [][]string{
		{"Hay'at Tahrir al-Sham", "Hay’at Tahrir al-Sham", "HAYAT TAHRIR AL SHAM", "Hayyat Tahrir al-Sham", "hayʼat  tahrir  al‑sham"},
		{"Jabhat al-Nusrah", "Jabhat al-Nusra", "Jabhat el-Nusra"},
		{"Daesh", "Da'esh", "DA’ESH"},
		{"Jaysh al-Islam", "Jaish al-Islam", "Jaysh al Islam"},
		{"Faylaq al-Rahman", "Failaq al-Rahman", "FAYLAQ AL-RAHMAN"},
		{"Nour al-Din al-Zenki", "Nur al-Din al-Zenki", "Noor el-Din el-Zenki"},
		{"Hurras al-Din", "Ḥurrās al-Dīn", "hurras al din"},
		{"Şam Legion", "Sam Legion"},
		{"The Levant Front", "Levant Front"},
	}
	for _, names := range same {
		for _, n := range names[1:] {
			if ActorKeyOf(n) != ActorKeyOf(names[0]) {
				t.Errorf("%q → %q, %q → %q: want the same key", names[0], ActorKeyOf(names[0]), n, ActorKeyOf(n))
			}
		}
	}
	different := [][2]string{
		{"Tahrir al- Sham Army", "Tahrir al-Sham"},
		{"Jaysh Tahrir al-Sham", "Tahrir al-Sham"},
		{"IS", "ISIS"},
		{"Ahrar al-Sham", "Ahrar al-Sharqiya"},
		{"Jabhat Fateh al-Sham", "Jabhat Ahl al-Sham"},
		{"Liwa al-Islam", "Jaysh al-Islam"},
	}
	for _, p := range different {
		if ActorKeyOf(p[0]) == ActorKeyOf(p[1]) {
			t.Errorf("%q and %q share the key %q", p[0], p[1], ActorKeyOf(p[0]))
		}
	}
}

// ActorKeyOf is truce.ActorKey, named here so the table reads.
func ActorKeyOf(s string) string { return truce.ActorKey(s) }

// ucdpNames are the names in the 40 commonest side_a/side_b values of UCDP
// GED Syria 2016-2019 (ged191), with what the Astana file makes of them. An
// empty want is knowingly unknown: the memorandum does not cover the actor
// (Israel) or the file does not list it yet (Fatah Halab, Liwa
// al-Aqsa, Hezbollah). The Turkish-backed factions of the north (the
// Syrian National Army, which the National Front for Liberation joined in
// October 2019, and the Hawar Kilis Operations Room) count as the armed
// opposition that Turkey brought to Astana. The SDF is excluded: the
// ceasefire regime the memorandum builds on left the YPG out.
var ucdpNames = map[string]string{
	"Government of Syria":                    "party government-of-syria",
	"Syrian insurgents":                      "party armed-opposition aggregate",
	"IS":                                     "excluded isil",
	"SDF":                                    "excluded sdf",
	"Civilians":                              "civilians",
	"Hawar Kilis Operations Room":            "party armed-opposition",
	"HTS":                                    "excluded hts",
	"SNA":                                    "party armed-opposition",
	"National Front for Liberation":          "party armed-opposition",
	"Government of Turkey":                   "guarantor turkey",
	"23rd Division":                          "party armed-opposition",
	"Ahrar al-Sham":                          "party ahrar-al-sham",
	"Jaysh al Nasr":                          "party armed-opposition",
	"Jaysh al-Nukhba":                        "party armed-opposition",
	"Nour al-Din al-Zenki":                   "party armed-opposition",
	"Sham Legion":                            "party faylaq-al-sham",
	"Syrian Liberation Front":                "party armed-opposition",
	"Southern Front":                         "party armed-opposition",
	"Fatah Halab":                            "",
	"Jabhat Fateh al-Sham":                   "excluded hts",
	"Government of Iraq":                     "",
	"Suqour al-Sham Brigades":                "party armed-opposition",
	"Jaysh al-Islam":                         "party jaysh-al-islam",
	"Government of Israel":                   "",
	"Jaysh Asoud al-Sharqiya":                "party armed-opposition",
	"Martyr Lieutenant Ahmed Abdou Brigades": "party armed-opposition",
	"Rahman Corps":                           "party faylaq-al-rahman",
	"Liwa al-Aqsa":                           "",
	"Mare' Operations Room":                  "",
	"Government of Iran":                     "guarantor iran",
	"FSA":                                    "party armed-opposition",
	"Tahrir al- Sham Army":                   "party armed-opposition",
	"Aknaf Bait al-Maqdis":                   "",
	"NSA":                                    "",
	"Hezbollah":                              "",
	"Sons of Yarmouk Movement":               "party armed-opposition",
}

func describeActor(a actor) string {
	switch a.role {
	case unknownRole:
		return ""
	case civilians:
		return "civilians"
	}
	s := a.role.String() + " " + a.id
	if a.role == excluded {
		s = "excluded " + a.id
	}
	if a.aggregate {
		s += " aggregate"
	}
	return s
}

func TestResolveUCDPNames(t *testing.T) {
	j := newJudge(t, astana(t))
	for name, want := range ucdpNames {
		if got := describeActor(j.actors.resolve(name)); got != want {
			t.Errorf("%q resolves to %q, want %q", name, got, want)
		}
	}
	// The spellings.
	for name, want := range map[string]string{
		"Hay'at Tahrir al-Sham": "excluded hts", "HTS": "excluded hts", "Jabhat Fateh al-Sham": "excluded hts",
		"al-Nusra Front": "excluded hts", "Jabhat al-Nusrah": "excluded hts", "IS": "excluded isil",
		"ISIL": "excluded isil", "Daesh": "excluded isil", "DA’ESH": "excluded isil", "Islamic State": "excluded isil",
		"Civilians (Syria)": "civilians", "Military Forces of Syria (2000-)": "party government-of-syria",
		"Russian Armed Forces": "guarantor russia", "Ḥurrās al-Dīn": "excluded al-qaida",
	} {
		if got := describeActor(j.actors.resolve(name)); got != want {
			t.Errorf("%q resolves to %q, want %q", name, got, want)
		}
	}
	// A side naming a coalition splits; one naming a known actor does not.
	got := j.actors.side(nil, "Ahrar al-Sham, Jabhat Fateh al-Sham; Sham Legion", "FSA")
	var ds []string
	for _, m := range got {
		ds = append(ds, m.name+"="+describeActor(m.actor))
	}
	if want := "Ahrar al-Sham=party ahrar-al-sham|Jabhat Fateh al-Sham=excluded hts|Sham Legion=party faylaq-al-sham|FSA=party armed-opposition"; strings.Join(ds, "|") != want {
		t.Errorf("side = %s", strings.Join(ds, "|"))
	}
}

// TestUCDPNamesTableIsComplete checks the table above against the data: every
// name in the 40 commonest sides is in it.
func TestUCDPNamesTableIsComplete(t *testing.T) {
	path := shared.Path(t, "ucdp/ged_syria_2016-2019_ged191.csv")
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	header, err := r.Read()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[h] = i
	}
	counts := map[string]int{}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		counts[rec[col["side_a"]]]++
		counts[rec[col["side_b"]]]++
	}
	sides := make([]string, 0, len(counts))
	for s := range counts {
		sides = append(sides, s)
	}
	sort.Slice(sides, func(i, j int) bool {
		return counts[sides[i]] > counts[sides[j]] || counts[sides[i]] == counts[sides[j]] && sides[i] < sides[j]
	})
	j := newJudge(t, astana(t))
	for _, s := range sides[:40] {
		for _, m := range j.actors.side(nil, s) {
			if _, ok := ucdpNames[m.name]; !ok {
				t.Errorf("UCDP name %q (in %q, %d events) is not in the table; it resolves to %q", m.name, s, counts[s], describeActor(m.actor))
			}
		}
	}
}
