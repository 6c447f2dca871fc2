package web

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func get(t *testing.T, h http.Handler, path string) *httptest.ResponseRecorder {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	return rec
}

func TestHandlerServesAppForClientRoutes(t *testing.T) {
	h := Handler(Options{})
	for _, p := range []string{"/", "/status", "/zones/idlib", "/incidents/42", "/claims", "/bulletins/2017-06-15", "/submit", "/signin"} {
		rec := get(t, h, p)
		if rec.Code != http.StatusOK {
			t.Fatalf("%s: status %d", p, rec.Code)
		}
		body := rec.Body.String()
		if !strings.Contains(body, `<script type="module" src="/assets/`) {
			t.Fatalf("%s: not the app's index.html:\n%s", p, body)
		}
		if strings.Contains(body, tilePlaceholder) || strings.Contains(body, "<script>") {
			t.Fatalf("%s: placeholder left or inline script", p)
		}
		if cc := rec.Header().Get("Cache-Control"); cc != "no-cache" {
			t.Errorf("%s: Cache-Control %q", p, cc)
		}
	}
}

func TestAssetsCachedAndMissingAssets404(t *testing.T) {
	h := Handler(Options{})
	body := get(t, h, "/").Body.String()
	i := strings.Index(body, `src="/assets/`) + len(`src="`)
	j := strings.Index(body[i:], `"`)
	asset := body[i : i+j]
	rec := get(t, h, asset)
	if rec.Code != http.StatusOK || !strings.Contains(rec.Header().Get("Cache-Control"), "immutable") {
		t.Fatalf("%s: status %d, Cache-Control %q", asset, rec.Code, rec.Header().Get("Cache-Control"))
	}
	if ct := rec.Header().Get("Content-Type"); !strings.Contains(ct, "javascript") {
		t.Errorf("%s: Content-Type %q", asset, ct)
	}
	if rec := get(t, h, "/assets/nope.js"); rec.Code != http.StatusNotFound {
		t.Errorf("missing asset: status %d", rec.Code)
	}
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/", nil))
	if rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST /: status %d", rec.Code)
	}
}

func TestCSP(t *testing.T) {
	h := Handler(Options{})
	csp := get(t, h, "/").Header().Get("Content-Security-Policy")
	for _, want := range []string{"script-src 'self'", "img-src 'self' data: blob:;", "default-src 'none'", "frame-ancestors 'none'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("CSP %q lacks %q", csp, want)
		}
	}
	if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "http") {
		t.Errorf("CSP %q allows inline code or another host", csp)
	}
	for _, c := range []struct{ url, want string }{
		{"https://{s}.tile.example.org/{z}/{x}/{y}.png", "img-src 'self' data: blob: https://*.tile.example.org;"},
		{"https://tiles.example.net/{z}/{x}/{y}.png?key=1", "img-src 'self' data: blob: https://tiles.example.net;"},
		{"javascript:alert(1)", "img-src 'self' data: blob:;"},
	} {
		if got := CSP(c.url); !strings.Contains(got, c.want) {
			t.Errorf("CSP(%q) = %q, want %q", c.url, got, c.want)
		}
	}
	rec := get(t, Handler(Options{TileURL: `https://t.example.org/{z}/{x}/{y}.png?a="<b>`}), "/")
	if !strings.Contains(rec.Body.String(), `content="https://t.example.org/{z}/{x}/{y}.png?a=&#34;&lt;b&gt;"`) {
		t.Errorf("tile URL not escaped into the page:\n%s", rec.Body.String())
	}
}
