package auth

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// allRoutesEnv is a test env with every optional router switched on.
func allRoutesEnv(t *testing.T) *testEnv {
	return newTestEnv(t, func(c *Config) {
		c.EnableAdminRouter = true
		c.EnableAccountDeletion = true
		c.EnablePasswordReset = true

		//regstack:if sms_2fa

		c.EnableSMS2FA = true

		//regstack:end
		//regstack:if oauth

		c.EnableOAuth = true

		//regstack:end

		//regstack:if totp

		c.EnableTOTP = true

		//regstack:end
	})
}

// concretePath fills a route's {name} segments.
func concretePath(p string) string {
	return strings.NewReplacer("{user_id}", "0123456789abcdef0123456789abcdef", "{provider}", "google").Replace(p)
}

// rawRequest sends method to the full path target through e's handler.
func rawRequest(e *testEnv, method, target string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, target, nil)
	rec := httptest.NewRecorder()
	e.handler.ServeHTTP(rec, req)
	return rec
}

// wantDetail checks a JSON error answer of the router.
func wantDetail(t *testing.T, rec *httptest.ResponseRecorder, status int, detail string) {
	t.Helper()
	if rec.Code != status {
		t.Fatalf("status %d, want %d; body %q; Location %q", rec.Code, status, rec.Body, rec.Header().Get("Location"))
	}
	if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type %q, want application/json", ct)
	}
	if body := strings.TrimSpace(rec.Body.String()); body != `{"detail":"`+detail+`"}` {
		t.Errorf("body %s, want detail %q", body, detail)
	}
}

// TestAPIMethodsNotAllowed sends every method a path does not serve,
// HEAD included, to every route's path: 405 with the reference's Allow (the
// method of the first route on that path, never HEAD) and a JSON detail.
func TestAPIMethodsNotAllowed(t *testing.T) {
	e := allRoutesEnv(t)
	firstMethod := map[string]string{}
	served := map[string]map[string]bool{}
	var paths []string
	for _, rt := range e.rs.apiRoutes() {
		if _, ok := firstMethod[rt.path]; !ok {
			firstMethod[rt.path] = rt.method
			served[rt.path] = map[string]bool{}
			paths = append(paths, rt.path)
		}
		served[rt.path][rt.method] = true
	}
	// The reference's Allow for paths with several routes (the admin paths
	// exist only where the admin feature is generated).
	for p, want := range map[string]string{"/me": "GET", "/admin/users/{user_id}": "GET"} {
		if got, ok := firstMethod[p]; ok && got != want || p == "/me" && !ok {
			t.Errorf("first route on %s is %q, want %s", p, firstMethod[p], want)
		}
	}
	methods := []string{"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"}
	for _, p := range paths {
		for _, m := range methods {
			if served[p][m] {
				continue
			}
			t.Run(m+" "+p, func(t *testing.T) {
				rec := rawRequest(e, m, e.cfg.APIPrefix+concretePath(p))
				if rec.Code != http.StatusMethodNotAllowed {
					t.Fatalf("status %d, want 405; body %q", rec.Code, rec.Body)
				}
				if got := rec.Header().Get("Allow"); got != firstMethod[p] {
					t.Errorf("Allow %q, want %q", got, firstMethod[p])
				}
				if m != http.MethodHead {
					wantDetail(t, rec, http.StatusMethodNotAllowed, "Method Not Allowed")
				}
			})
		}
	}
}

// TestAPITrailingSlashRedirects asks for every route's path with a trailing
// slash, with each of the path's methods: 307 to the absolute URL without
// the slash (query kept), empty body, as the reference's redirect_slashes.
func TestAPITrailingSlashRedirects(t *testing.T) {
	e := allRoutesEnv(t)
	for _, rt := range e.rs.apiRoutes() {
		t.Run(rt.method+" "+rt.path, func(t *testing.T) {
			p := e.cfg.APIPrefix + concretePath(rt.path)
			for _, q := range []string{"", "?next=%2Fx&a=1"} {
				rec := rawRequest(e, rt.method, p+"/"+q)
				if rec.Code != http.StatusTemporaryRedirect {
					t.Fatalf("%s/%s: status %d, want 307; body %q", p, q, rec.Code, rec.Body)
				}
				if got, want := rec.Header().Get("Location"), "http://example.com"+p+q; got != want {
					t.Errorf("Location %q, want %q", got, want)
				}
				if rec.Body.Len() != 0 {
					t.Errorf("body %q, want empty", rec.Body)
				}
			}
		})
	}
	// A slash after a path that is no route stays a 404.
	wantDetail(t, rawRequest(e, "GET", e.cfg.APIPrefix+"/nope/"), http.StatusNotFound, "Not Found")
	wantDetail(t, rawRequest(e, "GET", e.cfg.APIPrefix+"/"), http.StatusNotFound, "Not Found")
}

// TestAPIUncleanPathsAreJSON404 sends paths Go's ServeMux would clean and
// redirect (doubled slashes, dot segments) for every route: the reference
// finds no route for them, so they are a JSON 404, never a redirect.
func TestAPIUncleanPathsAreJSON404(t *testing.T) {
	e := allRoutesEnv(t)
	prefix := e.cfg.APIPrefix
	for _, rt := range e.rs.apiRoutes() {
		p := concretePath(rt.path)
		last := p[strings.LastIndexByte(p, '/'):]
		for _, target := range []string{
			prefix + "/" + p,
			prefix + strings.Replace(p, "/", "//", 1) + "",
			prefix + "/." + p,
			prefix + "/x/.." + p,
			prefix + p + "/.",
			prefix + p + "//",
			prefix + p + last + "/..",
		} {
			t.Run(rt.method+" "+target, func(t *testing.T) {
				wantDetail(t, rawRequest(e, rt.method, target), http.StatusNotFound, "Not Found")
			})
		}
	}
	wantDetail(t, rawRequest(e, "GET", prefix), http.StatusNotFound, "Not Found")
}

// TestAPIMFAConfirmAbsentWithoutSMS2FA keeps a deliberate difference: with
// SMS 2FA off /login/mfa-confirm is not mounted, so it is 404, where the
// reference mounts it anyway and answers 400 (docs/compatibility.md).
func TestAPIMFAConfirmAbsentWithoutSMS2FA(t *testing.T) {
	e := newTestEnv(t)
	for _, m := range []string{"POST", "GET"} {
		e.do(m, "/login/mfa-confirm", map[string]any{"mfa_pending_token": "x", "code": "123456"}, "").
			want(t, http.StatusNotFound, "Not Found")
	}
	wantDetail(t, rawRequest(e, "POST", e.cfg.APIPrefix+"/login/mfa-confirm/"), http.StatusNotFound, "Not Found")
}
