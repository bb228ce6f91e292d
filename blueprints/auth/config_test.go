package auth

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// isolate runs the test in an empty directory with no REGSTACK_*
// variables, so the machine's own settings cannot leak in.
func isolate(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	t.Chdir(dir)
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(strings.ToUpper(name), "REGSTACK_") {
			t.Setenv(name, "") // restores the value after the test
			os.Unsetenv(name)
		}
	}
	return dir
}

func writeFile(t *testing.T, name, data string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
}

// matchGenerated makes c ask for the code this package was generated with,
// so that LoadConfig's generation check passes in every generated host. In
// the blueprint's union build it changes nothing.
func matchGenerated(c *Config) {
	k, ok := generatedWith()
	if !ok {
		return
	}
	if backend, err := c.resolveBackend(); err != nil || backend != k.Backend {
		c.DatabaseURL = exampleURLs()[k.Backend]
	}
	c.Backend = k.Backend
	c.Email.Backend = k.EmailBackend
	if k.EmailBackend == "smtp" && c.Email.SMTPHost == "" {
		c.Email.SMTPHost = "localhost"
	}
	if k.Flags["enable_sms_2fa"] {
		c.SMS.Backend = k.SMSBackend
	}
	if c.SMS.Backend == "twilio" {
		c.SMS.TwilioAccountSID, c.SMS.TwilioAuthToken, c.SMS.FromNumber = "AC0", "token", "+15550100"
	}
	for _, key := range configKeys() {
		if key.feature != "" {
			*key.ptr(c).(*bool) = k.Flags[key.key]
		}
	}
	if names := strings.Split(k.SQLTables, ","); len(names) == 7 {
		c.UserCollection, c.PendingCollection, c.BlacklistCollection, c.LoginAttemptCollection = names[0], names[1], names[2], names[3]
		c.MFACodeCollection, c.OAuthIdentityCollection, c.OAuthStateCollection = names[4], names[5], names[6]
	}
}

// exampleURLs is a database URL of each backend, for configurations that
// are loaded but never opened.
func exampleURLs() map[string]string {
	return map[string]string{
		"sqlite":   "sqlite:///./regstack.db",
		"postgres": "postgresql://localhost/regstack",
		"mongo":    "mongodb://localhost/regstack",
	}
}

// setGeneratedURL points REGSTACK_DATABASE_URL at the backend this package
// was generated for, so that a test about another rule gets no second
// error about the default (SQLite) database_url on PostgreSQL or MongoDB.
func setGeneratedURL(t *testing.T) {
	t.Helper()
	if k, ok := generatedWith(); ok {
		t.Setenv("REGSTACK_DATABASE_URL", exampleURLs()[k.Backend])
	}
}

func withSecret(c *Config) {
	if c.JWTSecret == "" {
		c.JWTSecret = "test-secret"
	}
}

func TestDefaultConfigIsValid(t *testing.T) {
	c := DefaultConfig()
	c.JWTSecret = "s"
	if err := c.Validate(); err != nil {
		t.Errorf("DefaultConfig with a secret: Validate() = %v", err)
	}
}

func TestLoadConfigDefaults(t *testing.T) {
	isolate(t)
	got, err := LoadConfig("", withSecret, matchGenerated)
	if err != nil {
		t.Fatalf("LoadConfig: %v", err)
	}
	want := DefaultConfig()
	want.JWTSecret = "test-secret"
	want.Backend = "sqlite"
	matchGenerated(want)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("LoadConfig with no sources (-want +got):\n%s", diff)
	}
}

// TestLoadConfigPriority sets app_name and email.from_name at every level
// up to a given one and checks that the highest level wins.
func TestLoadConfigPriority(t *testing.T) {
	levels := []string{"default", "toml", "secrets", "env", "override"}
	for top, level := range levels {
		t.Run(level, func(t *testing.T) {
			isolate(t)
			if top >= 1 {
				writeFile(t, "regstack.toml", "app_name = \"toml\"\n[email]\nfrom_name = \"toml\"\n")
			}
			if top >= 2 {
				writeFile(t, "regstack.secrets.env", "REGSTACK_APP_NAME=secrets\nREGSTACK_EMAIL__FROM_NAME=secrets\n")
			}
			if top >= 3 {
				t.Setenv("REGSTACK_APP_NAME", "env")
				t.Setenv("REGSTACK_EMAIL__FROM_NAME", "env")
			}
			opts := []func(*Config){withSecret, matchGenerated}
			if top >= 4 {
				opts = append(opts, func(c *Config) { c.AppName, c.Email.FromName = "override", "override" })
			}
			c, err := LoadConfig("", opts...)
			if err != nil {
				t.Fatalf("LoadConfig: %v", err)
			}
			want := level
			if level == "default" {
				want = "RegStack"
			}
			if c.AppName != want || c.Email.FromName != want {
				t.Errorf("app_name = %q, email.from_name = %q; want both %q", c.AppName, c.Email.FromName, want)
			}
		})
	}
}

