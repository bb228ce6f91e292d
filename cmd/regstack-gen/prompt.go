package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/regstack/regstack-gen/generator/config"
	"github.com/regstack/regstack-gen/generator/scaffold"
)

// prompter asks init's questions on a line-oriented terminal, or reads the
// answers from a pipe. Every answer is checked when it is given, and a
// wrong one is asked again with the reason; at the end of piped input the
// remaining questions take their defaults.
type prompter struct {
	in  *bufio.Reader
	out io.Writer
	// echo writes each answer after its question, for a transcript that
	// reads right when the answers come from a pipe (a terminal echoes them
	// itself).
	echo bool
	// echoAs, when set, is what the transcript shows in place of an answer:
	// a database URL is echoed without its password.
	echoAs func(string) string
	// eof is set once the input has ended; answered counts the lines read.
	eof      bool
	answered int
}

// ask fills a from the answers; a question whose flag was given, or whose
// feature this version cannot generate, is not asked.
func (p *prompter) ask(a *scaffold.Answers, avail map[string]bool, flagSet func(string) bool) error {
	var err error
	// check returns the problem with the answers so far that concerns key.
	check := func(key string) func() error {
		return func() error { return answerProblem(*a, key) }
	}
	str := func(flag, key, q string, v *string) {
		if err == nil && !flagSet(flag) {
			err = p.line(q, v, check(key))
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
	str("app-name", "app_name", "Application name", &a.AppName)
	str("base-url", "base_url", "Public base URL", &a.BaseURL)
	choice("backend", "Database backend", "backend=", []string{"sqlite", "postgres", "mongo"}, &a.Backend)
	if a.Backend != "sqlite" && a.DatabaseURL == "" {
		// The default depends on the answer just given. init writes the
		// URL of a server backend to regstack.secrets.env as
		// REGSTACK_DATABASE_URL, not to regstack.toml.
		a.DatabaseURL = defaultDatabaseURL(a.Backend, a.AppName)
		p.echoAs = redactURL
		str("database-url", "database_url", "Database URL (written to regstack.secrets.env)", &a.DatabaseURL)
		p.echoAs = nil
	}
	str("transport", "transport", "Session transport (bearer/cookie)", &a.Transport)
	choice("email-backend", "Email backend", "email=", []string{"console", "smtp", "ses"}, &a.EmailBackend)
	switch a.EmailBackend {
	case "smtp":
		str("smtp-host", "email.smtp_host", "SMTP host", &a.SMTPHost)
		if err == nil && !flagSet("smtp-port") {
			port := strconv.Itoa(a.SMTPPort)
			err = p.line("SMTP port", &port, func() error {
				n, perr := strconv.Atoi(port)
				if perr != nil || n < 1 || n > 65535 {
					return fmt.Errorf("%q is not a port number (1-65535)", port)
				}
				a.SMTPPort = n
				return nil
			})
		}
		yesno("smtp-starttls", "Use STARTTLS?", "", &a.SMTPStartTLS)
		str("smtp-username", "email.smtp_username", "SMTP username (empty: no authentication)", &a.SMTPUsername)
		if err == nil && a.SMTPUsername != "" {
			// A password is not echoed into a piped transcript.
			echo := p.echo
			p.echo = false
			err = p.line("SMTP password (written to regstack.secrets.env)", &a.SMTPPassword, func() error { return nil })
			p.echo = echo
		}
	case "ses":
		str("ses-region", "email.ses_region", "SES region", &a.SESRegion)
	}
	yesno("sms-2fa", "Enable SMS second factor?", "sms_2fa", &a.SMS2FA)
	if a.SMS2FA {
		if a.SMSBackend == "" {
			a.SMSBackend = "null"
		}
		choice("sms-backend", "SMS backend", "sms=", []string{"null", "sns", "twilio"}, &a.SMSBackend)
		yesno("totp", "Also enable authenticator apps (TOTP)?", "totp", &a.TOTP)
	}
	yesno("oauth", "Enable OAuth sign-in?", "oauth", &a.OAuth)
	yesno("ui", "Generate server-rendered account pages?", "ui", &a.UIRouter)
	yesno("admin", "Generate the JSON admin API?", "admin", &a.AdminRouter)
	yesno("require-verification", "Require email verification before login? (run-time key)", "", &a.RequireVerification)
	yesno("allow-registration", "Allow self-service registration? (run-time key)", "", &a.AllowRegistration)
	yesno("password-reset", "Generate forgot/reset password?", "password_reset", &a.PasswordReset)
	yesno("account-deletion", "Let users delete their account?", "account_deletion", &a.AccountDeletion)
	return err
}

// answerProblem returns the first problem scaffold.Validate finds with a
// that concerns key, or nil.
func answerProblem(a scaffold.Answers, key string) error {
	var es config.Errors
	if err := scaffold.Validate(a); err != nil && errors.As(err, &es) {
		for _, e := range es {
			if e.Key == key {
				return e
			}
		}
	}
	return nil
}

// errNoMoreInput ends the questions when piped input ran out while an
// answer was still wrong.
var errNoMoreInput = errors.New("the input ended before a valid answer")

// read returns the next answer line, trimmed; at the end of the input it
// returns "" (the default) and says so once.
func (p *prompter) read(q string) (string, error) {
	if p.eof {
		fmt.Fprintln(p.out)
		return "", nil
	}
	s, err := p.in.ReadString('\n')
	switch {
	case err == io.EOF && s == "":
		p.eof = true
		fmt.Fprintln(p.out)
		return "", nil
	case err == io.EOF:
		p.eof = true
	case err != nil:
		return "", fmt.Errorf("reading the answer to %q: %w", q, err)
	}
	p.answered++
	s = strings.TrimSpace(s)
	if p.echo {
		shown := s
		if p.echoAs != nil {
			shown = p.echoAs(s)
		}
		fmt.Fprintln(p.out, shown)
	}
	return s, nil
}

// line asks q with *v as the default and stores the answer in *v, asking
// again while check (which sees the answer in *v) reports a problem.
func (p *prompter) line(q string, v *string, check func() error) error {
	def := *v
	var problem error
	for retry := false; ; retry = true {
		fmt.Fprintf(p.out, "%s [%s]: ", q, def)
		s, err := p.read(q)
		if err != nil {
			return err
		}
		if retry && p.eof && s == "" {
			return fmt.Errorf("%s: %w (%v)", q, errNoMoreInput, problem)
		}
		if s == "" {
			s = def
		}
		*v = s
		if problem = check(); problem == nil {
			return nil
		}
		*v = def
		if p.eof {
			return fmt.Errorf("%s: %q: %v: %w", q, s, problem, errNoMoreInput)
		}
		fmt.Fprintf(p.out, "  %v; please answer again\n", problem)
	}
}

func (p *prompter) choice(q string, options []string, def string) (string, error) {
	v := def
	err := p.line(fmt.Sprintf("%s (%s)", q, strings.Join(options, "/")), &v, func() error {
		if slices.Contains(options, v) {
			return nil
		}
		return fmt.Errorf("%q is not one of %s", v, strings.Join(options, ", "))
	})
	return v, err
}

func (p *prompter) yesNo(q string, def bool) (bool, error) {
	d := "y/N"
	if def {
		d = "Y/n"
	}
	v := d
	err := p.line(q, &v, func() error {
		switch strings.ToLower(v) {
		case "y", "yes", "n", "no":
			return nil
		}
		if v == d {
			return nil
		}
		return fmt.Errorf("%q is not y or n", v)
	})
	if err != nil {
		return false, err
	}
	switch strings.ToLower(v) {
	case "y", "yes":
		return true, nil
	case "n", "no":
		return false, nil
	}
	return def, nil
}

// redactURL returns s with the password of its userinfo replaced by
// "xxxxx"; s unchanged when it is not a URL with a password.
func redactURL(s string) string {
	u, err := url.Parse(s)
	if err != nil || u.User == nil {
		return s
	}
	return u.Redacted()
}
