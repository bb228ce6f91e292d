//regstack:feature oauth

package auth

import (
	"cmp"
	"context"
	"maps"
	"slices"
)

// checkOAuth reports each OAuth provider regstack.toml configures. A
// provider without its client secret is left out by New (so that the
// host's CLI runs without OAuth secrets) and its sign-in answers 404 "not
// configured"; an OpenID Connect provider whose issuer does not answer
// discovery makes its sign-in answer 503. Both are warnings, not failures:
// the application runs, and every other sign-in works.
func (d *doctor) checkOAuth(ctx context.Context) []Check {
	if !d.cfg.EnableOAuth {
		return nil
	}
	var out []Check
	//regstack:if oauth_google

	if d.cfg.OAuth.GoogleClientID != "" {
		out = append(out, oauthSecretCheck("google", d.cfg.OAuth.GoogleClientSecret, googleSecretEnv))
	}

	//regstack:end
	for _, name := range slices.Sorted(maps.Keys(d.cfg.OAuth.Providers)) {
		pc := d.cfg.OAuth.Providers[name]
		c := oauthSecretCheck(name, pc.ClientSecret, providerSecretEnv(name))
		//regstack:if oauth_oidc

		if c.Status == CheckPass && cmp.Or(pc.Kind, "oidc") == "oidc" {
			c = d.oidcDiscovery(ctx, name, pc.Issuer)
		}

		//regstack:end
		out = append(out, c)
	}
	return out
}

// oauthSecretCheck is the check of a provider whose client secret is
// read from env.
func oauthSecretCheck(name, secret, env string) Check {
	if secret == "" {
		return Check{Name: "oauth " + name, Status: CheckWarn,
			Detail: "no client secret: the provider is left out and its sign-in answers 404; set " + env + " in the environment or regstack.secrets.env"}
	}
	return Check{Name: "oauth " + name, Status: CheckPass, Detail: "client secret set"}
}
