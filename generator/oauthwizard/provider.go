package oauthwizard

import (
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"unicode"

	"github.com/regstack/regstack-gen/generator/tomledit"
)

// Provider kinds: OpenID Connect by discovery, or GitHub's OAuth 2.
const (
	KindOIDC   = "oidc"
	KindGitHub = "github"
)

// Provider is one [oauth.providers.<name>] table (beyond the reference):
// any OpenID Connect provider, or GitHub.
type Provider struct {
	Name, Kind, Issuer     string
	ClientID, ClientSecret string
	DisplayName            string
	Scopes                 []string
}

// providerName is a provider's name: it becomes a TOML key, a URL path
// segment (/oauth/<name>/start) and part of an environment variable.
var providerName = regexp.MustCompile(`^[a-z][a-z0-9_]{0,31}$`)

// ProviderSecretVar is the secrets-file variable of provider name's
// client secret.
func ProviderSecretVar(name string) string {
	return "REGSTACK_OAUTH__PROVIDERS__" + strings.ToUpper(name) + "__CLIENT_SECRET"
}

// ValidateProvider lists what is wrong with p.
func ValidateProvider(p Provider) []FieldError {
	var errs []FieldError
	add := func(field, msg string) { errs = append(errs, FieldError{field, msg}) }
	switch {
	case !providerName.MatchString(p.Name):
		add("provider", "Provider name must be 1 to 32 lower-case letters, digits or _, starting with a letter (e.g. github, okta).")
	case p.Name == "google":
		add("provider", "Google is configured without --provider (its keys are google_client_id and google_redirect_uri in [oauth]).")
	}
	switch p.Kind {
	case KindOIDC:
		if msg := checkIssuer(p.Issuer); msg != "" {
			add("issuer", msg)
		}
	case KindGitHub:
		if p.Issuer != "" {
			add("issuer", "A github provider has no issuer (GitHub does not speak OpenID Connect); leave it out.")
		}
	default:
		add("kind", fmt.Sprintf("Kind must be %q or %q, not %q.", KindOIDC, KindGitHub, p.Kind))
	}
	switch {
	case p.ClientID == "":
		add(FieldClientID, "Client ID is required.")
	case len(p.ClientID) > 256 || strings.IndexFunc(p.ClientID, notPrintable) >= 0:
		add(FieldClientID, "Client ID must be at most 256 characters, without spaces or control characters.")
	}
	if n := len([]rune(p.ClientSecret)); p.ClientSecret == "" {
		add(FieldClientSecret, "Client secret is required.")
	} else if n < 8 || n > 256 || strings.IndexFunc(p.ClientSecret, notPrintable) >= 0 {
		add(FieldClientSecret, "Client secret must be 8 to 256 characters, without spaces or control characters.")
	}
	for _, s := range p.Scopes {
		if s == "" || strings.IndexFunc(s, notPrintable) >= 0 {
			add("scopes", fmt.Sprintf("Scope %q must be a non-empty word without spaces.", s))
		}
	}
	if len([]rune(p.DisplayName)) > 64 || strings.IndexFunc(p.DisplayName, unicode.IsControl) >= 0 {
		add("display_name", "Display name must be at most 64 characters, without control characters.")
	}
	return errs
}

func notPrintable(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }

// checkIssuer returns what is wrong with an OpenID Connect issuer: https
// with a host, or http on a loopback host (development and tests), and no
// query or fragment (discovery appends /.well-known/openid-configuration).
func checkIssuer(s string) string {
	if s == "" {
		return "Issuer is required for an oidc provider (e.g. https://accounts.example.com)."
	}
	u, err := url.Parse(s)
	if err != nil || u.Hostname() == "" || strings.IndexFunc(s, notPrintable) >= 0 {
		return "Issuer must be a URL such as https://accounts.example.com."
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return "Issuer must not have a query or fragment."
	}
	switch u.Scheme {
	case "https":
		return ""
	case "http":
		if isLoopback(u.Hostname()) {
			return ""
		}
		return "Issuer must use https:// (http:// only on localhost or a loopback address)."
	}
	return "Issuer must use https://."
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// WriteProvider puts p into dir: enable_oauth = true, the
// [oauth.providers.<name>] table replaced (Google's keys and every other
// provider untouched) and its client secret in the secrets file. Validate
// p first.
func WriteProvider(dir string, p Provider) (Result, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return Result{}, err
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return Result{}, err
	}
	pairs := []tomledit.KV{{Key: "kind", Value: tomledit.Quote(p.Kind)}}
	if p.Kind == KindOIDC {
		pairs = append(pairs, tomledit.KV{Key: "issuer", Value: tomledit.Quote(p.Issuer)})
	}
	pairs = append(pairs, tomledit.KV{Key: "client_id", Value: tomledit.Quote(p.ClientID)})
	if len(p.Scopes) > 0 {
		quoted := make([]string, len(p.Scopes))
		for i, s := range p.Scopes {
			quoted[i] = tomledit.Quote(s)
		}
		pairs = append(pairs, tomledit.KV{Key: "scopes", Value: "[" + strings.Join(quoted, ", ") + "]"})
	}
	if p.DisplayName != "" {
		pairs = append(pairs, tomledit.KV{Key: "display_name", Value: tomledit.Quote(p.DisplayName)})
	}
	return writeTable(abs, "oauth.providers."+p.Name, pairs, nil, ProviderSecretVar(p.Name), p.ClientSecret)
}
