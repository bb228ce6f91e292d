package auth

import (
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
)

// Session transports: where a browser keeps the session token.
const (
	// TransportBearer: the client keeps the token from the login answer
	// and sends it as "Authorization: Bearer <token>" (the reference).
	TransportBearer = "bearer"
	// TransportCookie: login also sets the token as an HttpOnly cookie,
	// which the API reads when a request has no Authorization header.
	TransportCookie = "cookie"
)

// SessionCookieName is the name of the session cookie in cookie mode.
const SessionCookieName = "regstack_session"

// detailCrossSite is the 403 detail of a refused cross-site write.
const detailCrossSite = "Cross-site request refused."

// Transport returns the configured session transport, TransportBearer or
// TransportCookie. The account pages' script reads it (through the page
// context) to choose between localStorage and the cookie.
func (rs *RegStack) Transport() string {
	if rs.cfg.Transport == TransportCookie {
		return TransportCookie
	}
	return TransportBearer
}

// cookieMode reports whether sessions travel in the session cookie.
func (rs *RegStack) cookieMode() bool {
	return rs.cfg.Transport == TransportCookie
}

// writeSession answers a successful sign-in: the token response as JSON
// (the same body in both transports, so clients stay wire-compatible)
// and, in cookie mode, the session cookie. Every endpoint that issues a
// session answers through it, except the OAuth exchange, whose body has
// more fields (it sets the cookie through setSessionCookie).
func (rs *RegStack) writeSession(w http.ResponseWriter, resp tokenResponse) {
	rs.setSessionCookie(w, resp)
	writeJSON(w, http.StatusOK, resp)
}

// setSessionCookie sets the session cookie of resp in cookie mode (the
// OAuth exchange, whose body has more fields, sets it through here too).
func (rs *RegStack) setSessionCookie(w http.ResponseWriter, resp tokenResponse) {
	if rs.cookieMode() {
		http.SetCookie(w, rs.sessionCookie(resp.AccessToken, resp.ExpiresIn))
	}
}

// clearSessionCookie tells the browser to drop the session cookie.
func (rs *RegStack) clearSessionCookie(w http.ResponseWriter) {
	if rs.cookieMode() {
		// MaxAge < 0 is sent as Max-Age=0: delete now.
		http.SetCookie(w, rs.sessionCookie("", -1))
	}
}

// sessionCookie is the session cookie with value and maxAge. HttpOnly
// keeps the token from scripts; SameSite=Lax keeps it off cross-site
// subrequests and form posts; Secure unless the app runs on a loopback
// http:// address, where browsers would otherwise refuse to store it.
// Path is "/" so the host's own routes behind RequireUser see it too.
func (rs *RegStack) sessionCookie(value string, maxAge int) *http.Cookie {
	return &http.Cookie{
		Name:     SessionCookieName,
		Value:    value,
		Path:     "/",
		Domain:   rs.cfg.CookieDomain,
		MaxAge:   maxAge,
		HttpOnly: true,
		Secure:   !isLoopbackHTTP(rs.cfg.BaseURL),
		SameSite: http.SameSiteLaxMode,
	}
}

// cookieAuthorization returns the Authorization value the session cookie
// stands for ("" without a cookie). A state-changing request that relies
// on the cookie must come from the app's own origin: a browser attaches
// cookies to cross-site requests a page elsewhere makes, so such a
// request could act for the user without their intent (CSRF).
func (rs *RegStack) cookieAuthorization(r *http.Request) (string, error) {
	c, err := r.Cookie(SessionCookieName)
	if err != nil || c.Value == "" {
		return "", nil
	}
	if err := rs.crossOrigin.Check(r); err != nil {
		return "", errDetail(http.StatusForbidden, detailCrossSite)
	}
	return "Bearer " + c.Value, nil
}

// newCrossOriginProtection returns the cross-site write check of cookie
// mode: a POST, PATCH or DELETE whose Sec-Fetch-Site is not same-origin or
// none, or (in older browsers) whose Origin is not the request's host or
// base_url's origin, is refused. Requests without either header are not
// from a browser and carry no ambient cookie risk, so they pass.
func newCrossOriginProtection(cfg *Config) (*http.CrossOriginProtection, error) {
	p := http.NewCrossOriginProtection()
	if err := p.AddTrustedOrigin(origin(cfg.BaseURL)); err != nil {
		return nil, fmt.Errorf("trusting base_url's origin: %w", err)
	}
	p.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		writeJSON(w, http.StatusForbidden, detailBody{Detail: detailCrossSite})
	}))
	return p, nil
}

// protectCrossSite wraps the API in cookie mode so that no cross-site
// write reaches it, sign-in included (a forged login would sign the
// victim's browser into the attacker's account).
func (rs *RegStack) protectCrossSite(h http.Handler) http.Handler {
	if !rs.cookieMode() {
		return h
	}
	return rs.crossOrigin.Handler(h)
}

// origin is scheme://host[:port] of an http(s) URL.
func origin(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	return u.Scheme + "://" + u.Host
}

// isLoopbackHTTP reports whether raw is an http:// URL on localhost or a
// loopback address, the one place a cookie without Secure is acceptable.
func isLoopbackHTTP(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil || !strings.EqualFold(u.Scheme, "http") {
		return false
	}
	host := u.Hostname()
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