func TestLoadConfigPath(t *testing.T) {
	tests := []struct {
		name    string
		path    string
		env     string // $REGSTACK_CONFIG
		want    string // app_name
		wantErr string
	}{
		{name: "explicit path", path: "conf/app.toml", want: "conf"},
		{name: "REGSTACK_CONFIG", env: "conf/app.toml", want: "conf"},
		{name: "explicit path beats REGSTACK_CONFIG", path: "regstack.toml", env: "conf/app.toml", want: "cwd"},
		{name: "regstack.toml in the current directory", want: "cwd"},
		{name: "missing explicit path", path: "nope.toml", wantErr: "auth: reading configuration: open nope.toml: no such file or directory"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := isolate(t)
			if err := os.Mkdir(filepath.Join(dir, "conf"), 0o700); err != nil {
				t.Fatal(err)
			}
			writeFile(t, "conf/app.toml", "app_name = \"conf\"\n")
			writeFile(t, "regstack.toml", "app_name = \"cwd\"\n")
			if tt.env != "" {
				t.Setenv("REGSTACK_CONFIG", tt.env)
			}
			c, err := LoadConfig(tt.path, withSecret, matchGenerated)
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("LoadConfig = %v, want error %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("LoadConfig: %v", err)
			}
			if c.AppName != tt.want {
				t.Errorf("app_name = %q, want %q", c.AppName, tt.want)
			}
		})
	}
}

func TestLoadConfigEnvironment(t *testing.T) {
	isolate(t)
	t.Setenv("REGSTACK_EMAIL__SMTP_PORT", " 2525 ")
	t.Setenv("regstack_oauth__auto_link_verified_emails", "yes") // names are case-insensitive
	t.Setenv("REGSTACK_Rate_Limit_Disabled", "ON")
	t.Setenv("REGSTACK_EXTRA_TEMPLATE_DIRS", `["a", "b"]`)
	t.Setenv("REGSTACK_EXTRA_STATIC_DIRS", "x, y")
	t.Setenv("REGSTACK_PASSWORD_HASH_PARALLELISM", "2")
	t.Setenv("REGSTACK_MAX_BODY_BYTES", "4096")
	t.Setenv("REGSTACK_NOT_A_KEY", "ignored")
	t.Setenv("REGSTACK_GENERATE__OUTPUT", "ignored")
	t.Setenv("REGSTACK_JWT_SECRET", "from-env")
	c, err := LoadConfig("", matchGenerated)
	if err != nil {
		t.Fatalf("LoadConfig: %v", err)
	}
	got := []any{c.Email.SMTPPort, c.OAuth.AutoLinkVerifiedEmails, c.RateLimitDisabled, c.ExtraTemplateDirs,
		c.ExtraStaticDirs, c.PasswordHashParallelism, c.MaxBodyBytes, c.JWTSecret}
	want := []any{2525, true, true, []string{"a", "b"}, []string{"x", "y"}, uint8(2), int64(4096), "from-env"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("fields (-want +got):\n%s", diff)
	}
}

