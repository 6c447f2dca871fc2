package app

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/netip"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/alert"
	"github.com/truce-monitor/truce/ledger"
)

// ValidTokenName reports whether name may name a token: 1 to 100
// letters, digits and - _ . @ : (names appear in the public log).
func ValidTokenName(name string) bool {
	if name == "" || len(name) > 100 {
		return false
	}
	for _, c := range name {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.ContainsRune("-_.@:", c)) {
			return false
		}
	}
	return true
}

// NewToken is a token to create.
type NewToken struct {
	Name          string
	Role          truce.Role
	ExpiresInDays int // 0: never
}

// CreateToken creates a token for actor and logs it; it returns the token
// and its secret, which is shown only now (the store keeps its hash).
func (s *Service) CreateToken(ctx context.Context, actor string, q NewToken) (*truce.Token, string, error) {
	var fe truce.FieldErrors
	if !ValidTokenName(q.Name) {
		fe.Add("name", "required: 1 to 100 letters, digits and - _ . @ : (it appears in the public log)")
	}
	if _, err := truce.ParseRole(string(q.Role)); err != nil {
		fe.Add("role", "%s", truce.ErrorMessage(err))
	}
	if q.ExpiresInDays < 0 || q.ExpiresInDays > 3650 {
		fe.Add("expires_in_days", "0 (never) to 3650")
	}
	if err := fe.Err(); err != nil {
		return nil, "", err
	}
	secret, hash := truce.NewTokenSecret()
	now := s.Now().UTC().Truncate(time.Second)
	t := &truce.Token{Name: q.Name, Role: q.Role, Hash: hash, CreatedAt: now, CreatedBy: actor}
	if q.ExpiresInDays > 0 {
		t.ExpiresAt = now.AddDate(0, 0, q.ExpiresInDays)
	}
	_, err := s.logged(ctx, truce.LogToken, actor,
		func(ctx context.Context) error { return s.Store.CreateToken(ctx, t) },
		func() any { return ledger.NewTokenBody("create", t) })
	if err != nil {
		return nil, "", err
	}
	return t, secret, nil
}

// RevokeToken revokes the token named (or numbered) name and logs it.
func (s *Service) RevokeToken(ctx context.Context, actor, name string) (*truce.Token, error) {
	var t *truce.Token
	_, err := s.logged(ctx, truce.LogToken, actor,
		func(ctx context.Context) (err error) {
			t, err = s.Store.RevokeToken(ctx, name, s.Now().UTC())
			return err
		},
		func() any { return ledger.NewTokenBody("revoke", t) })
	return t, err
}

// ValidateWebhook checks a webhook's URL and events, naming the field at
// fault. Unless allowPrivate, a URL whose host is a loopback, private or
// link-local address, or localhost, is refused: a webhook must not make
// the server probe its own network. (Names are checked again when
// delivering, after they resolve: alert.Dispatcher.)
func ValidateWebhook(h *truce.Webhook, allowPrivate bool) error {
	var fe truce.FieldErrors
	u, err := url.Parse(h.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		fe.Add("url", "want an absolute http or https URL, got %q", h.URL)
	} else if !allowPrivate {
		host := strings.ToLower(strings.TrimSuffix(u.Hostname(), "."))
		ip, ipErr := netip.ParseAddr(host)
		if host == "localhost" || strings.HasSuffix(host, ".localhost") || ipErr == nil && !alert.PublicAddr(ip) {
			fe.Add("url", "%s is a loopback, private or link-local address: refused unless the server allows private webhooks (--allow-private-webhooks)", u.Hostname())
		}
	}
	for _, e := range h.Events {
		if !slices.Contains(truce.AlertKinds, e) {
			fe.Add("events", "%q is not an alert kind: want %s", e, strings.Join(truce.AlertKinds, " or "))
		}
	}
	if len(h.Secret) < 16 {
		fe.Add("secret", "at least 16 characters")
	}
	return fe.Err()
}

// NewWebhookSecret returns a random secret for a webhook.
func NewWebhookSecret() string {
	b := make([]byte, 24)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// CreateWebhook validates h (giving it a secret when it has none), stores
// it and logs it.
func (s *Service) CreateWebhook(ctx context.Context, actor string, h *truce.Webhook) error {
	if h.Secret == "" {
		h.Secret = NewWebhookSecret()
	}
	h.CreatedAt, h.CreatedBy = s.Now().UTC().Truncate(time.Second), actor
	if err := ValidateWebhook(h, s.AllowPrivateWebhooks); err != nil {
		return err
	}
	_, err := s.logged(ctx, truce.LogWebhook, actor,
		func(ctx context.Context) error { return s.Store.CreateWebhook(ctx, h) },
		func() any { return ledger.NewWebhookBody("create", h) })
	return err
}

// DeleteWebhook deletes webhook id and logs it.
func (s *Service) DeleteWebhook(ctx context.Context, actor string, id int64) error {
	_, err := s.logged(ctx, truce.LogWebhook, actor,
		func(ctx context.Context) error { return s.Store.DeleteWebhook(ctx, id) },
		func() any { return ledger.WebhookBody{Action: "delete", ID: id} })
	return err
}
