package tomledit

import (
	"errors"
	"strings"
	"testing"

	"github.com/pelletier/go-toml/v2"
)

// commented is a heavily commented file with a multi-line string holding
// a fake table header and an array spanning lines: a line-based editor
// would mistake either for structure.
const commented = `# regstack.toml   (top comment, odd spacing kept)
app_name   =   'My "App"'   # trailing comment
base_url = "http://localhost:8000"

description = """
[oauth]
not a table: inside a string
"""
allowed = [
  "a", # one
  [1, 2],
]
# Which features exist.
enable_oauth   = false   # flipped by the wizard

# Mail.
[email]
backend = "smtp"   # kept
# OAuth below.

[oauth]   # the old table
# an old comment inside the table
google_client_id = "old.apps.googleusercontent.com"
state_ttl_seconds = 600
google_redirect_uri = "https://old.example/cb"

# Comment introducing [sms], after the oauth table.
[sms]
backend = "sns"

[oauth.providers.github]
kind = "github"
client_id = "gh"
`

func TestReplaceTableKeepsEveryOtherLine(t *testing.T) {
	d, err := Parse("regstack.toml", []byte(commented))
	if err != nil {
		t.Fatal(err)
	}
	if !d.HasTable("oauth") || d.HasTable("nope") {
		t.Fatal("HasTable")
	}
	d.SetTopLevel("enable_oauth", "true")
	existed := d.ReplaceTable("oauth", []KV{{"google_client_id", Quote("1-a.apps.googleusercontent.com")}, {"auto_link_verified_emails", "false"}})
	if !existed {
		t.Fatal("existing table not reported")
	}
	got := string(d.Bytes())
	want := strings.Replace(commented, "enable_oauth   = false   #", "enable_oauth   = true   #", 1)
	want = strings.Replace(want, `[oauth]   # the old table
# an old comment inside the table
google_client_id = "old.apps.googleusercontent.com"
state_ttl_seconds = 600
google_redirect_uri = "https://old.example/cb"
`, `[oauth]
google_client_id = "1-a.apps.googleusercontent.com"
auto_link_verified_emails = false
`, 1)
	if got != want {
		t.Fatalf("got:\n%s\nwant:\n%s", got, want)
	}
	// The result is valid TOML with the values asked for.
	var m map[string]any
	if err := toml.Unmarshal([]byte(got), &m); err != nil {
		t.Fatal(err)
	}
	o := m["oauth"].(map[string]any)
	if m["enable_oauth"] != true || o["google_client_id"] != "1-a.apps.googleusercontent.com" || o["state_ttl_seconds"] != nil || o["providers"] == nil {
		t.Fatalf("decoded %v", m)
	}
	// Editing the result again changes nothing more.
	d2, err := Parse("regstack.toml", []byte(got))
	if err != nil {
		t.Fatal(err)
	}
	d2.SetTopLevel("enable_oauth", "true")
	d2.ReplaceTable("oauth", []KV{{"google_client_id", Quote("1-a.apps.googleusercontent.com")}, {"auto_link_verified_emails", "false"}})
	if again := string(d2.Bytes()); again != got {
		t.Fatalf("second edit differs:\n%s", again)
	}
}

func TestAddTableAndKey(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"empty", "", "enable_oauth = true\n\n[oauth]\nk = 1\n"},
		{"keys only, no final newline", "a = 1 # c", "a = 1 # c\nenable_oauth = true\n\n[oauth]\nk = 1\n"},
		{"key goes after the top-level keys, before the first table's comments",
			"# head\na = 1\n\n# mail\n[email]\nb = 2\n",
			"# head\na = 1\nenable_oauth = true\n\n# mail\n[email]\nb = 2\n\n[oauth]\nk = 1\n"},
		{"no top-level keys", "# mail\n[email]\nb = 2\n\n",
			"enable_oauth = true\n\n# mail\n[email]\nb = 2\n\n[oauth]\nk = 1\n"},
		{"CRLF kept", "a = 1\r\n[email]\r\nb = 2\r\n", "a = 1\r\nenable_oauth = true\r\n[email]\r\nb = 2\r\n\r\n[oauth]\r\nk = 1\r\n"},
		{"before an existing sub-table", "a = 1\n\n# gh\n[oauth.providers.gh]\nkind = \"github\"\n",
			"a = 1\nenable_oauth = true\n\n[oauth]\nk = 1\n\n# gh\n[oauth.providers.gh]\nkind = \"github\"\n"},
		{"dotted top-level keys replaced, providers kept", "a = 1\noauth.google_client_id = \"x\"\noauth.providers.gh.kind = \"github\"\n[email]\nb = 2\n",
			"a = 1\nenable_oauth = true\n[email]\nb = 2\n\n[oauth]\nk = 1\nproviders.gh.kind = \"github\"\n"},
		{"inline table replaced", "oauth = { google_client_id = \"x\" }\nenable_oauth = false\n",
			"enable_oauth = true\n\n[oauth]\nk = 1\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, err := Parse("f.toml", []byte(tc.in))
			if err != nil {
				t.Fatal(err)
			}
			d.SetTopLevel("enable_oauth", "true")
			d.ReplaceTable("oauth", []KV{{"k", "1"}}, "providers")
			got := string(d.Bytes())
			if got != tc.want {
				t.Fatalf("got:\n%q\nwant:\n%q", got, tc.want)
			}
			var m map[string]any
			if err := toml.Unmarshal([]byte(got), &m); err != nil {
				t.Fatalf("result does not parse: %v\n%s", err, got)
			}
		})
	}
}

