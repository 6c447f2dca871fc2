package app_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/agreements"
	"github.com/truce-monitor/truce/app"
	"github.com/truce-monitor/truce/news"
)

// TestImportNewsTwoOutlets: two outlets quoting one statement the same day
// give one claim, which names both; importing again stores nothing new.
func TestImportNewsTwoOutlets(t *testing.T) {
	ctx := context.Background()
	db := open(t)
	s := app.New(db)
	s.Now = func() time.Time { return time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC) }
	ag := agreements.MustAstana2017()
	if _, _, err := s.LoadAgreement(ctx, app.CLI, ag); err != nil {
		t.Fatal(err)
	}
	texts := map[string]string{
		"afp.txt": "Date: 2017-07-10\nOutlet: AFP\n\nSouthern Syria ceasefire holds.\n\n" +
			`"There are minor violations that do not affect the ceasefire in the south," said Observatory director Rami Abdel Rahman.` + "\n",
		"reuters.txt": "Date: 2017-07-10\nOutlet: Reuters\n\nTruce in south-west Syria largely holding.\n\n" +
			`Rami Abdel Rahman declared: "There are minor violations that do not affect the ceasefire in the south."` + "\n",
	}
	read := func() *app.NewsRead {
		var arts []*news.Article
		for _, name := range []string{"afp.txt", "reuters.txt"} {
			a, err := news.Parse(strings.NewReader(texts[name]), name, news.Options{})
			if err != nil {
				t.Fatal(err)
			}
			arts = append(arts, a)
		}
		r, err := s.ReadNews(ctx, arts, app.NewsOptions{Check: true})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	r := read()
	if r.Unchecked == "" {
		t.Errorf("nothing is judged, yet Unchecked is empty")
	}
	claims := r.Claims()
	if len(claims) != 1 {
		for _, a := range r.Articles {
			for _, it := range a.Items {
				t.Logf("%s#%d %q: claim %v, skip %q", a.Name, it.N, it.Sentence, it.Claim != nil, it.Skip)
			}
		}
		t.Fatalf("%d claims, want 1", len(claims))
	}
	if c := claims[0]; !strings.Contains(strings.Join(c.Notes, "\n"), "also reported: Reuters, reuters.txt#sentence-") {
		t.Errorf("notes %q do not name the second outlet", c.Notes)
	}
	if _, err := s.ImportNews(ctx, app.CLI, r); err != nil {
		t.Fatal(err)
	}
	if claims[0].ID == 0 {
		t.Fatal("the stored claim has no ID")
	}
	again := read()
	if n := len(again.Claims()); n != 0 {
		t.Fatalf("importing again reads %d new claims, want 0", n)
	}
	stored, err := db.Claims(ctx)
	if err != nil || len(stored) != 1 {
		t.Fatalf("stored %d claims (%v), want 1", len(stored), err)
	}
	entries := 0
	if err := db.LogEntries(ctx, 0, 1<<30, func(e *truce.LogEntry) error {
		if e.Kind == truce.LogImport {
			entries++
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if entries != 1 {
		t.Errorf("%d import entries in the log, want 1", entries)
	}
}
