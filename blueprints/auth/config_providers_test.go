package auth

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestOAuthProviderTables: [oauth.providers.<name>] tables decode, take
// their secret from the environment, and are checked at their lines.
func TestOAuthProviderTables(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "regstack.toml")
	write := func(s string) {
		if err := os.WriteFile(path, []byte(s), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write(`database_url = "sqlite:///` + filepath.Join(dir, "x.db") + `"

[oauth.providers.corp-sso]
issuer = "https://login.corp.example"
client_id = "abc"
scopes = ["openid", "email"]
display_name = "Corp"

[oauth.providers.github]
kind = "github"
client_id = "gh"
`)
	t.Setenv("REGSTACK_JWT_SECRET", "secret")
	t.Setenv("REGSTACK_OAUTH__PROVIDERS__CORP_SSO__CLIENT_SECRET", "s1")
	t.Setenv("REGSTACK_OAUTH__PROVIDERS__GITHUB__CLIENT_SECRET", "s2")
	// loadConfig without generation keys: the test is about the tables, in
	// any generated package.
	cfg, err := loadConfig(path, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]OAuthProviderConfig{
		"corp-sso": {Issuer: "https://login.corp.example", ClientID: "abc", Scopes: []string{"openid", "email"}, DisplayName: "Corp", ClientSecret: "s1"},
		"github":   {Kind: "github", ClientID: "gh", ClientSecret: "s2"},
	}
	if d := cmp.Diff(want, cfg.OAuth.Providers); d != "" {
		t.Errorf("providers (-want +got):\n%s", d)
	}

	for _, tt := range []struct{ body, want string }{
		{"[oauth.providers.corp]\nissuer = \"http://login.corp.example\"\nclient_id = \"a\"\n",
			`regstack.toml:4: oauth.providers.corp.issuer must be https:// (http:// only on a loopback address), got "http://login.corp.example"`},
		{"[oauth.providers.corp]\nclient_id = \"a\"\n", "regstack.toml:3: oauth.providers.corp.issuer is required"},
		{"[oauth.providers.corp]\nissuer = \"https://x.example\"\nclient_id = \"a\"\nclient_secret = \"s\"\n",
			"regstack.toml:6: oauth.providers.corp.client_secret is a secret"},
		{"[oauth.providers.corp]\nissuer = \"https://x.example\"\nclient_id = \"a\"\nkind = \"saml\"\n",
			`regstack.toml:6: oauth.providers.corp.kind must be "oidc" or "github", got "saml"`},
		{"[oauth.providers.corp]\nissuer = \"https://x.example\"\nclinet_id = \"a\"\n",
			`regstack.toml:5: unknown key "oauth.providers.corp.clinet_id"`},
	} {
		write("database_url = \"sqlite:///" + filepath.Join(dir, "x.db") + "\"\n\n" + tt.body)
		_, err := loadConfig(path, nil, nil)
		if err == nil || !strings.Contains(err.Error(), strings.Replace(tt.want, "regstack.toml", path, 1)) {
			t.Errorf("LoadConfig(%q) = %v\nwant an error containing %q", tt.body, err, tt.want)
		}
	}
}
