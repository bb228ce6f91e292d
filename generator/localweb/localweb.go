// Package localweb holds what the local wizard pages of regstack-gen (the
// theme designer, the OAuth setup wizard) share: the per-launch token that
// every request must carry, the headers that keep the page to itself, the
// JSON answers and the Done signal.
package localweb

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
)

// DetailBadToken answers every request without the launch token.
const DetailBadToken = "Missing or invalid wizard token."

// CSP lets a wizard page load its own script, style and API and nothing
// else; it cannot be framed, post forms or change its base URL.
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; frame-src 'self'; img-src 'self'; frame-ancestors 'none'; form-action 'none'; base-uri 'none'"

// Guard holds a launch token and the Done signal of one wizard run.
type Guard struct {
	token    string
	doneOnce sync.Once
	done     chan struct{}
}

// NewGuard returns a guard with a fresh 32-byte token: another local user
// or a web page open in the browser cannot guess it, so it cannot reach
// the wizard's API.
func NewGuard() (*Guard, error) {
	buf := make([]byte, 32)
	if _, err := rand.Read(buf); err != nil {
		return nil, err
	}
	return &Guard{token: base64.RawURLEncoding.EncodeToString(buf), done: make(chan struct{})}, nil
}

// Token is the launch token.
func (g *Guard) Token() string { return g.token }

// OK reports whether got is the token, in constant time.
func (g *Guard) OK(got string) bool {
	return subtle.ConstantTimeCompare([]byte(got), []byte(g.token)) == 1
}

// RequestToken returns the token r carries: the X-Wizard-Token header for
// the API (below /api/), the ?token= query for the page and its assets.
func RequestToken(r *http.Request) string {
	if strings.HasPrefix(r.URL.Path, "/api/") {
		return r.Header.Get("X-Wizard-Token")
	}
	return r.URL.Query().Get("token")
}

// Done is closed once Finish was called.
func (g *Guard) Done() <-chan struct{} { return g.done }

// Finish closes Done; later calls do nothing.
func (g *Guard) Finish() { g.doneOnce.Do(func() { close(g.done) }) }

// SetHeaders sets the headers every wizard answer carries: nothing is
// cached, sniffed, framed or sent as a referrer.
func SetHeaders(w http.ResponseWriter) {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Content-Security-Policy", CSP)
	w.Header().Set("Referrer-Policy", "no-referrer")
}

// WriteJSON answers v as JSON with status.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// ReadBody reads a request body of at most limit bytes, answering 413
// when it is larger.
func ReadBody(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, bool) {
	body, err := io.ReadAll(io.LimitReader(r.Body, limit+1))
	if err != nil || int64(len(body)) > limit {
		WriteJSON(w, http.StatusRequestEntityTooLarge, map[string]string{"detail": "Request body too large."})
		return nil, false
	}
	return body, true
}
