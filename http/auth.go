package http

import (
	"context"
	"net"
	nethttp "net/http"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/truce-monitor/truce"
)

// Permission is what an endpoint requires. Each role holds a fixed set
// (rolePerms): the one table the role × endpoint matrix test walks.
type Permission string

// Permissions.
const (
	PermNone        Permission = ""             // operational endpoints: anyone
	PermRead        Permission = "read"         // the public record: agreements, zones, incidents, status, claims, the log
	PermReadReports Permission = "read_reports" // every submission, submitter names, evidence files
	PermReadOwn     Permission = "read_own"     // one's own submissions and evidence
	PermSubmit      Permission = "submit"       // submit reports and evidence
	PermAdjudicate  Permission = "adjudicate"   // re-judge incidents, read alerts
	PermCheckClaims Permission = "check_claims" // check and store claims
	PermAdmin       Permission = "admin"        // tokens, webhooks, metrics
)

var rolePerms = map[truce.Role][]Permission{
	truce.RoleAdmin:   {PermRead, PermReadReports, PermReadOwn, PermSubmit, PermAdjudicate, PermCheckClaims, PermAdmin},
	truce.RoleAnalyst: {PermRead, PermReadReports, PermReadOwn, PermSubmit, PermAdjudicate, PermCheckClaims},
	truce.RoleMonitor: {PermRead, PermReadOwn, PermSubmit},
	truce.RoleViewer:  {PermRead},
}

// anonymousPerms are what a request without a token may do on a server in
// public mode.
var anonymousPerms = []Permission{PermRead}

// Identity is who made a request.
type Identity struct {
	Name      string // the token's name; "" for anonymous
	Role      truce.Role
	Anonymous bool
	perms     []Permission
}

// Can reports whether the identity holds p.
func (id *Identity) Can(p Permission) bool {
	if p == PermNone {
		return true
	}
	for _, q := range id.perms {
		if q == p {
			return true
		}
	}
	return false
}

// Permissions lists what the identity may do.
func (id *Identity) Permissions() []Permission { return append([]Permission(nil), id.perms...) }

type ctxKey struct{}

// IdentityOf returns the identity the auth middleware attached to ctx, or an
// anonymous one without permissions.
func IdentityOf(ctx context.Context) *Identity {
	if id, ok := ctx.Value(ctxKey{}).(*Identity); ok {
		return id
	}
	return &Identity{Anonymous: true}
}

// tokenCacheTTL bounds how long a revoked token keeps working on a server
// that has seen it: every server sharing a database notices a revocation
// within this time.
const tokenCacheTTL = 5 * time.Second

type cachedToken struct {
	tok     *truce.Token
	fetched time.Time
}

// authenticator resolves bearer tokens through a short cache, so a burst of
// requests costs one store lookup.
type authenticator struct {
	store  truce.TokenService
	public bool
	now    func() time.Time
	mu     sync.Mutex
	cache  map[string]cachedToken
}

func (a *authenticator) identify(r *nethttp.Request) (*Identity, error) {
	h := r.Header.Get("Authorization")
	if h == "" {
		if a.public {
			return &Identity{Anonymous: true, Role: truce.RoleViewer, perms: anonymousPerms}, nil
		}
		return nil, truce.Errorf(truce.EUNAUTHORIZED, "this server needs a token: send Authorization: Bearer <token> (create one with `truce token create`)")
	}
	scheme, secret, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || !strings.HasPrefix(secret, truce.TokenPrefix) {
		return nil, truce.Errorf(truce.EUNAUTHORIZED, "the Authorization header must be \"Bearer %s…\"", truce.TokenPrefix)
	}
	hash := truce.HashTokenSecret(secret)
	now := a.now()
	a.mu.Lock()
	c, ok := a.cache[hash]
	a.mu.Unlock()
	if !ok || now.Sub(c.fetched) > tokenCacheTTL {
		tok, err := a.store.FindTokenByHash(r.Context(), hash)
		switch {
		case truce.ErrorCode(err) == truce.ENOTFOUND:
			tok = nil
		case err != nil:
			return nil, err
		}
		c = cachedToken{tok: tok, fetched: now}
		a.mu.Lock()
		if len(a.cache) > 10000 {
			clear(a.cache) // bounded: unknown secrets must not grow it without end
		}
		a.cache[hash] = c
		a.mu.Unlock()
	}
	switch {
	case c.tok == nil:
		return nil, truce.Errorf(truce.EUNAUTHORIZED, "unknown token")
	case !c.tok.RevokedAt.IsZero() && !now.Before(c.tok.RevokedAt):
		return nil, truce.Errorf(truce.EUNAUTHORIZED, "token %q was revoked", c.tok.Name)
	case !c.tok.Valid(now):
		return nil, truce.Errorf(truce.EUNAUTHORIZED, "token %q expired on %s", c.tok.Name, c.tok.ExpiresAt.UTC().Format(time.RFC3339))
	}
	return &Identity{Name: c.tok.Name, Role: c.tok.Role, perms: rolePerms[c.tok.Role]}, nil
}

// forget drops a token from the cache, so a revocation made through this
// server takes effect here at once.
func (a *authenticator) forget(name string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for h, c := range a.cache {
		if c.tok != nil && c.tok.Name == name {
			delete(a.cache, h)
		}
	}
}

// limiter keeps one token bucket per client: the token's name, or the
// remote address for anonymous requests.
type limiter struct {
	rate  rate.Limit
	burst int
	mu    sync.Mutex
	m     map[string]*rate.Limiter
}

func newLimiter(perSecond float64, burst int) *limiter {
	if perSecond <= 0 {
		return nil
	}
	if burst <= 0 {
		burst = int(perSecond) * 2
	}
	return &limiter{rate: rate.Limit(perSecond), burst: max(burst, 1), m: map[string]*rate.Limiter{}}
}

func (l *limiter) allow(key string) bool {
	if l == nil {
		return true
	}
	l.mu.Lock()
	lim, ok := l.m[key]
	if !ok {
		if len(l.m) > 100000 {
			clear(l.m)
		}
		lim = rate.NewLimiter(l.rate, l.burst)
		l.m[key] = lim
	}
	l.mu.Unlock()
	return lim.Allow()
}

func clientKey(id *Identity, r *nethttp.Request) string {
	if !id.Anonymous {
		return "token:" + id.Name
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	return "ip:" + host
}
