package news

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/truce-monitor/truce"
)

// IsFeed says whether a file's first bytes are an RSS or Atom feed rather
// than an article: an XML document whose root is <rss> or <feed>. HTML
// pages are articles.
func IsFeed(head []byte) bool {
	s := strings.ToLower(string(head))
	if i := strings.Index(s, "<rss"); i >= 0 && !strings.Contains(s[:i], "<html") {
		return true
	}
	i := strings.Index(s, "<feed")
	return i >= 0 && !strings.Contains(s[:i], "<html") && strings.Contains(s, "2005/atom")
}

// rssItem and atomEntry are the parts of feed entries Truce reads.
type rssItem struct {
	Title       string `xml:"title"`
	Link        string `xml:"link"`
	GUID        string `xml:"guid"`
	PubDate     string `xml:"pubDate"`
	Date        string `xml:"http://purl.org/dc/elements/1.1/ date"`
	Description string `xml:"description"`
	Content     string `xml:"http://purl.org/rss/1.0/modules/content/ encoded"`
}

type atomEntry struct {
	Title atomText `xml:"title"`
	Links []struct {
		Href string `xml:"href,attr"`
		Rel  string `xml:"rel,attr"`
	} `xml:"link"`
	Updated   string   `xml:"updated"`
	Published string   `xml:"published"`
	Summary   atomText `xml:"summary"`
	Content   atomText `xml:"content"`
}

// atomText keeps an Atom text construct's markup: type="xhtml" content is
// child elements, not character data.
type atomText struct {
	Type  string `xml:"type,attr"`
	Inner string `xml:",innerxml"`
}

func (t atomText) text() string {
	s := t.Inner
	if t.Type != "xhtml" {
		// text and html content arrive escaped (or in CDATA): unescape
		// once, as a reader would, and strip the markup that leaves.
		var b strings.Builder
		d := xml.NewDecoder(strings.NewReader("<x>" + s + "</x>"))
		d.Strict = false
		d.Entity = xml.HTMLEntity
		for {
			tok, err := d.Token()
			if err != nil {
				break
			}
			if cd, ok := tok.(xml.CharData); ok {
				b.Write(cd)
			}
		}
		s = b.String()
	}
	return s
}

// maxFeedItems bounds a feed: far beyond what news feeds carry.
const maxFeedItems = 10000

