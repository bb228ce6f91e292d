package oauthwizard

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestValidateProvider(t *testing.T) {
	ok := Provider{Name: "okta", Kind: KindOIDC, Issuer: "https://dev-1.okta.com/oauth2/default", ClientID: "0oa1", ClientSecret: "secret-123", Scopes: []string{"openid", "email"}}
	if errs := ValidateProvider(ok); len(errs) != 0 {
		t.Fatalf("%v", errs)
	}
	for _, issuer := range []string{"http://127.0.0.1:5556/dex", "http://localhost:8080", "http://[::1]:9000"} {
		p := ok
		p.Issuer = issuer
		if errs := ValidateProvider(p); len(errs) != 0 {
			t.Errorf("loopback %s: %v", issuer, errs)
		}
	}
	gh := Provider{Name: "github", Kind: KindGitHub, ClientID: "Iv1.abc", ClientSecret: "0123456789abcdef"}
	if errs := ValidateProvider(gh); len(errs) != 0 {
		t.Fatalf("github: %v", errs)
	}
	for _, c := range []struct {
		edit  func(*Provider)
		field string
	}{
		{func(p *Provider) { p.Name = "Okta" }, "provider"},
		{func(p *Provider) { p.Name = "" }, "provider"},
		{func(p *Provider) { p.Name = "google" }, "provider"},
		{func(p *Provider) { p.Kind = "saml" }, "kind"},
		{func(p *Provider) { p.Issuer = "" }, "issuer"},
		{func(p *Provider) { p.Issuer = "http://idp.example.com" }, "issuer"},
		{func(p *Provider) { p.Issuer = "https://idp.example.com?x=1" }, "issuer"},
		{func(p *Provider) { p.Issuer = "idp.example.com" }, "issuer"},
		{func(p *Provider) { p.ClientID = "" }, FieldClientID},
		{func(p *Provider) { p.ClientSecret = "short" }, FieldClientSecret},
		{func(p *Provider) { p.ClientSecret = "has a space" }, FieldClientSecret},
		{func(p *Provider) { p.Scopes = []string{"openid", "two words"} }, "scopes"},
	} {
		p := ok
		c.edit(&p)
		if errs := ValidateProvider(p); len(errs) != 1 || errs[0].Field != c.field {
			t.Errorf("%+v: %v, want one error on %s", p, errs, c.field)
		}
	}
	gh.Issuer = "https://github.com"
	if errs := ValidateProvider(gh); len(errs) != 1 || errs[0].Field != "issuer" {
		t.Errorf("github with an issuer: %v", errs)
	}
}

func TestWriteProvider(t *testing.T) {
	dir := t.TempDir()
	writeTOML(t, dir, "# mine\nenable_oauth = false\n\n[oauth]\ngoogle_client_id = \""+goodID+"\"\n")
	res, err := WriteProvider(dir, Provider{Name: "okta", Kind: KindOIDC, Issuer: "https://idp.example.com", ClientID: "0oa1",
		ClientSecret: "okta-secret", Scopes: []string{"openid", "email"}, DisplayName: "Okta"})
	if err != nil {
		t.Fatal(err)
	}
	if res.ConfigDiff != "added [oauth.providers.okta] table" || res.SecretsDiff != "added REGSTACK_OAUTH__PROVIDERS__OKTA__CLIENT_SECRET" || res.ReplacedExisting {
		t.Fatalf("%+v", res)
	}
	if _, err := WriteProvider(dir, Provider{Name: "github", Kind: KindGitHub, ClientID: "Iv1.abc", ClientSecret: "gh-secret-1"}); err != nil {
		t.Fatal(err)
	}
	conf, _ := os.ReadFile(filepath.Join(dir, ConfigFile))
	want := "# mine\nenable_oauth = true\n\n[oauth]\ngoogle_client_id = \"" + goodID + "\"\n\n" +
		"[oauth.providers.okta]\nkind = \"oidc\"\nissuer = \"https://idp.example.com\"\nclient_id = \"0oa1\"\nscopes = [\"openid\", \"email\"]\ndisplay_name = \"Okta\"\n\n" +
		"[oauth.providers.github]\nkind = \"github\"\nclient_id = \"Iv1.abc\"\n"
	if string(conf) != want {
		t.Fatalf("got:\n%s\nwant:\n%s", conf, want)
	}
	// Replacing one provider keeps the other; the Google wizard afterwards
	// keeps both, and the providers alone do not count as existing OAuth.
	res, err = WriteProvider(dir, Provider{Name: "okta", Kind: KindOIDC, Issuer: "https://idp2.example.com", ClientID: "0oa2", ClientSecret: "okta-secret-2"})
	if err != nil || res.ConfigDiff != "replaced [oauth.providers.okta] table" || !res.ReplacedExisting {
		t.Fatalf("%+v %v", res, err)
	}
	if _, err := Write(dir, settings); err != nil {
		t.Fatal(err)
	}
	m := decode(t, dir)
	prov := m["oauth"].(map[string]any)["providers"].(map[string]any)
	if prov["okta"].(map[string]any)["issuer"] != "https://idp2.example.com" || prov["github"].(map[string]any)["kind"] != "github" {
		t.Fatalf("%v", m)
	}
	s := readSecrets(t, dir)
	for _, want := range []string{"REGSTACK_OAUTH__PROVIDERS__OKTA__CLIENT_SECRET=okta-secret-2\n", "REGSTACK_OAUTH__PROVIDERS__GITHUB__CLIENT_SECRET=gh-secret-1\n", SecretVar + "=" + goodSecret + "\n"} {
		if strings.Count(s, want) != 1 {
			t.Fatalf("secrets lack %q once:\n%s", want, s)
		}
	}
	only := t.TempDir()
	writeTOML(t, only, "[oauth.providers.github]\nkind = \"github\"\n")
	if ExistingOAuth(only) {
		t.Fatal("providers alone counted as an existing [oauth] configuration")
	}
}
