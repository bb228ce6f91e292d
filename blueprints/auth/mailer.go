package auth

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	htmltemplate "html/template"
	"io"
	"io/fs"
	"strings"
	texttemplate "text/template"
	"time"
)

// bundledEmailTemplates holds the default email templates. A host directory
// given with WithTemplateDir replaces them file by file.
//
//go:embed templates/email
var bundledEmailTemplates embed.FS

// bundledEmailDir is where the defaults sit inside bundledEmailTemplates. A
// host directory holds the same file names at its root, as upstream's
// template directories do.
const bundledEmailDir = "templates/email"

// The email kinds. Each has three templates: <kind>.subject.txt and
// <kind>.txt (text/template) and <kind>.html (html/template).
const (
	emailKindVerification  = "verification"
	emailKindPasswordReset = "password_reset"
	emailKindEmailChange   = "email_change"
)

// emailContext is the data every email template is executed with.
type emailContext struct {
	AppName string
	// FullName is the recipient's name, or "" when the account has none.
	FullName string
	// URL is the link the email asks the reader to open.
	URL string
	// TTLMinutes is how long the link works, at least 1; zero for kinds
	// whose link does not expire on a clock the reader needs to know.
	TTLMinutes int
}

// emailTemplates are the parsed templates of one kind.
type emailTemplates struct {
	subject *texttemplate.Template
	text    *texttemplate.Template
	html    *htmltemplate.Template
}

// mailer renders the account emails. It is built once by New, so a broken
// template stops start-up instead of a request.
type mailer struct {
	appName     string
	fromAddress string
	fromName    string
	kinds       map[string]emailTemplates
}

// newMailer parses the templates of every kind, taking each file from host
// when host has it and from the bundled set otherwise. host may be nil.
// Every template is also executed once with sample data, so that a host
// template naming a field that does not exist fails here, with its file
// name, rather than in the middle of a registration.
func newMailer(cfg *Config, host fs.FS) (*mailer, error) {
	m := &mailer{
		appName:     cfg.AppName,
		fromAddress: cfg.Email.FromAddress,
		fromName:    cfg.Email.FromName,
		kinds:       make(map[string]emailTemplates),
	}
	sample := emailContext{
		AppName:    cfg.AppName,
		FullName:   "Sample User",
		URL:        "https://example.com/verify?token=sample",
		TTLMinutes: 30,
	}
	for _, kind := range []string{emailKindVerification, emailKindPasswordReset, emailKindEmailChange} {
		t, err := loadEmailTemplates(host, kind, sample)
		if err != nil {
			return nil, err
		}
		m.kinds[kind] = t
	}
	return m, nil
}

// loadEmailTemplates parses and trial-renders the three files of kind.
func loadEmailTemplates(host fs.FS, kind string, sample emailContext) (emailTemplates, error) {
	var t emailTemplates
	for _, name := range []string{kind + ".subject.txt", kind + ".txt", kind + ".html"} {
		src, origin, err := readEmailTemplate(host, name)
		if err != nil {
			return emailTemplates{}, err
		}
		if err := t.parse(name, src, sample); err != nil {
			return emailTemplates{}, fmt.Errorf("%s email template %s: %w", origin, name, err)
		}
	}
	return t, nil
}

// parse parses one file into its slot of t, with html/template for .html
// files and text/template for the rest, and executes it once with sample.
func (t *emailTemplates) parse(name, src string, sample emailContext) error {
	if strings.HasSuffix(name, ".html") {
		h, err := htmltemplate.New(name).Parse(src)
		if err != nil {
			return err
		}
		t.html = h
		return h.Execute(io.Discard, sample)
	}
	tt, err := texttemplate.New(name).Parse(src)
	if err != nil {
		return err
	}
	if strings.HasSuffix(name, ".subject.txt") {
		t.subject = tt
	} else {
		t.text = tt
	}
	return tt.Execute(io.Discard, sample)
}

// readEmailTemplate returns the source of the template file name and where
// it came from ("host" or "bundled").
func readEmailTemplate(host fs.FS, name string) (src, origin string, err error) {
	if host != nil {
		b, err := fs.ReadFile(host, name)
		if err == nil {
			return string(b), "host", nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return "", "", fmt.Errorf("host email template %s: %w", name, err)
		}
	}
	b, err := bundledEmailTemplates.ReadFile(bundledEmailDir + "/" + name)
	if err != nil {
		return "", "", fmt.Errorf("bundled email template %s: %w", name, err)
	}
	return string(b), "bundled", nil
}

// verification renders the email that confirms a new account's address.
func (m *mailer) verification(to, fullName, url string) (EmailMessage, error) {
	return m.compose(emailKindVerification, to, emailContext{
		AppName:  m.appName,
		FullName: fullName,
		URL:      url,
	})
}

// passwordReset renders the email with a password-reset link valid for ttl.
func (m *mailer) passwordReset(to, fullName, url string, ttl time.Duration) (EmailMessage, error) {
	return m.compose(emailKindPasswordReset, to, emailContext{
		AppName:    m.appName,
		FullName:   fullName,
		URL:        url,
		TTLMinutes: ttlMinutes(ttl),
	})
}

// emailChange renders the email, sent to the new address, that confirms a
// change of address with a link valid for ttl.
func (m *mailer) emailChange(to, fullName, url string, ttl time.Duration) (EmailMessage, error) {
	return m.compose(emailKindEmailChange, to, emailContext{
		AppName:    m.appName,
		FullName:   fullName,
		URL:        url,
		TTLMinutes: ttlMinutes(ttl),
	})
}

// ttlMinutes is ttl in whole minutes, rounded down but never below 1, so a
// short-lived link never claims to be valid for "0 minutes".
func ttlMinutes(ttl time.Duration) int {
	return max(int(ttl/time.Minute), 1)
}

// compose executes the templates of kind and assembles the message.
func (m *mailer) compose(kind, to string, data emailContext) (EmailMessage, error) {
	t, ok := m.kinds[kind]
	if !ok {
		return EmailMessage{}, fmt.Errorf("render %s email: unknown kind", kind)
	}
	var subject, text, html bytes.Buffer
	if err := t.subject.Execute(&subject, data); err != nil {
		return EmailMessage{}, fmt.Errorf("render %s email: %w", kind, err)
	}
	if err := t.text.Execute(&text, data); err != nil {
		return EmailMessage{}, fmt.Errorf("render %s email: %w", kind, err)
	}
	if err := t.html.Execute(&html, data); err != nil {
		return EmailMessage{}, fmt.Errorf("render %s email: %w", kind, err)
	}
	return EmailMessage{
		To:          to,
		FromAddress: m.fromAddress,
		FromName:    m.fromName,
		// A subject is one header line: trim it, as upstream does, and fold
		// any line break a template left inside it.
		Subject: strings.Join(strings.Fields(subject.String()), " "),
		HTML:    html.String(),
		Text:    text.String(),
	}, nil
}
