//regstack:feature oauth

package auth

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// oauthEnv is a testEnv with OAuth on, signing in through the provider
// called name.
type oauthEnv struct {
	*testEnv
	name string
}

// newOAuthEnvWith builds an oauthEnv on clock with extra options.
func newOAuthEnvWith(t *testing.T, name string, clock *FrozenClock, opts []Option, mutate ...func(*Config)) *oauthEnv {
	t.Helper()
	mutate = append([]func(*Config){func(c *Config) { c.EnableOAuth = true }}, mutate...)
	e := newTestEnvOpts(t, append([]Option{WithClock(clock)}, opts...), mutate...)
	e.clock = clock
	return &oauthEnv{testEnv: e, name: name}
}

// location returns the response's Location, failing unless it is a 302.
func (r response) location(t *testing.T) string {
	t.Helper()
	if r.status != http.StatusFound {
		t.Fatalf("status %d, want 302; body %s", r.status, r.body)
	}
	return r.header.Get("Location")
}

// start runs GET /oauth/{name}/start and returns the authorization URL.
func (o *oauthEnv) start(redirectTo string) string {
	o.t.Helper()
	path := "/oauth/" + o.name + "/start"
	if redirectTo != "" {
		path += "?redirect_to=" + url.QueryEscape(redirectTo)
	}
	return o.do("GET", path, nil, "").location(o.t)
}

// callback sends the provider's answer to the callback and returns the
// Location it redirects to.
func (o *oauthEnv) callback(code, state string) string {
	o.t.Helper()
	return o.do("GET", "/oauth/"+o.name+"/callback?code="+url.QueryEscape(code)+"&state="+url.QueryEscape(state), nil, "").location(o.t)
}

// completion returns the id of an oauth-complete Location.
func completion(t *testing.T, loc string) string {
	t.Helper()
	const prefix = "/account/oauth-complete?id="
	if !strings.HasPrefix(loc, prefix) {
		t.Fatalf("callback went to %q, want %s…", loc, prefix)
	}
	id, err := url.QueryUnescape(strings.TrimPrefix(loc, prefix))
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// wantError fails unless loc is the login page with ?error=code.
func wantError(t *testing.T, loc, code string) {
	t.Helper()
	if want := "/account/login?error=" + code; loc != want {
		t.Fatalf("callback went to %q, want %q", loc, want)
	}
}

// exchange posts the completion id.
func (o *oauthEnv) exchange(id string) response {
	o.t.Helper()
	return o.do("POST", "/oauth/exchange", map[string]string{"id": id}, "")
}