// ParseFeed reads an RSS 2.0 or Atom feed from r, named name, into one
// article per item or entry: title, link, publication date (pubDate or
// dc:date; Atom published, else updated) and body (content:encoded or
// description; Atom content or summary) reduced from HTML to text. Each
// article is named NAME#item-N. An item without a date takes opts.Date;
// without either it is an error naming the item and its line, as is XML
// that does not parse.
func ParseFeed(r io.Reader, name string, opts Options) ([]*Article, error) {
	d := xml.NewDecoder(io.LimitReader(r, 64<<20))
	d.Strict = false // feeds in the wild carry HTML entities (&nbsp;) and unclosed tags
	d.Entity = xml.HTMLEntity
	d.CharsetReader = charsetReader
	var out []*Article
	n := 0
	for {
		line, _ := d.InputPos()
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, truce.Errorf(truce.EINVALID, "%s:%d: not a readable feed: %v", name, line, err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok || se.Name.Local != "item" && se.Name.Local != "entry" {
			continue
		}
		n++
		if n > maxFeedItems {
			return nil, truce.Errorf(truce.EINVALID, "%s: more than %d items: not a news feed", name, maxFeedItems)
		}
		line, _ = d.InputPos()
		var title, link, date, body, field string
		if se.Name.Local == "item" {
			var it rssItem
			if err := d.DecodeElement(&it, &se); err != nil {
				return nil, truce.Errorf(truce.EINVALID, "%s:%d: item %d: %v", name, line, n, err)
			}
			title, link, date, body, field = it.Title, it.Link, it.PubDate, it.Content, "pubDate"
			if date == "" {
				date = it.Date
			}
			if link == "" {
				link = it.GUID
			}
			if strings.TrimSpace(body) == "" {
				body = it.Description
			}
		} else {
			var e atomEntry
			if err := d.DecodeElement(&e, &se); err != nil {
				return nil, truce.Errorf(truce.EINVALID, "%s:%d: entry %d: %v", name, line, n, err)
			}
			title, date, field = e.Title.text(), e.Published, "published"
			if date == "" {
				date, field = e.Updated, "updated"
			}
			for _, l := range e.Links {
				if l.Rel == "" || l.Rel == "alternate" {
					link = l.Href
					break
				}
			}
			body = e.Content.text()
			if strings.TrimSpace(stripTags(body)) == "" {
				body = e.Summary.text()
			}
		}
		itemName := fmt.Sprintf("%s#item-%d", name, n)
		o := opts
		if strings.TrimSpace(date) != "" {
			t, err := parseFeedDate(date)
			if err != nil {
				return nil, truce.Errorf(truce.EINVALID, "%s:%d: item %d: field %s: %q is no date (want RFC 822 or RFC 3339)", name, line, n, field, strings.TrimSpace(date))
			}
			o.Date = t
		} else if opts.Date.IsZero() {
			return nil, truce.Errorf(truce.EINVALID, "%s:%d: item %d: field %s is missing: pass --date YYYY-MM-DD", name, line, n, field)
		}
		text, _ := stripHTML(body)
		// The header format Parse reads: the feed's date and title win
		// over anything the body says, the dateline still gives the outlet.
		var b bytes.Buffer
		fmt.Fprintf(&b, "Date: %s\nTitle: %s\n", o.Date.Format(truce.DateLayout), oneLine(title))
		if link = oneLine(link); link != "" {
			fmt.Fprintf(&b, "URL: %s\n", link)
		}
		b.WriteString("\n")
		b.WriteString(text)
		a, err := Parse(&b, itemName, o)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	if n == 0 {
		return nil, truce.Errorf(truce.EINVALID, "%s: no <item> or <entry>: not an RSS or Atom feed", name)
	}
	return out, nil
}

func oneLine(s string) string { return strings.Join(strings.Fields(stripTags(s)), " ") }

func stripTags(s string) string { return reTag.ReplaceAllString(s, "") }

// parseFeedDate reads the date formats feeds use: RFC 822/1123 with or
// without the weekday, with named or numeric zones, and RFC 3339.
func parseFeedDate(s string) (time.Time, error) {
	s = strings.Join(strings.Fields(s), " ")
	for _, layout := range []string{time.RFC1123Z, time.RFC1123, "Mon, 2 Jan 2006 15:04:05 -0700", "Mon, 2 Jan 2006 15:04:05 MST",
		"2 Jan 2006 15:04:05 -0700", "2 Jan 2006 15:04:05 MST", "Mon, 02 Jan 2006 15:04 -0700", time.RFC3339, time.RFC3339Nano,
		"2006-01-02T15:04:05", "2006-01-02", time.RFC822, time.RFC822Z} {
		if t, err := time.Parse(layout, s); err == nil {
			return truncDay(t.UTC()), nil
		}
	}
	return time.Time{}, errors.New("bad date")
}

// charsetReader lets encoding/xml read the non-UTF-8 encodings feeds
// still declare: US-ASCII (a subset) and ISO-8859-1/Windows-1252 (mapped
// byte by byte; 1252's 0x80–0x9F punctuation becomes its Unicode).
func charsetReader(label string, in io.Reader) (io.Reader, error) {
	switch strings.ToLower(label) {
	case "utf-8", "utf8", "us-ascii", "ascii":
		return in, nil
	case "iso-8859-1", "latin1", "latin-1", "windows-1252", "cp1252":
		b, err := io.ReadAll(in)
		if err != nil {
			return nil, err
		}
		var out strings.Builder
		for _, c := range b {
			if r, ok := cp1252[c]; ok {
				out.WriteRune(r)
			} else {
				out.WriteRune(rune(c))
			}
		}
		return strings.NewReader(out.String()), nil
	}
	return nil, fmt.Errorf("encoding %q is not supported (UTF-8, US-ASCII, ISO-8859-1, Windows-1252 are)", label)
}

var cp1252 = map[byte]rune{0x80: '€', 0x82: '‚', 0x84: '„', 0x85: '…', 0x91: '‘', 0x92: '’', 0x93: '“', 0x94: '”', 0x96: '–', 0x97: '—'}
