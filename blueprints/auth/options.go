package auth

import (
	"io/fs"
	"log/slog"
	"os"
	"time"
)

// Option customises New.
type Option func(*options)

// options collects what the Option values set; New fills the defaults.
type options struct {
	clock       Clock
	logger      *slog.Logger
	email       EmailSender
	templateDir fs.FS
	backend     backendOptions
	//regstack:if sms_2fa

	sms SMSSender

	//regstack:end
	//regstack:if oauth

	// oauthProviders are the host's providers, set by WithOAuthProvider.
	oauthProviders []Provider

	//regstack:end

	// noOutboxWorker is set by WithoutOutboxWorker.
	noOutboxWorker bool
}

func newOptions(opts []Option) *options {
	o := &options{}
	for _, opt := range opts {
		opt(o)
	}
	if o.clock == nil {
		o.clock = SystemClock{}
	}
	if o.logger == nil {
		o.logger = slog.Default()
	}
	return o
}

// hookTimeout is how long one event handler may run before the request goes
// on without it.
func (o *options) hookTimeout(cfg *Config) time.Duration {
	if cfg.HookTimeoutSeconds > 0 {
		return time.Duration(cfg.HookTimeoutSeconds) * time.Second
	}
	return 10 * time.Second
}

// WithClock replaces the system clock, for tests that freeze or advance time.
func WithClock(c Clock) Option { return func(o *options) { o.clock = c } }

// WithLogger sets the logger for request errors, hook failures and the
// console email backend. The default is slog.Default().
func WithLogger(l *slog.Logger) Option { return func(o *options) { o.logger = l } }

// WithEmail replaces the configured email backend with s.
func WithEmail(s EmailSender) Option { return func(o *options) { o.email = s } }

// WithTemplateDir adds a directory of email (and page) templates that take
// precedence over the bundled ones, file by file.
func WithTemplateDir(dir fs.FS) Option { return func(o *options) { o.templateDir = dir } }

// hostTemplates is the host's template directory: WithTemplateDir's, or
// else the template_dir key's, or nil for the bundled templates alone.
func (o *options) hostTemplates(cfg *Config) fs.FS {
	if o.templateDir != nil {
		return o.templateDir
	}
	if cfg.TemplateDir != "" {
		return os.DirFS(cfg.TemplateDir)
	}
	return nil
}