func TestParseBool(t *testing.T) {
	for in, want := range map[string]bool{
		"true": true, "TRUE": true, "1": true, "yes": true, "On": true,
		"false": false, "False": false, "0": false, "no": false, "OFF": false,
	} {
		got, ok := parseBool(in)
		if !ok || got != want {
			t.Errorf("parseBool(%q) = %v, %v; want %v, true", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "2", "y", "enabled"} {
		if _, ok := parseBool(in); ok {
			t.Errorf("parseBool(%q) accepted", in)
		}
	}
}

func TestParseSecrets(t *testing.T) {
	tests := []struct {
		name, data string
		want       [][2]string
	}{
		{"plain", "REGSTACK_JWT_SECRET=abc\n", [][2]string{{"REGSTACK_JWT_SECRET", "abc"}}},
		{"comments and blanks", "# secrets\n\n  # indented\nREGSTACK_A=1\n", [][2]string{{"REGSTACK_A", "1"}}},
		{"whitespace trimmed", "  REGSTACK_A  =  spaced value  \r\n", [][2]string{{"REGSTACK_A", "spaced value"}}},
		{"double quotes", `REGSTACK_A="x # y"`, [][2]string{{"REGSTACK_A", "x # y"}}},
		{"single quotes", `REGSTACK_A='x=y'`, [][2]string{{"REGSTACK_A", "x=y"}}},
		{"one pair only", `REGSTACK_A=""x""`, [][2]string{{"REGSTACK_A", `"x"`}}},
		{"mismatched quotes kept", `REGSTACK_A="x'`, [][2]string{{"REGSTACK_A", `"x'`}}},
		{"no equals skipped", "REGSTACK_A\nREGSTACK_B=2\n", [][2]string{{"REGSTACK_B", "2"}}},
		{"later equals kept", "REGSTACK_DATABASE_URL=postgres://h/db?a=b\n", [][2]string{{"REGSTACK_DATABASE_URL", "postgres://h/db?a=b"}}},
		{"no escapes", `REGSTACK_A="a\nb"`, [][2]string{{"REGSTACK_A", `a\nb`}}},
		{"export is part of the key", "export REGSTACK_A=1\n", [][2]string{{"export REGSTACK_A", "1"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, parseSecrets([]byte(tt.data))); diff != "" {
				t.Errorf("parseSecrets (-want +got):\n%s", diff)
			}
		})
	}
}

func TestLoadConfigSecretsFile(t *testing.T) {
	isolate(t)
	writeFile(t, "regstack.secrets.env", "# written by regstack-gen init\nREGSTACK_JWT_SECRET='s3cret'\nexport REGSTACK_APP_NAME=ignored\nREGSTACK_EMAIL__SMTP_PASSWORD=\"pw\"\n")
	c, err := LoadConfig("", matchGenerated)
	if err != nil {
		t.Fatalf("LoadConfig: %v", err)
	}
	if c.JWTSecret != "s3cret" || c.Email.SMTPPassword != "pw" || c.AppName != "RegStack" {
		t.Errorf("jwt_secret = %q, smtp_password = %q, app_name = %q; want s3cret, pw, RegStack", c.JWTSecret, c.Email.SMTPPassword, c.AppName)
	}
}

func TestLoadConfigErrors(t *testing.T) {
	tests := []struct {
		name    string
		toml    string
		secrets string
		env     map[string]string
		want    string
	}{
		{name: "unknown key", toml: "app_name = \"x\"\n\nenable_oath = true\n",
			want: `regstack.toml:3: unknown key "enable_oath" (did you mean "enable_oauth"?)`},
		{name: "unknown keys and tables", toml: "colour = 1\n[email]\nsmtp_hots = \"h\"\n[emial]\nx = 1\n",
			want: "regstack.toml:1: unknown key \"colour\"\nregstack.toml:3: unknown key \"email.smtp_hots\" (did you mean \"email.smtp_host\"?)\nregstack.toml:4: unknown table \"emial\" (did you mean \"email\"?)"},
		{name: "misspelt key", toml: "app_name = \"x\"\nenable_admin_routr = true\n",
			want: `regstack.toml:2: unknown key "enable_admin_routr" (did you mean "enable_admin_router"?)`},
		{name: "table key at the top", toml: "smtp_port = 25\n",
			want: `regstack.toml:1: unknown key "smtp_port" ("smtp_port" belongs in the [email] table)`},
		{name: "top-level key in a table", toml: "[email]\nbackend = \"console\"\njwt_ttl_seconds = 60\n",
			want: `regstack.toml:3: unknown key "email.jwt_ttl_seconds" ("jwt_ttl_seconds" is a top-level key: move it above the first [table])`},
		{name: "wrong type", toml: "jwt_ttl_seconds = \"3600\"\n",
			want: `regstack.toml:1: jwt_ttl_seconds: expected integer, got string`},
		{name: "table as scalar", toml: "email = \"smtp\"\n",
			want: `regstack.toml:1: email: expected table, got string`},
		{name: "too large for the type", toml: "password_hash_parallelism = 256\n",
			want: `regstack.toml:1: password_hash_parallelism must be between 1 and 255, got 256`},
		{name: "syntax", toml: "app_name = \"x\"\nbase_url = \n",
			want: `regstack.toml:2: invalid TOML: unexpected character U+000A at start of value`},
		{name: "rule placed at its line", toml: "app_name = \"x\"\njwt_ttl_seconds = 30\n",
			want: `regstack.toml:2: jwt_ttl_seconds must be between 60 and 2592000, got 30`},
		{name: "missing setting placed at the one needing it", toml: "[email]\nbackend = \"smtp\"\n",
			want: `regstack.toml:2: email.smtp_host is required when email.backend is "smtp"`},
		{name: "environment value", env: map[string]string{"REGSTACK_JWT_TTL_SECONDS": "2h"},
			want: `REGSTACK_JWT_TTL_SECONDS: jwt_ttl_seconds: expected integer, got "2h"`},
		{name: "secrets-file value", secrets: "REGSTACK_ENABLE_OAUTH=maybe\n",
			want: `regstack.secrets.env (REGSTACK_ENABLE_OAUTH): enable_oauth: expected boolean (true/false, 1/0, yes/no, on/off), got "maybe"`},
		{name: "environment rule", env: map[string]string{"REGSTACK_API_PREFIX": "/api/"},
			want: `REGSTACK_API_PREFIX: api_prefix must not end with "/", got "/api/"`},
		{name: "cookie transport over plain http", toml: "base_url = \"http://shop.example.com\"\ntransport = \"cookie\"\n",
			want: `regstack.toml:2: transport = "cookie" needs an https:// base_url (or http://localhost), got "http://shop.example.com" (serve the app over HTTPS, or keep transport = "bearer")`},
		{name: "database url", toml: "database_url = \"mysql://u:secret@h/db\"\n",
			want: `regstack.toml:1: unrecognised database_url scheme "mysql" (accepted schemes: sqlite://, sqlite+aiosqlite://, postgresql://, postgresql+asyncpg://, postgres://, mongodb://, mongodb+srv://)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			isolate(t)
			writeFile(t, "regstack.toml", tt.toml)
			writeFile(t, "regstack.secrets.env", "REGSTACK_JWT_SECRET=s\n"+tt.secrets)
			if !strings.Contains(tt.toml, "database_url") {
				setGeneratedURL(t)
			}
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			_, err := LoadConfig("")
			if err == nil {
				t.Fatal("LoadConfig succeeded, want an error")
			}
			if diff := cmp.Diff(tt.want, err.Error()); diff != "" {
				t.Errorf("error (-want +got):\n%s", diff)
			}
		})
	}
}

func TestLoadConfigIgnoresGenerateTable(t *testing.T) {
	isolate(t)
	writeFile(t, "regstack.toml", "app_name = \"x\"\n[generate]\noutput = \"internal/auth\"\nhooks = [\"user_registered\"]\nanything = 1\n")
	if _, err := LoadConfig("", withSecret, matchGenerated); err != nil {
		t.Errorf("LoadConfig: %v", err)
	}
}

func TestLoadConfigEmptySecret(t *testing.T) {
	isolate(t)
	_, err := LoadConfig("", matchGenerated)
	if err == nil {
		t.Fatal("LoadConfig succeeded without a jwt_secret")
	}
	for _, want := range []string{"jwt_secret is empty", "regstack.secrets.env", "REGSTACK_JWT_SECRET"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Config)
		want   string
	}{
		{"jwt secret", func(c *Config) { c.JWTSecret = "" },
			"jwt_secret is empty (set REGSTACK_JWT_SECRET in regstack.secrets.env or in the environment; `regstack-gen init --secrets-only` writes regstack.secrets.env with a fresh secret)"},
		{"range", func(c *Config) { c.SMSCodeLength = 11 }, "sms_code_length must be between 4 and 10, got 11"},
		{"minimum", func(c *Config) { c.LoginLockoutWindowSeconds = 9 }, "login_lockout_window_seconds must be at least 10, got 9"},
		{"argon2 memory", func(c *Config) { c.PasswordHashMemoryKiB = 16 }, "password_hash_memory_kib must be at least 32, got 16"},
		{"enum", func(c *Config) { c.JWTAlgorithm = "none" }, `jwt_algorithm must be one of "HS256", "HS384", "HS512", got "none"`},
		{"email backend", func(c *Config) { c.Email.Backend = "sendgrid" }, `email.backend must be one of "console", "smtp", "ses", got "sendgrid"`},
		{"sms backend", func(c *Config) { c.SMS.Backend = "pigeon" }, `sms.backend must be one of "null", "sns", "twilio", got "pigeon"`},
		{"backend value", func(c *Config) { c.Backend = "mysql" }, `backend must be one of "sqlite", "postgres", "mongo", got "mysql"`},
		{"backend disagrees", func(c *Config) { c.Backend = "postgres" },
			`database_url's scheme "sqlite" selects backend "sqlite", but backend is "postgres" (point database_url at a postgres database (in regstack.toml, or REGSTACK_DATABASE_URL in regstack.secrets.env or the environment); the backend is a generation key of regstack.toml)`},
		{"no scheme", func(c *Config) { c.DatabaseURL = "./x.db" },
			"database_url has no scheme (accepted schemes: sqlite://, sqlite+aiosqlite://, postgresql://, postgresql+asyncpg://, postgres://, mongodb://, mongodb+srv://)"},
		{"base url", func(c *Config) { c.BaseURL = "localhost:8000" }, `base_url must be an http:// or https:// URL, got "localhost:8000"`},
		{"redirect uri", func(c *Config) { c.OAuth.GoogleRedirectURI = "ftp://x" }, `oauth.google_redirect_uri must be an http:// or https:// URL, got "ftp://x"`},
		{"prefix start", func(c *Config) { c.UIPrefix = "account" }, `ui_prefix must start with "/", got "account"`},
		{"prefix end", func(c *Config) { c.StaticPrefix = "/static/" }, `static_prefix must not end with "/", got "/static/"`},
		{"from address", func(c *Config) { c.Email.FromAddress = "nobody" }, `email.from_address is not a valid email address: "nobody"`},
		{"smtp host", func(c *Config) { c.Email.Backend = "smtp" }, `email.smtp_host is required when email.backend is "smtp"`},
		{"twilio", func(c *Config) { c.SMS.Backend = "twilio" },
			"sms.twilio_account_sid is required when sms.backend is \"twilio\"\n" +
				"sms.from_number is required when sms.backend is \"twilio\"\n" +
				`sms.twilio_auth_token is required when sms.backend is "twilio" (set REGSTACK_SMS__TWILIO_AUTH_TOKEN in regstack.secrets.env or in the environment)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := DefaultConfig()
			c.JWTSecret = "s"
			tt.change(c)
			err := c.Validate()
			if err == nil {
				t.Fatal("Validate() = nil, want an error")
			}
			if diff := cmp.Diff(tt.want, err.Error()); diff != "" {
				t.Errorf("Validate (-want +got):\n%s", diff)
			}
		})
	}
}

func TestResolveBackend(t *testing.T) {
	tests := map[string]string{
		"sqlite:///./x.db":              "sqlite",
		"sqlite+aiosqlite:////abs/x.db": "sqlite",
		"SQLITE:///:memory:":            "sqlite",
		"postgresql://u@h/db":           "postgres",
		"postgresql+asyncpg://u@h/db":   "postgres",
		"postgres://u@h/db":             "postgres",
		"mongodb://h/db":                "mongo",
		"mongodb+srv://cluster/db":      "mongo",
	}
	for url, want := range tests {
		c := DefaultConfig()
		c.DatabaseURL = url
		got, err := c.resolveBackend()
		if err != nil || got != want {
			t.Errorf("resolveBackend(%q) = %q, %v; want %q", url, got, err, want)
		}
	}
}

func TestCompareGeneration(t *testing.T) {
	generated := generationKeys{Backend: "sqlite", EmailBackend: "console", Flags: defaultFlags()}
	if err := compareGeneration(generated, generated, nil); err != nil {
		t.Errorf("identical keys: %v", err)
	}
	configured := generated
	configured.Backend = "postgres"
	configured.Flags = map[string]bool{"enable_password_reset": true, "enable_account_deletion": true, "enable_oauth": true, "enable_sms_2fa": true}
	configured.SMSBackend = "sns"
	configured.Flags["enable_admin_router"] = false
	generated.Flags = map[string]bool{"enable_password_reset": true, "enable_account_deletion": true, "enable_admin_router": true}
	src := map[string]string{"backend": "regstack.toml:3", "enable_sms_2fa": "regstack.toml:9", "enable_oauth": ""}
	err := compareGeneration(configured, generated, src)
	want := "the configuration asks for code this package was not generated with; run `regstack-gen generate` to regenerate it:\n" +
		"\tregstack.toml:3: backend: configured \"postgres\", generated \"sqlite\"\n" +
		"\tregstack.toml:9: sms.backend: configured \"sns\", generated \"\"\n" +
		"\tenable_admin_router: configured false (not set: the default), generated true\n" +
		"\tregstack.toml:9: enable_sms_2fa: configured true, generated false\n" +
		"\tenable_oauth: configured true (set in code), generated false"
	if err == nil || err.Error() != want {
		t.Errorf("compareGeneration = %v, want %q", err, want)
	}
}

func TestGenerationKeys(t *testing.T) {
	c := DefaultConfig()
	c.DatabaseURL = "postgresql+asyncpg://h/db"
	c.SMS.Backend = "sns" // no code without enable_sms_2fa
	c.EnableAdminRouter = true
	want := generationKeys{Backend: "postgres", EmailBackend: "console",
		Flags:     map[string]bool{"enable_admin_router": true, "enable_password_reset": true, "enable_account_deletion": true},
		SQLTables: "users,pending_registrations,token_blacklist,login_attempts,mfa_codes,oauth_identities,oauth_states"}
	if diff := cmp.Diff(want, c.generationKeys()); diff != "" {
		t.Errorf("generationKeys (-want +got):\n%s", diff)
	}
	// SQL table names are generated code; MongoDB collection names are not.
	c.UserCollection = "accounts"
	if got := c.generationKeys().SQLTables; !strings.HasPrefix(got, "accounts,pending_registrations,") {
		t.Errorf("SQLTables with user_collection = accounts: %q", got)
	}
	c.DatabaseURL = "mongodb://h/db"
	if got := c.generationKeys().SQLTables; got != "" {
		t.Errorf("SQLTables on mongo = %q, want empty", got)
	}
	c.EnableSMS2FA = true
	if got := c.generationKeys().SMSBackend; got != "sns" {
		t.Errorf("SMSBackend with enable_sms_2fa = %q, want sns", got)
	}
}

// TestCheckGenerationAcceptsOwnKeys loads a configuration matching the
// generated keys: in a generated host this proves that generationKeys
// reads the configuration the way regstack-gen wrote the keys.
func TestCheckGenerationAcceptsOwnKeys(t *testing.T) {
	c := DefaultConfig()
	matchGenerated(c)
	if backend, err := c.resolveBackend(); err == nil {
		c.Backend = backend
	}
	if k, ok := generatedWith(); ok {
		if err := compareGeneration(c.generationKeys(), k, nil); err != nil {
			t.Errorf("compareGeneration: %v", err)
		}
	}
}

// TestConfigFieldsCoverEveryKey keeps the key table of fields in step with
// the toml tags of Config.
func TestConfigFieldsCoverEveryKey(t *testing.T) {
	var tags []string
	var walk func(prefix string, typ reflect.Type)
	walk = func(prefix string, typ reflect.Type) {
		for i := range typ.NumField() {
			f := typ.Field(i)
			tag := f.Tag.Get("toml")
			if tag == "-" {
				continue // decoded by hand (oauth.providers)
			}
			if f.Type.Kind() == reflect.Struct {
				walk(prefix+tag+".", f.Type)
				continue
			}
			tags = append(tags, prefix+tag)
		}
	}
	walk("", reflect.TypeFor[Config]())
	var keys []string
	for _, f := range DefaultConfig().fields() {
		keys = append(keys, f.key)
	}
	if diff := cmp.Diff(tags, keys); diff != "" {
		t.Errorf("fields() keys (-toml tags +table):\n%s", diff)
	}
}
