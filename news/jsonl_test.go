package news

import (
	"strings"
	"testing"
)

func TestParseJSONLines(t *testing.T) {
	in := `{"id": "a", "date": "2017-06-08", "lang": "en (machine-translated)", "url": "https://example.org/a", "text": "MOSCOW, June 8. /TASS/. The ceasefire holds."}
{"id": "b", "text": "No date here."}

{"id": "c", "date": "2017-06-09", "text": ""}
[1, 2]
{"id": "d", "date": "2017-06-10", "lang": "pt", "text": "Nas últimas 24 horas, nenhuma violação."}
`
	arts, skipped, err := ParseJSONLines(strings.NewReader(in), "news.jsonl", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(arts) != 2 || arts[0].Name != "news.jsonl#a" || arts[0].URL != "https://example.org/a" || arts[0].Lang != "en" ||
		arts[1].Lang != "pt" || arts[1].Date.Format("2006-01-02") != "2017-06-10" {
		t.Fatalf("articles: %+v", arts)
	}
	var msgs []string
	for _, e := range skipped {
		msgs = append(msgs, e.Error())
	}
	got := strings.Join(msgs, "\n")
	for _, want := range []string{"news.jsonl#b: no publication date", "news.jsonl:4: field text: empty", "news.jsonl:5: not a JSON object"} {
		if !strings.Contains(got, want) {
			t.Errorf("skips lack %q:\n%s", want, got)
		}
	}
	// A date given for all fills in the undated item.
	arts, skipped, _ = ParseJSONLines(strings.NewReader(in), "news.jsonl", Options{Date: day("2017-06-01")})
	if len(arts) != 3 || len(skipped) != 2 {
		t.Errorf("with a date: %d articles, %d skipped", len(arts), len(skipped))
	}
}

func FuzzParseJSONLines(f *testing.F) {
	f.Add(`{"id": "a", "date": "2017-06-08", "text": "The ceasefire holds."}`)
	f.Add(`{"text": "x"}` + "\n" + `{"date": "2017-13-40", "text": "y"}`)
	f.Add(`{"lang": "ar", "date": "2018-01-01", "text": "وقف إطلاق النار صامد"}`)
	f.Fuzz(func(t *testing.T, s string) {
		arts, skipped, err := ParseJSONLines(strings.NewReader(s), "f.jsonl", Options{})
		if err != nil {
			return
		}
		for _, a := range arts {
			if a.Date.IsZero() {
				t.Fatalf("article without a date: %+v", a)
			}
		}
		for _, e := range skipped {
			if !strings.Contains(e.Error(), "f.jsonl") {
				t.Fatalf("a skip that names no file: %v", e)
			}
		}
	})
}
