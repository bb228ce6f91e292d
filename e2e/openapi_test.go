package e2e

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
)

// openAPICounts tallies what the validating transports checked in this
// test binary; TestMain prints it, so the log shows how much of the run
// the document covered.
type openAPICounts struct {
	requests, responses atomic.Int64 // validated against an operation
	rejected            atomic.Int64 // requests the document rejects (answered 4xx)
	unrouted            atomic.Int64 // API paths or methods the document has not (answered 404, 405 or 307)
}

// openAPIStats is the one tally of the binary: the hosts of parallel tests
// add to it, and TestMain reads it once they are done.
var openAPIStats openAPICounts

func TestMain(m *testing.M) {
	code := m.Run()
	fmt.Printf("openapi: %d requests and %d responses validated against the generated openapi.json "+
		"(%d requests the document rejects, each answered 4xx; %d to paths or methods it does not list, each 404/405/307)\n",
		openAPIStats.requests.Load(), openAPIStats.responses.Load(), openAPIStats.rejected.Load(), openAPIStats.unrouted.Load())
	os.Exit(code)
}

// openAPIValidator is an http.RoundTripper that checks every exchange with
// a generated host against that host's own openapi.json: the response must
// be one the document declares for the operation (status, headers, body
// schema); a request the document rejects (a missing field, no bearer
// token, …) must be answered with a 4xx; and a path or method the
// document does not list must get the router's 404, 405 or 307.
type openAPIValidator struct {
	t      testing.TB
	base   string // the host's URL
	prefix string // the host's API prefix, absolute URL
	router routers.Router
	next   http.RoundTripper
}

// newOpenAPIValidator loads the openapi.json regstack-gen wrote into the
// host module dir, with base (the host's URL) as its server.
func newOpenAPIValidator(t testing.TB, dir, base string) *openAPIValidator {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, "internal", "auth", "openapi.json"))
	if err != nil {
		t.Fatalf("the generated package has no openapi.json: %v", err)
	}
	doc, err := openapi3.NewLoader().LoadFromData(data)
	if err != nil {
		t.Fatalf("openapi.json does not load: %v", err)
	}
	prefix := base + doc.Servers[0].URL
	doc.Servers = openapi3.Servers{{URL: prefix}}
	// Examples are left to the linter (scripts/lint-openapi.sh, Redocly's
	// no-invalid-media-type-examples): kin-openapi v0.153 checks the
	// examples of a 3.1 document with its 3.0 rules, under which a schema
	// without a type (ValidationErrorItem.input) refuses null. Requests and
	// responses are validated with JSON Schema 2020-12 all the same.
	router, err := legacy.NewRouter(doc, openapi3.IsOpenAPI31OrLater(), openapi3.DisableExamplesValidation())
	if err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	return &openAPIValidator{t: t, base: base, prefix: prefix, router: router, next: http.DefaultTransport}
}

// RoundTrip sends req and validates the exchange.
func (v *openAPIValidator) RoundTrip(req *http.Request) (*http.Response, error) {
	var reqBody []byte
	if req.Body != nil {
		var err error
		if reqBody, err = io.ReadAll(req.Body); err != nil {
			return nil, err
		}
		req.Body.Close()
		req.Body = io.NopCloser(bytes.NewReader(reqBody))
	}
	resp, err := v.next.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	respBody, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(respBody))
	msg, kind := v.check(req, reqBody, resp, respBody)
	switch kind {
	case exchangeRejected:
		openAPIStats.rejected.Add(1)
		fallthrough
	case exchangeValidated:
		openAPIStats.requests.Add(1)
		openAPIStats.responses.Add(1)
	case exchangeUnrouted:
		openAPIStats.unrouted.Add(1)
	}
	if msg != "" {
		body := bytes.TrimSpace(respBody)
		if len(body) > 300 {
			body = append(body[:300:300], "…"...)
		}
		v.t.Errorf("openapi.json: %s %s → %d %s:\n%s", req.Method, req.URL.Path, resp.StatusCode, body, msg)
	}
	return resp, nil
}

// What check made of an exchange.
const (
	exchangeOutside   = iota // not an API path (the host's own pages)
	exchangeUnrouted         // an API path or method the document does not list
	exchangeValidated        // request and response validated
	exchangeRejected         // validated, and the document rejects the request
)

