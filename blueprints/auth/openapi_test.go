package auth

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// documentedOperations returns "METHOD /path" for every operation of the
// embedded openapi.json, sorted.
func documentedOperations(t *testing.T) []string {
	t.Helper()
	var doc struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(openAPIDocument, &doc); err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	var ops []string
	for p, item := range doc.Paths {
		for m := range item {
			ops = append(ops, strings.ToUpper(m)+" "+p)
		}
	}
	slices.Sort(ops)
	return ops
}

// TestOpenAPICoversRoutes: the routes Mount registers (with every optional
// router of this package switched on) are exactly the operations of
// openapi.json, the document's own route aside, and each documented
// operation is routed to a handler (not the router's 404 or 405).
func TestOpenAPICoversRoutes(t *testing.T) {
	e := allRoutesEnv(t)
	_, h := e.rs.newAPIRouter()
	var routed []string
	for _, rt := range h.(*apiRouter).routes {
		if rt.path != openAPIPath {
			routed = append(routed, rt.method+" "+rt.path)
		}
	}
	slices.Sort(routed)
	documented := documentedOperations(t)
	if d := cmp.Diff(documented, routed); d != "" {
		t.Errorf("openapi.json operations (-) vs routes Mount registers (+):\n%s", d)
	}

	mux := http.NewServeMux()
	e.rs.Mount(mux)
	for _, op := range documented {
		method, p, _ := strings.Cut(op, " ")
		req := httptest.NewRequest(method, e.cfg.APIPrefix+concretePath(p), strings.NewReader("{}"))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, req)
		body := strings.TrimSpace(rec.Body.String())
		if body == `{"detail":"Not Found"}` || rec.Code == http.StatusMethodNotAllowed {
			t.Errorf("%s: the router answers %d %s", op, rec.Code, body)
		}
	}
}

// TestOpenAPIServed: GET <api_prefix>/openapi.json answers the embedded
// document with the configured prefix as its server; serve_openapi = false
// makes it a 404 like any unknown path.
func TestOpenAPIServed(t *testing.T) {
	e := newTestEnv(t, func(c *Config) { c.APIPrefix = "/v1/auth" })
	r := e.do("GET", "/openapi.json", nil, "")
	if r.status != http.StatusOK || r.header.Get("Content-Type") != "application/json" {
		t.Fatalf("GET /v1/auth/openapi.json: %d %s %q", r.status, r.header.Get("Content-Type"), r.body)
	}
	var served, embedded map[string]any
	if err := json.Unmarshal(r.body, &served); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(openAPIDocument, &embedded); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]any{map[string]any{"url": "/v1/auth", "description": "api_prefix"}}, served["servers"]); d != "" {
		t.Errorf("servers (-want +got):\n%s", d)
	}
	delete(served, "servers")
	delete(embedded, "servers")
	if d := cmp.Diff(embedded, served); d != "" {
		t.Errorf("served document differs from openapi.json beyond servers (-embedded +served):\n%s", d)
	}

	off := newTestEnv(t, func(c *Config) { c.ServeOpenAPI = false })
	off.do("GET", "/openapi.json", nil, "").want(t, http.StatusNotFound, "Not Found")
}

// TestOpenAPICookieScheme: the document declares the session cookie as
// an apiKey scheme with the name the cookie transport sets, and every
// authenticated operation accepts it as an alternative to the bearer
// header (the transport is a run-time key, so both are always possible).
func TestOpenAPICookieScheme(t *testing.T) {
	var doc struct {
		Paths      map[string]map[string]struct{ Security []map[string][]string }
		Components struct {
			SecuritySchemes map[string]struct{ Type, In, Name string }
		}
	}
	if err := json.Unmarshal(openAPIDocument, &doc); err != nil {
		t.Fatal(err)
	}
	if s := doc.Components.SecuritySchemes["cookieAuth"]; s.Type != "apiKey" || s.In != "cookie" || s.Name != SessionCookieName {
		t.Fatalf("cookieAuth = %+v, want apiKey in cookie %q", s, SessionCookieName)
	}
	authenticated := 0
	for path, ops := range doc.Paths {
		for method, op := range ops {
			if len(op.Security) == 0 {
				continue
			}
			authenticated++
			var names []string
			for _, req := range op.Security {
				for name := range req {
					names = append(names, name)
				}
			}
			if !slices.Equal(names, []string{"bearerAuth", "cookieAuth"}) || len(op.Security) != 2 {
				t.Errorf("%s %s security %v, want bearerAuth or cookieAuth", method, path, op.Security)
			}
		}
	}
	if authenticated == 0 {
		t.Fatal("no authenticated operation in the document")
	}
}

// TestOpenAPIOperationsAnswer: every operation documents a success (2XX,
// or 3XX for the OAuth redirects a browser follows) and, unless it only
// ever redirects, a client error (4XX). Redocly's operation-2xx-response
// and operation-4xx-response rules say the same without the redirect
// case, so tools/openapi-lint/redocly.yaml leaves them to this test.
func TestOpenAPIOperationsAnswer(t *testing.T) {
	var doc struct {
		Paths map[string]map[string]struct {
			Responses map[string]json.RawMessage `json:"responses"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(openAPIDocument, &doc); err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	for p, item := range doc.Paths {
		for m, op := range item {
			var success, redirect, clientError, other bool
			for code := range op.Responses {
				switch code[0] {
				case '2':
					success = true
				case '3':
					redirect = true
				case '4':
					clientError = true
				default:
					other = true
				}
			}
			name := strings.ToUpper(m) + " " + p
			if !success && !redirect {
				t.Errorf("%s documents no success (2XX or 3XX)", name)
			}
			if !clientError && (success || other) {
				t.Errorf("%s documents no client error (4XX)", name)
			}
		}
	}
}
