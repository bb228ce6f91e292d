package generator_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/regstack/regstack-gen/generator"
	"github.com/regstack/regstack-gen/generator/config"
)

// forbiddenDeps lists the module paths a generated package must never pull
// in: hosts get only what their features import, so another backend's
// driver and another email channel's SDK stay out.
func forbiddenDeps(g config.Generation) []string {
	backends := map[string]string{
		"sqlite":   "modernc.org/sqlite",
		"postgres": "github.com/jackc/pgx/v5",
		"mongo":    "go.mongodb.org/mongo-driver/v2",
	}
	channels := map[string]string{
		"smtp": "github.com/wneessen/go-mail",
		"ses":  "github.com/aws/aws-sdk-go-v2",
	}
	smsChannels := map[string]string{
		"sns":    "github.com/aws/aws-sdk-go-v2",
		"twilio": "github.com/twilio/twilio-go",
	}
	out := []string{"github.com/regstack/regstack-gen"}
	// OAuth's modules only with the providers that use them: oauth2 for
	// any built-in provider, go-oidc for Google and OpenID Connect.
	if len(g.OAuthProviders) == 0 {
		out = append(out, "golang.org/x/oauth2")
	}
	if !slices.Contains(g.OAuthProviders, "google") && !slices.Contains(g.OAuthProviders, "oidc") {
		out = append(out, "github.com/coreos/go-oidc", "github.com/go-jose/go-jose")
	}
	for b, mod := range backends {
		if b != g.Backend {
			out = append(out, mod)
		}
	}
	for ch, mod := range channels {
		// The AWS SDK serves both SES and SNS.
		if ch != g.EmailBackend && !(mod == smsChannels["sns"] && g.SMSBackend == "sns") {
			out = append(out, mod)
		}
	}
	for ch, mod := range smsChannels {
		if ch != g.SMSBackend && !(mod == channels["ses"] && g.EmailBackend == "ses") {
			out = append(out, mod)
		}
	}
	if !g.Flags["enable_totp"] {
		// Authenticator apps: the TOTP library and its QR-code renderer.
		out = append(out, "github.com/pquerna/otp", "github.com/boombuler/barcode")
	}
	return out
}

// requiredDeps lists module paths the generated package must depend on:
// the selected email channel's library, so the check above is not passing
// only because nothing was generated.
func requiredDeps(g config.Generation) []string {
	var out []string
	switch g.EmailBackend {
	case "smtp":
		out = append(out, "github.com/wneessen/go-mail")
	case "ses":
		out = append(out, "github.com/aws/aws-sdk-go-v2/service/sesv2")
	}
	switch g.SMSBackend {
	case "sns":
		out = append(out, "github.com/aws/aws-sdk-go-v2/service/sns")
	case "twilio":
		out = append(out, "github.com/twilio/twilio-go")
	}
	if len(g.OAuthProviders) > 0 {
		out = append(out, "golang.org/x/oauth2")
	}
	if slices.Contains(g.OAuthProviders, "google") || slices.Contains(g.OAuthProviders, "oidc") {
		out = append(out, "github.com/coreos/go-oidc/v3")
	}
	if g.Flags["enable_totp"] {
		out = append(out, "github.com/pquerna/otp", "github.com/boombuler/barcode")
	}
	return out
}

// depsOf returns the lines of deps (go list -deps output) under any of
// the module paths mods.
func depsOf(deps string, mods ...string) []string {
	var out []string
	for _, line := range strings.Split(deps, "\n") {
		for _, m := range mods {
			if line == m || strings.HasPrefix(line, m+"/") {
				out = append(out, line)
				break
			}
		}
	}
	return out
}

