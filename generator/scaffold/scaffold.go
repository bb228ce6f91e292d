// Package scaffold produces the files regstack-gen init writes besides the
// generated package: a commented regstack.toml, the secrets file and the
// .gitignore entry. It is pure; the CLI writes the results.
package scaffold

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"path"
	"regexp"
	"strconv"
	"strings"
	"text/template"

	"github.com/regstack/regstack-gen/generator/config"
)

//go:embed regstack.toml.tmpl
var templates embed.FS

// Answers are init's questions and their answers.
type Answers struct {
	AppName      string
	BaseURL      string
	Backend      string // sqlite, postgres, mongo
	DatabaseURL  string
	EmailBackend string
	FromAddress  string
	// The [email] keys of the smtp and ses backends; SMTPPassword goes to
	// the secrets file.
	SMTPHost     string
	SMTPPort     int
	SMTPStartTLS bool
	SMTPUsername string
	SMTPPassword string
	SESRegion    string
	SMSBackend   string
	// Transport is "bearer" or "cookie" (a run-time key).
	Transport           string
	RequireVerification bool
	AllowRegistration   bool
	PasswordReset       bool
	AccountDeletion     bool
	AdminRouter         bool
	UIRouter            bool
	SMS2FA              bool
	// TOTP turns on authenticator apps (enable_totp; needs SMS2FA).
	TOTP    bool
	OAuth   bool
	Output  string
	Package string
}

// DefaultAnswers are what init --yes uses.
func DefaultAnswers() Answers {
	return Answers{
		AppName:             "MyApp",
		BaseURL:             "http://localhost:8000",
		Backend:             "sqlite",
		DatabaseURL:         "sqlite:///./regstack.db",
		EmailBackend:        "console",
		FromAddress:         "noreply@example.com",
		SMTPPort:            587,
		SMTPStartTLS:        true,
		SESRegion:           "eu-west-1",
		Transport:           "bearer",
		RequireVerification: true,
		AllowRegistration:   true,
		PasswordReset:       true,
		AccountDeletion:     true,
		Output:              "internal/auth",
		Package:             "auth",
	}
}

// DatabaseURLInSecrets reports whether init writes the database URL to the
// secrets file rather than to regstack.toml: for PostgreSQL and MongoDB,
// whose URL names a server and usually a password and differs between
// machines. A SQLite file path holds no secret and is shared by every
// clone, so it stays in regstack.toml. Either way the backend key in
// regstack.toml decides what is generated.
func (a Answers) DatabaseURLInSecrets() bool { return a.Backend != "sqlite" }

// Flags returns the boolean generation keys by key, with their values:
// init's answers for those it asks about, the declared default for the
// rest, so that a new key appears in init's regstack.toml unasked.
func (a Answers) Flags() map[string]bool {
	out := map[string]bool{}
	for _, k := range config.FlagKeys() {
		out[k.Key] = k.Default
	}
	out["enable_password_reset"] = a.PasswordReset
	out["enable_account_deletion"] = a.AccountDeletion
	out["enable_admin_router"] = a.AdminRouter
	out["enable_ui_router"] = a.UIRouter
	out["enable_sms_2fa"] = a.SMS2FA
	out["enable_totp"] = a.TOTP
	out["enable_oauth"] = a.OAuth
	return out
}

// TOML renders a commented regstack.toml for a. The comments on the
// declared keys are their documentation lines.
func TOML(a Answers) ([]byte, error) {
	t, err := template.New("regstack.toml.tmpl").Funcs(template.FuncMap{
		"q":        strconv.Quote,
		"doc":      func(key string) string { return stripMarkdown(config.KeyDoc(key)) },
		"flagKeys": config.FlagKeys,
		"label":    keyLabel,
	}).ParseFS(templates, "regstack.toml.tmpl")
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, a); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// keyLabel says whether key is a generation or a run-time key, from the
// key declarations.
func keyLabel(key string) string {
	if config.IsGenerationKey(key) {
		return "Generation key"
	}
	return "Run-time key"
}

// mdLink matches a Markdown link, whose text alone a comment keeps.
var mdLink = regexp.MustCompile(`\[([^\]]+)\]\([^)]+\)`)

