package http

import (
	"encoding/json"
	nethttp "net/http"
	"strconv"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/app"
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
	t, secret, err := s.app.CreateToken(ctx, id.Name, app.NewToken{Name: q.Name, Role: truce.Role(q.Role), ExpiresInDays: q.ExpiresInDays})
	if err != nil {
		s.Error(w, r, err)
		return
	}
	out := tokenJSON(t)
	out["token"] = secret
	s.writeJSONStatus(w, r, nethttp.StatusCreated, out)
}

func (s *Server) handleRevokeToken(w nethttp.ResponseWriter, r *nethttp.Request) {
	ctx := r.Context()
	id := IdentityOf(ctx)
	t, err := s.app.RevokeToken(ctx, id.Name, r.PathValue("name"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.auth.forget(t.Name)
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
	h := &truce.Webhook{URL: q.URL, Events: q.Events, Secret: q.Secret}
	if err := s.app.CreateWebhook(ctx, id.Name, h); err != nil {
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
	if err := s.app.DeleteWebhook(ctx, IdentityOf(ctx).Name, id); err != nil {
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
