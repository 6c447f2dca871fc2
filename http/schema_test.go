package http_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"maps"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	trucehttp "github.com/truce-monitor/truce/http"
)

var updateOpenAPI = flag.Bool("update-openapi", false, "rewrite the response schemas in openapi.json from what the handlers answer")

// schemaRoute is a route whose JSON answer TestOpenAPIResponses checks
// against openapi.json: who asks, with which request, and the status of the
// answer whose schema applies.
type schemaRoute struct {
	method, path string // as openapi.json names the route
	who          string // a token of trustServer, "" for none
	url          string // the request's path and query
	body         []byte
	status       int
}

// TestOpenAPIResponses checks what the handlers encode against the
// response schemas openapi.json publishes: every field they send is
// documented with its type, every field documented as required is sent,
// and nothing undocumented is (additionalProperties: false). Clients
// generated from the spec thus read what the server writes. With
// -update-openapi it writes the schemas from the answers instead (review
// the diff: optional fields the fixture leaves out are not learnt).
func TestOpenAPIResponses(t *testing.T) {
	ts := newTrustServer(t, trucehttp.Options{})
	body := report("2017-05-10", idlibLat, idlibLon, "Air/drone strike", "Government of Syria", "Civilians (Syria)", 3, 2)
	code, b, _ := ts.do(t, "monitor", "POST", "/api/v1/reports", body, map[string]string{"Idempotency-Key": "schema-1"})
	if code != 201 {
		t.Fatalf("submit: %d %s", code, b)
	}
	var sub struct {
		IncidentID int64 `json:"incident_id"`
	}
	json.Unmarshal(b, &sub)
	claim, _ := json.Marshal(map[string]string{"text": "The ceasefire is holding in all zones", "date": "2017-05-12", "speaker": "A spokesman"})
	code, b, _ = ts.do(t, "analyst", "POST", "/api/v1/claims", claim, nil)
	if code != 201 {
		t.Fatalf("claim: %d %s", code, b)
	}
	var cl struct {
		ID int64 `json:"id"`
	}
	json.Unmarshal(b, &cl)
	hook, _ := json.Marshal(map[string]any{"url": "https://example.org/hook", "events": []string{"grave_violation"}})
	if code, b, _ := ts.do(t, "admin", "POST", "/api/v1/webhooks", hook, nil); code != 201 {
		t.Fatalf("webhook: %d %s", code, b)
	}
	inc := strconv.FormatInt(sub.IncidentID, 10)
	routes := []schemaRoute{
		{"GET", "/api/v1/whoami", "viewer", "/api/v1/whoami", nil, 200},
		{"GET", "/api/v1/whoami", "", "/api/v1/whoami", nil, 200},
		{"GET", "/api/v1/incidents", "viewer", "/api/v1/incidents?source=monitor", nil, 200},
		{"GET", "/api/v1/agreements", "viewer", "/api/v1/agreements", nil, 200},
		{"GET", "/api/v1/incidents", "viewer", "/api/v1/incidents?limit=50", nil, 200},
		{"GET", "/api/v1/incidents/{id}", "viewer", "/api/v1/incidents/" + inc, nil, 200},
		{"GET", "/api/v1/map", "viewer", "/api/v1/map?from=2017-04-26&to=2017-05-31", nil, 200},
		{"GET", "/api/v1/map", "viewer", "/api/v1/map?from=2017-04-26&to=2017-05-31&max_points=1&zoom=8", nil, 200},
		{"GET", "/api/v1/status", "viewer", "/api/v1/status?date=2017-05-12", nil, 200},
		{"GET", "/api/v1/claims", "viewer", "/api/v1/claims", nil, 200},
		{"GET", "/api/v1/claims/{id}", "viewer", "/api/v1/claims/" + strconv.FormatInt(cl.ID, 10), nil, 200},
		{"GET", "/api/v1/reports", "monitor", "/api/v1/reports", nil, 200},
		{"GET", "/api/v1/tokens", "admin", "/api/v1/tokens", nil, 200},
		{"GET", "/api/v1/webhooks", "admin", "/api/v1/webhooks", nil, 200},
		{"GET", "/api/v1/log", "viewer", "/api/v1/log", nil, 200},
		{"GET", "/api/v1/log/entries", "viewer", "/api/v1/log/entries?start=0&end=2", nil, 200},
		{"GET", "/api/v1/log/proof/inclusion", "viewer", "/api/v1/log/proof/inclusion?index=0", nil, 200},
		{"POST", "/api/v1/adjudicate", "analyst", "/api/v1/adjudicate", nil, 200},
	}
	var doc map[string]any
	if err := json.Unmarshal(trucehttp.OpenAPI(), &doc); err != nil {
		t.Fatal(err)
	}
	// Under -update-openapi, the answers of one route merge into its schema.
	learnt := map[string]map[string]any{}
	for _, rt := range routes {
		code, b, hdr := ts.do(t, rt.who, rt.method, rt.url, rt.body, nil)
		if code != rt.status {
			t.Errorf("%s %s: %d %s", rt.method, rt.url, code, b)
			continue
		}
		var got any
		if err := json.Unmarshal(b, &got); err != nil {
			t.Errorf("%s %s: not JSON (%s): %v", rt.method, rt.url, hdr.Get("Content-Type"), err)
			continue
		}
		content := responseContent(t, doc, rt)
		if content == nil {
			continue
		}
		if *updateOpenAPI {
			k := rt.method + " " + rt.path
			learnt[k] = merge(learnt[k], infer(got))
			content["schema"] = learnt[k]
			continue
		}
		for _, p := range validate(doc, content["schema"], got, "") {
			t.Errorf("%s %s: %s", rt.method, rt.path, p)
		}
	}
	if *updateOpenAPI {
		var out bytes.Buffer
		enc := json.NewEncoder(&out)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(doc); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile("openapi.json", out.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// responseContent is the media type object of rt's documented answer.
func responseContent(t *testing.T, doc map[string]any, rt schemaRoute) map[string]any {
	t.Helper()
	op, _ := dig(doc, "paths", rt.path, strings.ToLower(rt.method)).(map[string]any)
	resp, _ := dig(op, "responses", strconv.Itoa(rt.status)).(map[string]any)
	content, _ := resp["content"].(map[string]any)
	for _, mt := range slices.Sorted(maps.Keys(content)) {
		if strings.Contains(mt, "json") {
			return content[mt].(map[string]any)
		}
	}
	t.Errorf("openapi.json documents no JSON answer %d for %s %s", rt.status, rt.method, rt.path)
	return nil
}

func dig(v any, keys ...string) any {
	for _, k := range keys {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

// validate checks v against schema, the subset of JSON Schema the spec
// uses (type, nullable, properties, required, additionalProperties, items,
// enum, $ref to components), and returns what does not fit, by JSON path.
func validate(doc map[string]any, schema any, v any, at string) []string {
	s, _ := schema.(map[string]any)
	if s == nil {
		return nil
	}
	if ref, ok := s["$ref"].(string); ok {
		return validate(doc, dig(doc, strings.Split(strings.TrimPrefix(ref, "#/"), "/")...), v, at)
	}
	where := at
	if where == "" {
		where = "the answer"
	}
	if v == nil {
		if s["nullable"] == true || s["type"] == nil {
			return nil
		}
		return []string{fmt.Sprintf("%s is null, which the spec does not allow (type %v)", where, s["type"])}
	}
	if enum, ok := s["enum"].([]any); ok && !slices.Contains(enum, v) {
		return []string{fmt.Sprintf("%s is %v, not one of %v", where, v, enum)}
	}
	var problems []string
	switch typ, _ := s["type"].(string); typ {
	case "object":
		obj, ok := v.(map[string]any)
		if !ok {
			return []string{fmt.Sprintf("%s is %T, the spec says object", where, v)}
		}
		props, _ := s["properties"].(map[string]any)
		req, _ := s["required"].([]any)
		for _, r := range req {
			if _, ok := obj[r.(string)]; !ok {
				problems = append(problems, fmt.Sprintf("%s lacks %q, which the spec requires", where, r))
			}
		}
		for _, k := range slices.Sorted(maps.Keys(obj)) {
			ps, documented := props[k]
			switch {
			case documented:
				problems = append(problems, validate(doc, ps, obj[k], at+"."+k)...)
			case s["additionalProperties"] == false:
				problems = append(problems, fmt.Sprintf("%s.%s is sent but not in the spec", at, k))
			default:
				if extra, ok := s["additionalProperties"].(map[string]any); ok {
					problems = append(problems, validate(doc, extra, obj[k], at+"."+k)...)
				}
			}
		}
	case "array":
		arr, ok := v.([]any)
		if !ok {
			return []string{fmt.Sprintf("%s is %T, the spec says array", where, v)}
		}
		for i, e := range arr {
			problems = append(problems, validate(doc, s["items"], e, fmt.Sprintf("%s[%d]", at, i))...)
		}
	case "string":
		if _, ok := v.(string); !ok {
			problems = append(problems, fmt.Sprintf("%s is %T, the spec says string", where, v))
		}
	case "number", "integer":
		n, ok := v.(float64)
		if !ok || (typ == "integer" && n != float64(int64(n))) {
			problems = append(problems, fmt.Sprintf("%s is %v, the spec says %s", where, v, typ))
		}
	case "boolean":
		if _, ok := v.(bool); !ok {
			problems = append(problems, fmt.Sprintf("%s is %T, the spec says boolean", where, v))
		}
	}
	return problems
}

// infer is the schema of v, strict: every field v has is required and no
// other is allowed; arrays take the union of their elements' schemas.
func infer(v any) map[string]any {
	switch x := v.(type) {
	case nil:
		return map[string]any{"nullable": true}
	case bool:
		return map[string]any{"type": "boolean"}
	case float64:
		return map[string]any{"type": "number"}
	case string:
		return map[string]any{"type": "string"}
	case []any:
		var items map[string]any
		for _, e := range x {
			items = merge(items, infer(e))
		}
		if items == nil {
			items = map[string]any{}
		}
		return map[string]any{"type": "array", "items": items}
	case map[string]any:
		props := map[string]any{}
		var req []any
		keys := slices.Sorted(maps.Keys(x))
		for _, k := range keys {
			props[k] = infer(x[k])
			req = append(req, k)
		}
		s := map[string]any{"type": "object", "properties": props, "additionalProperties": false}
		if len(req) > 0 {
			s["required"] = req
		}
		return s
	}
	return map[string]any{}
}

// merge joins two inferred schemas: an object's properties are the union,
// required only what both require; null makes the other nullable.
func merge(a, b map[string]any) map[string]any {
	switch {
	case len(a) == 0: // nothing learnt yet (an empty array's items)
		return b
	case len(b) == 0:
		return a
	}
	if a["type"] == nil && a["nullable"] == true {
		c := maps.Clone(b)
		c["nullable"] = true
		return c
	}
	if b["type"] == nil && b["nullable"] == true {
		c := maps.Clone(a)
		c["nullable"] = true
		return c
	}
	if a["type"] != b["type"] {
		return map[string]any{} // anything: the sample disagrees with itself
	}
	c := maps.Clone(a)
	if a["nullable"] == true || b["nullable"] == true {
		c["nullable"] = true
	}
	switch a["type"] {
	case "object":
		pa, pb := a["properties"].(map[string]any), b["properties"].(map[string]any)
		props := map[string]any{}
		for k, v := range pa {
			props[k] = v
		}
		for k, v := range pb {
			if old, ok := props[k]; ok {
				props[k] = merge(old.(map[string]any), v.(map[string]any))
			} else {
				props[k] = v
			}
		}
		c["properties"] = props
		ra, _ := a["required"].([]any)
		rb, _ := b["required"].([]any)
		var req []any
		for _, r := range ra {
			if slices.Contains(rb, r) {
				req = append(req, r)
			}
		}
		sort.Slice(req, func(i, j int) bool { return req[i].(string) < req[j].(string) })
		delete(c, "required")
		if len(req) > 0 {
			c["required"] = req
		}
	case "array":
		c["items"] = merge(a["items"].(map[string]any), b["items"].(map[string]any))
	}
	return c
}