func TestCorruptRefused(t *testing.T) {
	_, err := Parse("conf/regstack.toml", []byte("a = 1\n\n[oauth\nb = 2\n"))
	var pe *ParseError
	if !errors.As(err, &pe) || !errors.Is(err, ErrInvalid) || pe.Line != 3 {
		t.Fatalf("%#v", err)
	}
	if msg := err.Error(); !strings.HasPrefix(msg, "conf/regstack.toml:3: invalid TOML: ") || !strings.Contains(msg, "nothing was written") {
		t.Fatal(msg)
	}
	// A key defined twice parses line by line but is not TOML.
	if _, err := Parse("f", []byte("a = 1\na = 2\n")); !errors.Is(err, ErrInvalid) {
		t.Fatalf("duplicate key: %v", err)
	}
}

func TestQuote(t *testing.T) {
	for in, want := range map[string]string{`plain`: `"plain"`, `a"b\c`: `"a\"b\\c"`, "x\ny\x01": `"x\ny\u0001"`} {
		if got := Quote(in); got != want {
			t.Fatalf("Quote(%q) = %s, want %s", in, got, want)
		}
		var m map[string]string
		if err := toml.Unmarshal([]byte("k = "+Quote(in)), &m); err != nil || m["k"] != in {
			t.Fatalf("%q does not round-trip: %v %q", in, err, m["k"])
		}
	}
}

func TestReplaceNestedTable(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"header replaced in place, others kept",
			"[oauth]\ngoogle_client_id = \"g\"\n\n[oauth.providers.github]\nkind = \"github\" # old\nclient_id = \"old\"\n\n# okta\n[oauth.providers.okta]\nissuer = \"https://okta.example\"\n",
			"[oauth]\ngoogle_client_id = \"g\"\n\n[oauth.providers.github]\nk = 1\n\n# okta\n[oauth.providers.okta]\nissuer = \"https://okta.example\"\n"},
		{"dotted keys of a parent removed",
			"[oauth]\ngoogle_client_id = \"g\"\nproviders.github.kind = \"github\"\nproviders.okta.kind = \"oidc\"\n",
			"[oauth]\ngoogle_client_id = \"g\"\nproviders.okta.kind = \"oidc\"\n\n[oauth.providers.github]\nk = 1\n"},
		{"inline table in the parent removed",
			"[oauth.providers]\ngithub = { kind = \"github\" }\nokta = { kind = \"oidc\" }\n",
			"[oauth.providers]\nokta = { kind = \"oidc\" }\n\n[oauth.providers.github]\nk = 1\n"},
		{"its own sub-table left alone, new table before it",
			"a = 1\n[oauth.providers.github.extra]\nx = 1\n",
			"a = 1\n[oauth.providers.github]\nk = 1\n\n[oauth.providers.github.extra]\nx = 1\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, err := Parse("f.toml", []byte(tc.in))
			if err != nil {
				t.Fatal(err)
			}
			d.ReplaceTable("oauth.providers.github", []KV{{"k", "1"}})
			got := string(d.Bytes())
			if got != tc.want {
				t.Fatalf("got:\n%q\nwant:\n%q", got, tc.want)
			}
			var m map[string]any
			if err := toml.Unmarshal([]byte(got), &m); err != nil {
				t.Fatalf("result does not parse: %v\n%s", err, got)
			}
		})
	}
}