// check validates one exchange and returns what is wrong with it ("" when
// nothing is) and what kind of exchange it was.
func (v *openAPIValidator) check(req *http.Request, reqBody []byte, resp *http.Response, respBody []byte) (string, int) {
	if !strings.HasPrefix(req.URL.String(), v.prefix) {
		return "", exchangeOutside
	}
	if req.URL.Path == strings.TrimPrefix(v.prefix, v.base)+"/openapi.json" {
		// The document's own route, which the document does not list.
		return "", exchangeOutside
	}
	if resp.StatusCode == http.StatusTemporaryRedirect {
		// The router's redirect of a trailing slash to the route without
		// it: not an operation (the router below would match it to one).
		if loc := resp.Header.Get("Location"); loc != strings.TrimSuffix(req.URL.String(), "/") {
			return fmt.Sprintf("307 to %q, not to the path without its trailing slash", loc), exchangeUnrouted
		}
		return "", exchangeUnrouted
	}
	route, params, err := v.router.FindRoute(req)
	if err != nil {
		switch resp.StatusCode {
		case http.StatusNotFound, http.StatusMethodNotAllowed, http.StatusTemporaryRedirect:
			return "", exchangeUnrouted
		}
		return fmt.Sprintf("the document has no such operation (%v), yet the server answered it", err), exchangeUnrouted
	}
	ctx := context.Background()
	vreq := req.Clone(ctx)
	vreq.Body = io.NopCloser(bytes.NewReader(reqBody))
	in := &openapi3filter.RequestValidationInput{
		Request: vreq, PathParams: params, Route: route,
		Options: &openapi3filter.Options{MultiError: true, AuthenticationFunc: sessionPresent},
	}
	reqErr := openapi3filter.ValidateRequest(ctx, in)
	kind := exchangeValidated
	var msgs []string
	if reqErr != nil {
		kind = exchangeRejected
		if resp.StatusCode < 400 || resp.StatusCode >= 500 {
			msgs = append(msgs, fmt.Sprintf("the document rejects the request (%v), yet the server answered %d", reqErr, resp.StatusCode))
		}
	}
	out := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: in,
		Status:                 resp.StatusCode,
		Header:                 resp.Header,
		Body:                   io.NopCloser(bytes.NewReader(respBody)),
		Options:                &openapi3filter.Options{MultiError: true, IncludeResponseStatus: true},
	}
	if err := openapi3filter.ValidateResponse(ctx, out); err != nil {
		msgs = append(msgs, fmt.Sprintf("the response is not one the document declares: %v", err))
	}
	return strings.Join(msgs, "\n"), kind
}

// sessionPresent is the check of the document's security schemes:
// bearerAuth, the request carries an Authorization: Bearer header;
// cookieAuth, it carries the session cookie. Whether the token is valid is
// the server's to say (401), which the response check covers.
func sessionPresent(_ context.Context, in *openapi3filter.AuthenticationInput) error {
	if in.SecuritySchemeName == "cookieAuth" {
		if c, err := in.RequestValidationInput.Request.Cookie("regstack_session"); err != nil || c.Value == "" {
			return errors.New("no session cookie")
		}
		return nil
	}
	h := in.RequestValidationInput.Request.Header.Get("Authorization")
	if scheme, _, ok := strings.Cut(h, " "); !ok || !strings.EqualFold(scheme, "bearer") {
		return errors.New("no bearer token")
	}
	return nil
}

// TestOpenAPIServedMatchesGenerated: the host serves its openapi.json at
// /api/auth/openapi.json with the API prefix as its server, and the
// validating client reports an exchange the document does not declare.
func TestOpenAPIServedMatchesGenerated(t *testing.T) {
	h := startHost(t)
	r := h.expect(h.call("GET", "/api/auth/openapi.json", "", nil), 200)
	if r.json["openapi"] != "3.1.0" {
		t.Fatalf("openapi: %v", r.json["openapi"])
	}
	data, err := os.ReadFile(filepath.Join(h.dir, "internal", "auth", "openapi.json"))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := openapi3.NewLoader().LoadFromData([]byte(r.raw))
	if err != nil {
		t.Fatalf("the served document does not load: %v", err)
	}
	if got := doc.Servers[0].URL; got != "/api/auth" {
		t.Errorf("served servers[0].url %q, want /api/auth", got)
	}
	gen, err := openapi3.NewLoader().LoadFromData(data)
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Paths.Map()) != len(gen.Paths.Map()) {
		t.Errorf("served %d paths, openapi.json has %d", len(doc.Paths.Map()), len(gen.Paths.Map()))
	}

	// The validator must catch a response the document does not declare:
	// /me answers 200 with a user, never a bare message.
	v := newOpenAPIValidator(t, h.dir, h.base)
	req, _ := http.NewRequest("GET", h.base+"/api/auth/me", nil)
	req.Header.Set("Authorization", "Bearer x")
	fake := &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"application/json"}}}
	if msg, _ := v.check(req, nil, fake, []byte(`{"message":"hi"}`)); msg == "" {
		t.Error("the validator accepted an undeclared response body")
	}
	req.Header.Del("Authorization")
	fake.StatusCode = 200
	if msg, _ := v.check(req, nil, fake, []byte(`{"message":"hi"}`)); !strings.Contains(msg, "rejects the request") {
		t.Errorf("the validator accepted a 200 to a request without the bearer token: %q", msg)
	}
}
