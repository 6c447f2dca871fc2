package truce

import (
	"encoding/json"
	"testing"
)

func TestSplitTrace(t *testing.T) {
	tests := []struct {
		name, body, words, args string
	}{
		{"no numbers", `[{"Rule":"zone","Detail":"outside every zone"}]`, `[{"Rule":"zone","Detail":"outside every zone"}]`, ""},
		{"dates and decimals", `[{"Detail":"2017-06-12 is within, from 2017-05-06","P":{"low":0.46,"mid":0.61,"high":1}}]`,
			"[{\"Detail\":\"\x01 is within, from \x01\",\"P\":{\"low\":\x01,\"mid\":\x01,\"high\":\x01}}]", "2017-06-12,2017-05-06,0.46,0.61,1"},
		{"percent and escapes", `["37 % \u00e9 1–2"]`, "[\"\x01 % \\u\x01e\x01 \x01–\x01\"]", "37,00,9,1,2"},
		{"already marked", "[\"\x01 3\"]", "[\"\x01 3\"]", ""},
		{"empty", ``, ``, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			words, args := SplitTrace([]byte(tt.body))
			if string(words) != tt.words || args != tt.args {
				t.Errorf("SplitTrace(%q) = %q, %q; want %q, %q", tt.body, words, args, tt.words, tt.args)
			}
			if got := JoinTrace(string(words), args); got != tt.body {
				t.Errorf("JoinTrace = %q, want %q", got, tt.body)
			}
		})
	}
}

// Two traces that differ only in their numbers share their words.
func TestSplitTraceShares(t *testing.T) {
	a, _ := json.Marshal([]Step{{Rule: "zone", Detail: "37 % of its area lies in the zone", P: &Range{Low: 0.37, Mid: 0.37, High: 0.37}}})
	b, _ := json.Marshal([]Step{{Rule: "zone", Detail: "52 % of its area lies in the zone", P: &Range{Low: 0.52, Mid: 0.52, High: 0.52}}})
	wa, _ := SplitTrace(a)
	wb, _ := SplitTrace(b)
	if string(wa) != string(wb) {
		t.Errorf("words differ:\n%q\n%q", wa, wb)
	}
}

func FuzzSplitTrace(f *testing.F) {
	f.Add([]byte(`[{"Detail":"2017-06-12 is within","P":{"low":0.46}}]`))
	f.Add([]byte("\x01,1"))
	f.Fuzz(func(t *testing.T, body []byte) {
		words, args := SplitTrace(body)
		if got := JoinTrace(string(words), args); got != string(body) {
			t.Fatalf("JoinTrace(SplitTrace(%q)) = %q", body, got)
		}
	})
}
