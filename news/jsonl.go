package news

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/truce-monitor/truce"
)

// jsonItem is one line of a JSON Lines file of articles: the shape news
// archives and scrapers write (and Truce's shared news sample uses). Only
// text is required.
type jsonItem struct {
	ID     string `json:"id"`
	URL    string `json:"url"`
	Date   string `json:"date"`
	Lang   string `json:"lang"`
	Title  string `json:"title"`
	Outlet string `json:"outlet"`
	Text   string `json:"text"`
}

// maxJSONLine bounds one line of a JSON Lines file: an article and its
// fields.
const maxJSONLine = maxArticle + 64<<10

// ParseJSONLines reads a JSON Lines file of articles, one object a line
// with "text" and optionally "id", "url", "date" (YYYY-MM-DD), "lang" (an
// ISO 639-1 code, possibly followed by words: "en (machine-translated)"),
// "title" and "outlet". An item that cannot be read (bad JSON, no text,
// no date where opts gives none) is not fatal: it is returned in skipped,
// naming the file and line, and the others are read.
func ParseJSONLines(r io.Reader, name string, opts Options) (arts []*Article, skipped []error, err error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), maxJSONLine)
	line := 0
	for sc.Scan() {
		line++
		raw := strings.TrimSpace(sc.Text())
		if raw == "" {
			continue
		}
		var it jsonItem
		if err := json.Unmarshal([]byte(raw), &it); err != nil {
			skipped = append(skipped, truce.Errorf(truce.EINVALID, "%s:%d: not a JSON object: %v", name, line, err))
			continue
		}
		ref := fmt.Sprintf("%s:%d", name, line)
		if it.ID != "" {
			ref = name + "#" + it.ID
		}
		if strings.TrimSpace(it.Text) == "" {
			skipped = append(skipped, truce.Errorf(truce.EINVALID, "%s:%d: field text: empty", name, line))
			continue
		}
		o := opts
		if d := strings.TrimSpace(it.Date); d != "" && o.Date.IsZero() {
			if t, err := time.Parse(truce.DateLayout, d); err == nil {
				o.Date = t
			}
		}
		if l := strings.Fields(it.Lang); len(l) > 0 && o.Lang == "" && len(l[0]) == 2 {
			o.Lang = strings.ToLower(l[0])
		}
		a, err := Parse(strings.NewReader(it.Text), ref, o)
		if err != nil {
			if it.Date != "" && o.Date.IsZero() {
				err = truce.Errorf(truce.EINVALID, "%s:%d: field date %q is not YYYY-MM-DD and the text gives none (pass --date to set one): %s", name, line, it.Date, truce.ErrorMessage(err))
			}
			skipped = append(skipped, err)
			continue
		}
		if it.URL != "" {
			a.URL = it.URL
		}
		if it.Title != "" && a.Title == "" {
			a.Title = it.Title
		}
		if it.Outlet != "" && a.Outlet == "" {
			a.Outlet = it.Outlet
		}
		arts = append(arts, a)
	}
	if err := sc.Err(); err != nil {
		if err == bufio.ErrTooLong {
			return arts, skipped, truce.Errorf(truce.EINVALID, "%s:%d: a line longer than %d bytes: not an article", name, line+1, maxJSONLine)
		}
		return arts, skipped, fmt.Errorf("%s: %w", name, err)
	}
	return arts, skipped, nil
}
