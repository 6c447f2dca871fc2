package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/agreements"
)

// A verdict that weighed presence data cites the entry; `truce why` prints
// the entry's figures and sources from the agreement.
func TestPrintPresenceSources(t *testing.T) {
	a := agreements.MustAstana2017()
	tests := []struct {
		name   string
		clause string
		want   []string
	}{
		{"idlib 2017", "presence:idlib:2017-05-06", []string{"Presence in zone idlib, 2017-05-06 to", "Hay'at Tahrir al-Sham (excluded):", "Ahrar al-Sham (not excluded):", "Source: Wikipedia"}},
		{"no such entry", "presence:idlib:2017-05-07", []string{"not in the agreement's latest version (version 3 judged it)"}},
		{"not a presence clause", "hts", nil},
		{"malformed", "presence:idlib", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			printPresenceSources(&buf, a, truce.Judgement{AgreementVersion: 3, Trace: []truce.Step{{Rule: "party", Clause: tt.clause}}})
			got := buf.String()
			if tt.want == nil && got != "" {
				t.Fatalf("printed %q, want nothing", got)
			}
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("lacks %q:\n%s", w, got)
				}
			}
		})
	}
}
