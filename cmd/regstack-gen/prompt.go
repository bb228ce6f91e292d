package main

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/regstack/regstack-gen/generator/scaffold"
)

// prompter asks init's questions on a line-oriented terminal.
type prompter struct {
	in  *bufio.Reader
	out io.Writer
}

// ask fills a from the answers; a question whose flag was given, or whose
// feature this version cannot generate, is not asked.
func (p *prompter) ask(a *scaffold.Answers, avail map[string]bool, flagSet func(string) bool) error {
	var err error
	str := func(flag, q string, v *string) {
		if err == nil && !flagSet(flag) {
			*v, err = p.line(q, *v)
		}
	}
	choice := func(flag, q, prefix string, options []string, v *string) {
		var offered []string
		for _, o := range options {
			if avail[prefix+o] {
				offered = append(offered, o)
			}
		}
		if err == nil && !flagSet(flag) && len(offered) > 1 {
			*v, err = p.choice(q, offered, *v)
		}
	}
	yesno := func(flag, q, feature string, v *bool) {
		if err == nil && !flagSet(flag) && (feature == "" || avail[feature]) {
			*v, err = p.yesNo(q, *v)
		}
	}
	str("app-name", "Application name", &a.AppName)
	str("base-url", "Public base URL", &a.BaseURL)
	choice("backend", "Database backend", "backend=", []string{"sqlite", "postgres", "mongo"}, &a.Backend)
	if a.Backend != "sqlite" && a.DatabaseURL == "" {
		// The default depends on the answer just given. init writes the
		// URL of a server backend to regstack.secrets.env as
		// REGSTACK_DATABASE_URL, not to regstack.toml.
		a.DatabaseURL = defaultDatabaseURL(a.Backend, a.AppName)
		str("database-url", "Database URL (written to regstack.secrets.env)", &a.DatabaseURL)
	}
	choice("email-backend", "Email backend", "email=", []string{"console", "smtp", "ses"}, &a.EmailBackend)
	switch a.EmailBackend {
	case "smtp":
		str("smtp-host", "SMTP host", &a.SMTPHost)
		if err == nil && !flagSet("smtp-port") {
			port := strconv.Itoa(a.SMTPPort)
			if port, err = p.line("SMTP port", port); err == nil {
				if a.SMTPPort, err = strconv.Atoi(port); err != nil {
					err = fmt.Errorf("SMTP port %q: %w", port, err)
				}
			}
		}
		yesno("smtp-starttls", "Use STARTTLS?", "", &a.SMTPStartTLS)
		str("smtp-username", "SMTP username (empty: no authentication)", &a.SMTPUsername)
		if err == nil && a.SMTPUsername != "" {
			a.SMTPPassword, err = p.line("SMTP password (written to regstack.secrets.env)", "")
		}
	case "ses":
		str("ses-region", "SES region", &a.SESRegion)
	}
	yesno("sms-2fa", "Enable SMS second factor?", "sms_2fa", &a.SMS2FA)
	if a.SMS2FA {
		if a.SMSBackend == "" {
			a.SMSBackend = "sns"
		}
		choice("sms-backend", "SMS backend", "sms=", []string{"sns", "twilio"}, &a.SMSBackend)
	}
	yesno("oauth", "Enable OAuth sign-in?", "oauth", &a.OAuth)
	yesno("ui", "Generate server-rendered account pages?", "ui", &a.UIRouter)
	yesno("admin", "Generate the JSON admin API?", "admin", &a.AdminRouter)
	yesno("require-verification", "Require email verification before login?", "", &a.RequireVerification)
	yesno("allow-registration", "Allow self-service registration?", "", &a.AllowRegistration)
	yesno("password-reset", "Generate forgot/reset password?", "password_reset", &a.PasswordReset)
	yesno("account-deletion", "Let users delete their account?", "account_deletion", &a.AccountDeletion)
	return err
}

func (p *prompter) line(q, def string) (string, error) {
	fmt.Fprintf(p.out, "%s [%s]: ", q, def)
	s, err := p.in.ReadString('\n')
	if err != nil && !(err == io.EOF && s != "") {
		return "", fmt.Errorf("reading the answer to %q: %w", q, err)
	}
	if s = strings.TrimSpace(s); s == "" {
		return def, nil
	}
	return s, nil
}

func (p *prompter) choice(q string, options []string, def string) (string, error) {
	for {
		s, err := p.line(fmt.Sprintf("%s (%s)", q, strings.Join(options, "/")), def)
		if err != nil {
			return "", err
		}
		if slices.Contains(options, s) {
			return s, nil
		}
		fmt.Fprintf(p.out, "  please answer one of: %s\n", strings.Join(options, ", "))
	}
}

func (p *prompter) yesNo(q string, def bool) (bool, error) {
	d := "y/N"
	if def {
		d = "Y/n"
	}
	for {
		s, err := p.line(q, d)
		if err != nil {
			return false, err
		}
		if s == d {
			return def, nil
		}
		switch strings.ToLower(s) {
		case "y", "yes":
			return true, nil
		case "n", "no":
			return false, nil
		}
		fmt.Fprintln(p.out, "  please answer y or n")
	}
}
