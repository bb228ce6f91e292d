// Package scaffold produces the files regstack-gen init writes besides the
// generated package: a commented regstack.toml, the secrets file and the
// .gitignore entry. It is pure; the CLI writes the results.
package scaffold

import (
	"bytes"
	"crypto/rand"
	"embed"
	"encoding/base64"
	"fmt"
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
	SMTPHost            string
	SMTPPort            int
	SMTPStartTLS        bool
	SMTPUsername        string
	SMTPPassword        string
	SESRegion           string
	SMSBackend          string
	RequireVerification bool
	AllowRegistration   bool
	PasswordReset       bool
	AccountDeletion     bool
	AdminRouter         bool
	UIRouter            bool
	SMS2FA              bool
	OAuth               bool
	Output              string
	Package             string
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

// mdLink matches a Markdown link, whose text alone a comment keeps.
var mdLink = regexp.MustCompile(`\[([^\]]+)\]\([^)]+\)`)

// stripMarkdown turns a documentation line into comment text: no
// backquotes, no link targets, no *Go* marker.
func stripMarkdown(s string) string {
	s = strings.TrimPrefix(s, "*Go*. ")
	s = mdLink.ReplaceAllString(s, "$1")
	return strings.ReplaceAll(s, "`", "")
}

// SecretsFile is the name of the git-ignored file holding secrets.
const SecretsFile = "regstack.secrets.env"

// Secrets returns a new secrets file with a fresh 64-byte URL-safe JWT
// secret (86 characters), as the Python library's init makes, and the
// database URL when a.DatabaseURLInSecrets.
func Secrets(a Answers) ([]byte, error) {
	b := make([]byte, 64)
	if _, err := rand.Read(b); err != nil {
		return nil, err
	}
	secret := base64.RawURLEncoding.EncodeToString(b)
	out := fmt.Sprintf("# Secrets for regstack; keep this file out of version control.\n"+
		"# Every key here can also be set as an environment variable. Run-time\n"+
		"# keys only: regstack-gen never reads this file.\n"+
		"REGSTACK_JWT_SECRET=%s\n", secret)
	if a.DatabaseURLInSecrets() {
		out += "REGSTACK_DATABASE_URL=" + a.DatabaseURL + "\n"
	}
	if a.EmailBackend == "smtp" && a.SMTPPassword != "" {
		out += "REGSTACK_EMAIL__SMTP_PASSWORD=" + a.SMTPPassword + "\n"
	}
	return []byte(out), nil
}

// Gitignore returns data with line added unless an identical line exists.
func Gitignore(data []byte, line string) ([]byte, bool) {
	for _, l := range strings.Split(string(data), "\n") {
		if strings.TrimSpace(l) == line || strings.TrimSpace(l) == "/"+line {
			return data, false
		}
	}
	out := append([]byte{}, data...)
	if len(out) > 0 && out[len(out)-1] != '\n' {
		out = append(out, '\n')
	}
	return append(out, line+"\n"...), true
}
