// Package web serves Truce's web dashboard: the single-page app built from
// web/src into web/dist (committed, so `go build` needs no Node) and embedded
// in the binary. It owns the dashboard's routes ("/" and the app's client
// routes), its static assets and their cache headers, and the dashboard's
// Content-Security-Policy. Everything it shows comes from the JSON API under
// /api/v1; nothing is fetched from the internet unless Options.TileURL names
// an online tile layer.
//
// Rebuild the assets with `cd web && npm ci && npm run build`.
package web

import (
	"bytes"
	"embed"
	"html"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strings"
)

//go:embed all:dist
var dist embed.FS

// Options tune the dashboard; zero values mean the defaults.
type Options struct {
	// TileURL is an optional online tile layer in Leaflet's template form,
	// e.g. "https://{s}.tile.example.org/{z}/{x}/{y}.png". Empty (the
	// default): no tiles; the map draws zones and incidents on a plain
	// background and works offline.
	TileURL string
	// TileAttribution is shown on the map when TileURL is set.
	TileAttribution string
}

// tilePlaceholder is the marker in dist/index.html replaced by the
// escaped tile settings.
const tilePlaceholder = "{{TRUCE_TILES}}"

type handler struct {
	assets http.Handler
	index  []byte
	csp    string
}

// Handler returns the dashboard's handler: assets under /assets/ with
// long-lived cache headers (their names carry a content hash), a few root
// files, and index.html (not cached) for every other path, which the app
// routes on the client.
func Handler(opts Options) http.Handler {
	sub, err := fs.Sub(dist, "dist")
	if err != nil {
		panic(err) // the embed pattern guarantees dist exists
	}
	index, err := fs.ReadFile(sub, "index.html")
	if err != nil {
		index = []byte("<!doctype html><title>Truce</title><p>The dashboard assets are not built: run <code>cd web &amp;&amp; npm ci &amp;&amp; npm run build</code>.")
	}
	meta := `<meta name="truce-tiles" content="` + html.EscapeString(opts.TileURL) + `">` +
		`<meta name="truce-tiles-attribution" content="` + html.EscapeString(opts.TileAttribution) + `">`
	index = bytes.Replace(index, []byte(tilePlaceholder), []byte(meta), 1)
	return &handler{assets: http.FileServerFS(sub), index: index, csp: CSP(opts.TileURL)}
}

// CSP returns the dashboard's Content-Security-Policy: scripts, styles and
// data from the same origin only, no inline scripts, and images from the
// tile host only when tileURL is set.
func CSP(tileURL string) string {
	img := "img-src 'self' data: blob:"
	if host := tileSource(tileURL); host != "" {
		img += " " + host
	}
	return strings.Join([]string{
		"default-src 'none'", "script-src 'self'", "style-src 'self'", img, "connect-src 'self'", "font-src 'self'",
		"manifest-src 'self'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'", "object-src 'none'",
	}, "; ")
}

// tileSource returns the CSP source of a tile URL template: scheme and host,
// with Leaflet's {s} subdomain placeholder as a wildcard.
func tileSource(tileURL string) string {
	if tileURL == "" {
		return ""
	}
	u, err := url.Parse(strings.NewReplacer("{s}", "s", "{z}", "0", "{x}", "0", "{y}", "0", "{r}", "").Replace(tileURL))
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return ""
	}
	host := u.Host
	if strings.Contains(tileURL, "{s}.") {
		host = "*." + strings.SplitN(host, ".", 2)[1]
	}
	return u.Scheme + "://" + host
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	hd := w.Header()
	hd.Set("Content-Security-Policy", h.csp)
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Referrer-Policy", "no-referrer")
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		hd.Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	p := path.Clean("/" + r.URL.Path)
	switch {
	case strings.HasPrefix(p, "/assets/"):
		if _, err := fs.Stat(dist, "dist"+p); err != nil {
			http.NotFound(w, r)
			return
		}
		hd.Set("Cache-Control", "public, max-age=31536000, immutable")
		h.assets.ServeHTTP(w, r)
	case p == "/favicon.svg" || p == "/robots.txt":
		hd.Set("Cache-Control", "public, max-age=86400")
		h.assets.ServeHTTP(w, r)
	case p == "/index.html":
		http.Redirect(w, r, "/", http.StatusMovedPermanently)
	default:
		// The app's client routes: /, /status, /zones/ID, /incidents/ID, …
		hd.Set("Content-Type", "text/html; charset=utf-8")
		hd.Set("Cache-Control", "no-cache")
		w.Write(h.index)
	}
}
