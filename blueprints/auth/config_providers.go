package auth

import (
	"fmt"
	"maps"
	"net/url"
	"regexp"
	"slices"
	"strings"
)

// The [oauth.providers.<name>] tables name OAuth providers beyond Google:
// any OpenID Connect issuer (kind "oidc", by discovery) and GitHub (kind
// "github"). Their names are the user's, so they are not declared keys:
// this file decodes them, reads their secrets from
// REGSTACK_OAUTH__PROVIDERS__<NAME>__CLIENT_SECRET, and checks them.

// oauthProvidersKey is the dotted key of the providers table.
const oauthProvidersKey = "oauth.providers"

// oauthProviderName is the form of a provider table's name: it becomes a
// URL segment and the provider column of oauth_identities.
var oauthProviderName = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,31}$`)

// keyProblem is a problem with one dotted key.
type keyProblem struct{ key, msg string }

// decodeOAuthProviders decodes the value of [oauth.providers].
func decodeOAuthProviders(val any) (map[string]OAuthProviderConfig, []keyProblem) {
	table, ok := val.(map[string]any)
	if !ok {
		return nil, []keyProblem{{oauthProvidersKey, oauthProvidersKey + ": expected table, got " + tomlTypeName(val)}}
	}
	out := map[string]OAuthProviderConfig{}
	var probs []keyProblem
	for _, name := range slices.Sorted(maps.Keys(table)) {
		key := oauthProvidersKey + "." + name
		sub, ok := table[name].(map[string]any)
		if !ok {
			probs = append(probs, keyProblem{key, key + ": expected table, got " + tomlTypeName(table[name])})
			continue
		}
		var p OAuthProviderConfig
		for _, field := range slices.Sorted(maps.Keys(sub)) {
			fkey, v := key+"."+field, sub[field]
			var dst *string
			switch field {
			case "kind":
				dst = &p.Kind
			case "issuer":
				dst = &p.Issuer
			case "client_id":
				dst = &p.ClientID
			case "display_name":
				dst = &p.DisplayName
			case "scopes":
				list, ok := v.([]any)
				if !ok {
					probs = append(probs, keyProblem{fkey, fkey + ": expected array of strings, got " + tomlTypeName(v)})
					continue
				}
				for _, e := range list {
					s, ok := e.(string)
					if !ok {
						probs = append(probs, keyProblem{fkey, fkey + ": expected array of strings, got array containing " + tomlTypeName(e)})
						break
					}
					p.Scopes = append(p.Scopes, s)
				}
				continue
			case "client_secret":
				probs = append(probs, keyProblem{fkey, fkey + " is a secret: set " + providerSecretEnv(name) + " in the environment or regstack.secrets.env, not in regstack.toml"})
				continue
			default:
				probs = append(probs, keyProblem{fkey, fmt.Sprintf("unknown key %q (a provider table takes kind, issuer, client_id, scopes, display_name)", fkey)})
				continue
			}
			s, ok := v.(string)
			if !ok {
				probs = append(probs, keyProblem{fkey, fkey + ": expected string, got " + tomlTypeName(v)})
				continue
			}
			*dst = s
		}
		out[name] = p
	}
	return out, probs
}

// providerSecretKey returns the provider a variable's dotted key
// ("oauth.providers.corp.client_secret") sets the secret of.
func providerSecretKey(key string) (string, bool) {
	rest, ok := strings.CutPrefix(key, oauthProvidersKey+".")
	if !ok {
		return "", false
	}
	return strings.CutSuffix(rest, ".client_secret")
}

// oauthProviderProblems checks the provider tables: a usable name, a
// known kind, a client id, and for OpenID Connect an https issuer (http
// only on a loopback address, for development and tests).
func (c *Config) oauthProviderProblems() []*configError {
	var errs []*configError
	for _, name := range slices.Sorted(maps.Keys(c.OAuth.Providers)) {
		p, key := c.OAuth.Providers[name], oauthProvidersKey+"."+name
		if !oauthProviderName.MatchString(name) {
			errs = append(errs, &configError{key: key, msg: fmt.Sprintf("%s: a provider name is 1-32 characters of a-z, 0-9, '_' and '-', got %q", key, name)})
		}
		if name == "google" {
			errs = append(errs, &configError{key: key, msg: key + `: "google" is the built-in provider`, hint: "set [oauth] google_client_id instead"})
		}
		if p.ClientID == "" {
			errs = append(errs, &configError{key: key, msg: key + ".client_id is required"})
		}
		switch p.Kind {
		case "", "oidc":
			if msg := issuerProblem(p.Issuer); msg != "" {
				// A missing issuer is reported at the table's header.
				k := key + ".issuer"
				if p.Issuer == "" {
					k = key
				}
				errs = append(errs, &configError{key: k, msg: key + ".issuer " + msg})
			}
		case "github":
			if p.Issuer != "" {
				errs = append(errs, &configError{key: key + ".issuer", msg: key + `.issuer: a kind = "github" provider has no issuer`})
			}
		default:
			errs = append(errs, &configError{key: key + ".kind", msg: fmt.Sprintf(`%s.kind must be "oidc" or "github", got %q`, key, p.Kind)})
		}
	}
	return errs
}

// issuerProblem says what is wrong with an OpenID Connect issuer URL, ""
// when nothing is: https, or http on a loopback host.
func issuerProblem(issuer string) string {
	if issuer == "" {
		return "is required (the provider's issuer URL, e.g. https://accounts.example.com)"
	}
	u, err := url.Parse(issuer)
	switch {
	case err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http"):
		return fmt.Sprintf("must be an https:// URL, got %q", issuer)
	case u.Scheme == "http" && !isLoopbackHTTP(issuer):
		return fmt.Sprintf("must be https:// (http:// only on a loopback address), got %q", issuer)
	}
	return ""
}

// oauthProviderKinds returns the kinds the provider tables use, sorted:
// the provider code regstack-gen generates ("github", "oidc").
func (c *Config) oauthProviderKinds() []string {
	var out []string
	for _, p := range c.OAuth.Providers {
		k := p.Kind
		if k == "" {
			k = "oidc"
		}
		out = append(out, k)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// providerSecretEnv is the variable that sets provider name's client
// secret: REGSTACK_OAUTH__PROVIDERS__<NAME>__CLIENT_SECRET.
func providerSecretEnv(name string) string {
	return "REGSTACK_OAUTH__PROVIDERS__" + providerEnvName(name) + "__CLIENT_SECRET"
}

// providerEnvName is a provider name as its secret's variable spells it:
// upper case, "-" as "_".
func providerEnvName(name string) string {
	return strings.ToUpper(strings.ReplaceAll(name, "-", "_"))
}

// setProviderSecret sets the client secret of the provider whose name a
// variable spells as providerEnvName; a secret for a provider
// regstack.toml does not name is ignored like any unknown variable.
func (c *Config) setProviderSecret(envPart, secret, where string, src map[string]string) {
	for name, p := range c.OAuth.Providers {
		if strings.EqualFold(providerEnvName(name), envPart) {
			p.ClientSecret = secret
			c.OAuth.Providers[name] = p
			src[oauthProvidersKey+"."+name+".client_secret"] = where
		}
	}
}