// stripMarkdown turns a documentation line into comment text: no
// backquotes, no link targets, no *Go* marker.
func stripMarkdown(s string) string {
	s = strings.TrimPrefix(s, "*Go*. ")
	s = mdLink.ReplaceAllString(s, "$1")
	return strings.ReplaceAll(s, "`", "")
}

// Gitignore returns data with line added unless an identical line exists
// (rooted or not: "/x" and "x" count as the same entry).
func Gitignore(data []byte, line string) ([]byte, bool) {
	bare := strings.TrimPrefix(line, "/")
	for _, l := range strings.Split(string(data), "\n") {
		if t := strings.TrimSpace(l); t == bare || t == "/"+bare {
			return data, false
		}
	}
	out := append([]byte{}, data...)
	if len(out) > 0 && out[len(out)-1] != '\n' {
		out = append(out, '\n')
	}
	return append(out, line+"\n"...), true
}

// Validate checks a as the regstack.toml init would write from it,
// with regstack-gen's own configuration checks (so that init accepts
// exactly what generate accepts), plus what the toml does not hold: the
// application name must not be empty, and a database URL must select the
// backend. Each problem is a *config.Error whose Key names the answer's
// key, so a question can pick out its own.
func Validate(a Answers) error {
	var errs config.Errors
	if strings.TrimSpace(a.AppName) == "" {
		errs = append(errs, &config.Error{Key: "app_name", Msg: "the application name must not be empty", Hint: "it appears in emails"})
	}
	if a.DatabaseURL != "" {
		switch b, err := config.BackendOfURL(a.DatabaseURL); {
		case err != nil:
			errs = append(errs, &config.Error{Key: "database_url", Msg: err.Error()})
		case b != a.Backend:
			errs = append(errs, &config.Error{Key: "database_url", Msg: fmt.Sprintf("the database URL selects backend %q, but the backend is %q", b, a.Backend), Hint: "give a " + a.Backend + " URL or another backend"})
		}
	}
	data, err := TOML(a)
	if err != nil {
		return err
	}
	if _, err := config.Parse("regstack.toml", data); err != nil {
		var ces config.Errors
		if !errors.As(err, &ces) {
			var ce *config.Error
			if !errors.As(err, &ce) {
				return err
			}
			ces = config.Errors{ce}
		}
		for _, e := range ces {
			// The file is init's rendering, not one the user wrote:
			// its name and line would mislead.
			c := *e
			c.File, c.Line = "", 0
			errs = append(errs, &c)
		}
	}
	if len(errs) == 0 {
		return nil
	}
	return errs
}

// IgnoredFiles lists what init adds to .gitignore: the secrets file and,
// on SQLite, the database file with its write-ahead log, shared-memory and
// rollback-journal companions, at the path the database URL names (when it
// is a relative path inside the module).
func (a Answers) IgnoredFiles() []string {
	out := []string{SecretsFile}
	if a.Backend != "sqlite" {
		return out
	}
	if db, ok := SQLitePath(a.DatabaseURL); ok {
		out = append(out, "/"+db, "/"+db+"-wal", "/"+db+"-shm", "/"+db+"-journal")
	}
	return out
}

// SQLitePath returns the module-relative slash path of the database file a
// SQLite URL names ("sqlite:///./app.db" → "app.db"), or false for an
// absolute path, an in-memory database or a path outside the module.
func SQLitePath(u string) (string, bool) {
	rest, ok := strings.CutPrefix(u, "sqlite:///")
	if !ok {
		if rest, ok = strings.CutPrefix(u, "sqlite+aiosqlite:///"); !ok {
			return "", false
		}
	}
	rest, _, _ = strings.Cut(rest, "?")
	if rest == "" || rest == ":memory:" || strings.HasPrefix(rest, "/") || strings.Contains(rest, `\`) {
		return "", false
	}
	p := path.Clean(rest)
	if p == "." || p == ".." || strings.HasPrefix(p, "../") {
		return "", false
	}
	return p, true
}

// GitignoreAll adds each line of lines with Gitignore.
func GitignoreAll(data []byte, lines []string) ([]byte, bool) {
	changed := false
	for _, l := range lines {
		var c bool
		data, c = Gitignore(data, l)
		changed = changed || c
	}
	return data, changed
}
