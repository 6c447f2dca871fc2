package http

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	nethttp "net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/truce-monitor/truce"
)

func tokenJSON(t *truce.Token) map[string]any {
	m := map[string]any{"id": t.ID, "name": t.Name, "role": t.Role, "created_at": t.CreatedAt, "created_by": t.CreatedBy}
	if !t.ExpiresAt.IsZero() {
		m["expires_at"] = t.ExpiresAt
	}
	if !t.RevokedAt.IsZero() {
		m["revoked_at"] = t.RevokedAt
	}
	return m
}

func (s *Server) handleTokens(w nethttp.ResponseWriter, r *nethttp.Request) {
	list, err := s.store.Tokens(r.Context())
	if err != nil {
		s.Error(w, r, err)
		return
	}
	out := make([]map[string]any, len(list))
	for i := range list {
		out[i] = tokenJSON(&list[i])
	}
	s.writeJSON(w, r, "application/json", map[string]any{"tokens": out})
}

// ValidTokenName reports whether name can name a token: it appears in the
// public log, so it is kept to a plain, printable form.
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

func (s *Server) handleCreateToken(w nethttp.ResponseWriter, r *nethttp.Request) {
	ctx := r.Context()
	id := IdentityOf(ctx)
	var q struct {
		Name          string `json:"name"`
		Role          string `json:"role"`
		ExpiresInDays int    `json:"expires_in_days,omitempty"`
	}
	if err := decodeJSON(r, &q); err != nil {
		s.Error(w, r, err)
		return
	}
	var fe FieldErrors
	if !ValidTokenName(q.Name) {
		fe.add("name", "required: 1 to 100 letters, digits and - _ . @ : (it appears in the public log)")
	}
	role, err := truce.ParseRole(q.Role)
	if err != nil {
		fe.add("role", "%s", truce.ErrorMessage(err))
	}
	if q.ExpiresInDays < 0 || q.ExpiresInDays > 3650 {
		fe.add("expires_in_days", "0 (never) to 3650")
	}
	if err := fe.err(); err != nil {
		s.Error(w, r, err)
		return
	}
	secret, hash := truce.NewTokenSecret()
	now := s.now().UTC().Truncate(time.Second)
	t := &truce.Token{Name: q.Name, Role: role, Hash: hash, CreatedAt: now, CreatedBy: id.Name}
	if q.ExpiresInDays > 0 {
		t.ExpiresAt = now.AddDate(0, 0, q.ExpiresInDays)
	}
	if err := s.store.CreateToken(ctx, t); err != nil {
		s.Error(w, r, err)
		return
	}
	if _, err := s.ledger.Record(ctx, truce.LogToken, id.Name, TokenLogBody("create", t)); err != nil {
		s.Error(w, r, err)
		return
	}
	out := tokenJSON(t)
	out["token"] = secret
	s.writeJSONStatus(w, r, nethttp.StatusCreated, out)
}

// TokenLogBody is what the log records of a token change: never its hash.
func TokenLogBody(action string, t *truce.Token) map[string]any {
	b := map[string]any{"action": action, "id": t.ID, "name": t.Name, "role": t.Role}
	if !t.ExpiresAt.IsZero() {
		b["expires_at"] = t.ExpiresAt.UTC().Format(time.RFC3339)
	}
	return b
}

func (s *Server) handleRevokeToken(w nethttp.ResponseWriter, r *nethttp.Request) {
	ctx := r.Context()
	id := IdentityOf(ctx)
	t, err := s.store.RevokeToken(ctx, r.PathValue("name"), s.now().UTC())
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.auth.forget(t.Name)
	if _, err := s.ledger.Record(ctx, truce.LogToken, id.Name, TokenLogBody("revoke", t)); err != nil {
		s.Error(w, r, err)
		return
	}
	s.writeJSON(w, r, "application/json", tokenJSON(t))
}

func webhookJSON(h *truce.Webhook) map[string]any {
	ev := h.Events
	if ev == nil {
		ev = []string{}
	}
	return map[string]any{"id": h.ID, "url": h.URL, "events": ev, "created_at": h.CreatedAt, "created_by": h.CreatedBy}
}

func (s *Server) handleWebhooks(w nethttp.ResponseWriter, r *nethttp.Request) {
	list, err := s.store.Webhooks(r.Context())
	if err != nil {
		s.Error(w, r, err)
		return
	}
	out := make([]map[string]any, len(list))
	for i := range list {
		out[i] = webhookJSON(&list[i])
	}
	s.writeJSON(w, r, "application/json", map[string]any{"webhooks": out})
}

