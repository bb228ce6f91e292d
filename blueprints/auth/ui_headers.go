//regstack:feature ui

package auth

import (
	"net/http"
	"net/url"
	"strings"
)

// setPageSecurityHeaders sets the headers of every page. The pages load
// only their own script and stylesheets (no inline script or style, which
// a test checks), so the policy can forbid everything else; the host's
// theme stylesheet and logo may live on another origin, which is then
// allowed for that kind of resource alone. Pages carry one-time tokens in
// their URLs (verify, reset), so no Referer leaves them, and no other site
// may frame them (clickjacking of the account forms).
func setPageSecurityHeaders(h http.Header, cfg *Config) {
	h.Set("Content-Security-Policy", pageCSP(cfg))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
}

// pageCSP is the Content-Security-Policy of the pages.
func pageCSP(cfg *Config) string {
	style := "'self'"
	if o := urlOrigin(cfg.ThemeCSSURL); o != "" {
		style += " " + o
	}
	img := "'self' data:"
	if o := urlOrigin(cfg.BrandLogoURL); o != "" {
		img += " " + o
	}
	return strings.Join([]string{
		"default-src 'none'",
		"script-src 'self'",
		"style-src " + style,
		"img-src " + img,
		"connect-src 'self'",
		"form-action 'self'",
		"base-uri 'none'",
		"frame-ancestors 'none'",
	}, "; ")
}

// urlOrigin is scheme://host of an absolute http(s) URL, or "" for a
// relative one (covered by 'self') or anything else.
func urlOrigin(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return ""
	}
	return u.Scheme + "://" + u.Host
}