// TestCombinations generates every combination into a fresh host module the
// way `regstack-gen init` does, then runs go vet and go test there: the
// generated output is the product, so it is compiled and tested, not only
// compared.
func TestCombinations(t *testing.T) {
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range combinations() {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			writeHost(t, dir, c)
			cfg, err := config.Parse(filepath.Join(dir, "regstack.toml"), []byte(c.toml))
			if err != nil {
				t.Fatal(err)
			}
			out, err := generator.Generate(generator.Request{Root: dir, Config: cfg, Version: goldenVersion})
			if err != nil {
				t.Fatal(err)
			}
			if n := len(out.Report.Conflicted()); n != 0 {
				t.Fatalf("fresh generation reported %d conflicts", n)
			}
			goRun(t, dir, gobin, "mod", "tidy")
			goRun(t, dir, gobin, "vet", "./...")
			testOut := goRun(t, dir, gobin, "test", "-count=1", "-v", "./...")
			if strings.Contains(testOut, "--- SKIP") {
				// The generated tests skip only when their database server
				// is not configured: allowed on a developer machine, never
				// where the server is there (CI always provides it).
				backend := cfg.Generation().Backend
				if v := serverURLVar(backend); v == "" || os.Getenv(v) != "" || os.Getenv("CI") == "true" {
					t.Errorf("generated tests skipped on %s:\n%s", backend, skipLines(testOut))
				} else {
					t.Logf("generated tests skipped: %s is not set", v)
				}
			}
			// Every combination checks its openapi.json against the routes
			// its Mount registers (blueprints/auth/openapi_test.go); make
			// sure that test ran and passed here rather than trusting it to
			// (a skip, without a database server, is judged above).
			if !strings.Contains(testOut, "--- PASS: TestOpenAPICoversRoutes") && !strings.Contains(testOut, "--- SKIP: TestOpenAPICoversRoutes") {
				t.Errorf("the generated package did not pass TestOpenAPICoversRoutes:\n%s", testOut)
			}
			// The host CLI is part of the product: make sure it was among
			// the packages vetted and tested above.
			if cli := cfg.Generation().CLI; cli != "" {
				pkgs := goRun(t, dir, gobin, "list", "./...")
				if !slices.Contains(strings.Fields(pkgs), goldenModule+"/"+cli) {
					t.Errorf("the generated CLI %s is not a package of the host:\n%s", cli, pkgs)
				}
			}
			gomod, err := os.ReadFile(filepath.Join(dir, "go.mod"))
			if err != nil {
				t.Fatal(err)
			}
			g := cfg.Generation()
			for _, bad := range forbiddenDeps(g) {
				if strings.Contains(string(gomod), bad+" ") || strings.Contains(string(gomod), bad+"/") {
					t.Errorf("the host's go.mod gained %s (backend %s, email %s must not):\n%s", bad, g.Backend, g.EmailBackend, gomod)
				}
			}
			deps := goRun(t, dir, gobin, "list", "-deps", "-test", "./...")
			for _, bad := range forbiddenDeps(g) {
				if got := depsOf(deps, bad); len(got) > 0 {
					t.Errorf("generated package depends on %s (backend %s, email %s must not)", got[0], g.Backend, g.EmailBackend)
				}
			}
			for _, need := range requiredDeps(g) {
				if len(depsOf(deps, need)) == 0 {
					t.Errorf("generated package does not depend on %s (email %s)", need, g.EmailBackend)
				}
			}
			t.Logf("go list -deps: email %s, sms %q, oauth %q, totp %v → %d AWS SDK packages (%d sns), %d go-mail packages, %d twilio-go packages, %d oauth2 packages, %d go-oidc packages, %d pquerna/otp + barcode packages",
				g.EmailBackend, g.SMSBackend, g.OAuthProviders, g.Flags["enable_totp"], len(depsOf(deps, "github.com/aws/aws-sdk-go-v2")), len(depsOf(deps, "github.com/aws/aws-sdk-go-v2/service/sns")),
				len(depsOf(deps, "github.com/wneessen/go-mail")), len(depsOf(deps, "github.com/twilio/twilio-go")),
				len(depsOf(deps, "golang.org/x/oauth2")), len(depsOf(deps, "github.com/coreos/go-oidc")),
				len(depsOf(deps, "github.com/pquerna/otp", "github.com/boombuler/barcode")))
		})
	}
}

// serverURLVar names the variable that points generated tests at the
// backend's server; "" for SQLite, which needs none.
func serverURLVar(backend string) string {
	switch backend {
	case "postgres":
		return "REGSTACK_TEST_POSTGRES_URL"
	case "mongo":
		return "REGSTACK_TEST_MONGO_URL"
	}
	return ""
}

// skipLines returns the "--- SKIP" lines of verbose go test output and the
// line after each, which holds the reason.
func skipLines(out string) string {
	lines := strings.Split(out, "\n")
	var b strings.Builder
	for i, l := range lines {
		if strings.Contains(l, "--- SKIP") {
			b.WriteString(l + "\n")
			if i+1 < len(lines) {
				b.WriteString(lines[i+1] + "\n")
			}
		}
	}
	return b.String()
}

// writeHost creates an empty host module holding the combination's toml and
// a secrets file.
func writeHost(t *testing.T, dir string, c combination) {
	t.Helper()
	files := map[string]string{
		"go.mod":               "module " + goldenModule + "\n\ngo 1.26.8\n",
		"regstack.toml":        c.toml,
		"regstack.secrets.env": "REGSTACK_JWT_SECRET=combination-test-secret-0123456789abcdef0123456789\n",
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

func goRun(t *testing.T, dir, gobin string, args ...string) string {
	t.Helper()
	cmd := exec.Command(gobin, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go %s in generated host: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}