// ValidateWebhook checks a webhook's URL and events, naming the field at
// fault.
func ValidateWebhook(h *truce.Webhook) error {
	var fe FieldErrors
	u, err := url.Parse(h.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		fe.add("url", "want an absolute http or https URL, got %q", h.URL)
	}
	for _, e := range h.Events {
		if !slices.Contains(truce.AlertKinds, e) {
			fe.add("events", "%q is not an alert kind: want %s", e, strings.Join(truce.AlertKinds, " or "))
		}
	}
	if len(h.Secret) < 16 {
		fe.add("secret", "at least 16 characters")
	}
	return fe.err()
}

// WebhookLogBody is what the log records of a webhook: its URL without
// query or credentials, which may carry secrets.
func WebhookLogBody(action string, h *truce.Webhook) map[string]any {
	u, _ := url.Parse(h.URL)
	shown := h.URL
	if u != nil {
		shown = u.Scheme + "://" + u.Host + u.Path
	}
	return map[string]any{"action": action, "id": h.ID, "url": shown, "events": h.Events}
}

// NewWebhookSecret returns a random secret for a webhook.
func NewWebhookSecret() string {
	b := make([]byte, 24)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func (s *Server) handleCreateWebhook(w nethttp.ResponseWriter, r *nethttp.Request) {
	ctx := r.Context()
	id := IdentityOf(ctx)
	var q struct {
		URL    string   `json:"url"`
		Events []string `json:"events,omitempty"`
		Secret string   `json:"secret,omitempty"`
	}
	if err := decodeJSON(r, &q); err != nil {
		s.Error(w, r, err)
		return
	}
	if q.Secret == "" {
		q.Secret = NewWebhookSecret()
	}
	h := &truce.Webhook{URL: q.URL, Events: q.Events, Secret: q.Secret, CreatedAt: s.now().UTC().Truncate(time.Second), CreatedBy: id.Name}
	if err := ValidateWebhook(h); err != nil {
		s.Error(w, r, err)
		return
	}
	if err := s.store.CreateWebhook(ctx, h); err != nil {
		s.Error(w, r, err)
		return
	}
	if _, err := s.ledger.Record(ctx, truce.LogWebhook, id.Name, WebhookLogBody("create", h)); err != nil {
		s.Error(w, r, err)
		return
	}
	out := webhookJSON(h)
	out["secret"] = h.Secret
	s.writeJSONStatus(w, r, nethttp.StatusCreated, out)
}

func pathID(r *nethttp.Request, name string) (int64, error) {
	v, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || v < 1 {
		return 0, invalid("%s %q: want a positive number", name, r.PathValue(name))
	}
	return v, nil
}

func (s *Server) handleDeleteWebhook(w nethttp.ResponseWriter, r *nethttp.Request) {
	ctx := r.Context()
	id, err := pathID(r, "id")
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if err := s.store.DeleteWebhook(ctx, id); err != nil {
		s.Error(w, r, err)
		return
	}
	if _, err := s.ledger.Record(ctx, truce.LogWebhook, IdentityOf(ctx).Name, map[string]any{"action": "delete", "id": id}); err != nil {
		s.Error(w, r, err)
		return
	}
	w.WriteHeader(nethttp.StatusNoContent)
}

func deliveryJSON(d *truce.Delivery) map[string]any {
	m := map[string]any{"id": d.ID, "alert_id": d.AlertID, "webhook_id": d.WebhookID, "state": d.State, "attempts": d.Attempts,
		"last_status": d.LastStatus, "last_error": d.LastError, "updated_at": d.UpdatedAt}
	if d.State == truce.DeliveryPending {
		m["next_attempt"] = d.NextAttempt
	}
	return m
}

func (s *Server) handleDeliveries(w nethttp.ResponseWriter, r *nethttp.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.Error(w, r, err)
		return
	}
	list, err := s.store.Deliveries(r.Context(), 0, id)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	out := make([]map[string]any, len(list))
	for i := range list {
		out[i] = deliveryJSON(&list[i])
	}
	s.writeJSON(w, r, "application/json", map[string]any{"deliveries": out})
}

func (s *Server) handleAlerts(w nethttp.ResponseWriter, r *nethttp.Request) {
	limit := 100
	if v := r.URL.Query().Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > MaxLimit {
			s.Error(w, r, invalid("limit %q: want 1 to %d", v, MaxLimit))
			return
		}
		limit = n
	}
	list, err := s.store.Alerts(r.Context(), limit)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	out := make([]map[string]any, len(list))
	for i, a := range list {
		out[i] = map[string]any{"id": a.ID, "kind": a.Kind, "key": a.Key, "created_at": a.CreatedAt, "body": jsonRaw(a.Body)}
	}
	s.writeJSON(w, r, "application/json", map[string]any{"alerts": out})
}

// jsonRaw embeds stored JSON as is, or as a string when it is not JSON.
func jsonRaw(b []byte) any {
	if len(b) > 0 && (b[0] == '{' || b[0] == '[') {
		return json.RawMessage(b)
	}
	return string(b)
}
