package auth

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
)

// RegStack is one configured instance of the account system: its store,
// token keys, mailer and event handlers. Two instances share nothing, so a
// token issued by one is rejected by the other.
type RegStack struct {
	cfg    *Config
	clock  Clock
	logger *slog.Logger
	hooks  *hookRegistry

	// mailer renders the account emails; emailSlot holds the transport,
	// which SetEmailSender may swap while requests are served.
	mailer    *mailer
	emailSlot senderSlot[EmailSender]

	// userKey is this instance's context key for the signed-in user; a
	// pointer to a fresh value is unique per instance.
	userKey *userContextKey
}

type userContextKey struct{}

// New opens the configured backend and returns a ready RegStack. Call
// InstallSchema once at start-up before serving requests, and Close when done.
func New(ctx context.Context, cfg *Config, opts ...Option) (*RegStack, error) {
	if cfg == nil {
		return nil, errors.New("auth: New: nil config")
	}
	o := newOptions(opts)
	rs := &RegStack{
		cfg:     cfg,
		clock:   o.clock,
		logger:  o.logger,
		userKey: &userContextKey{},
	}
	rs.hooks = newHookRegistry(rs.logger, o.hookTimeout(cfg))
	m, err := newMailer(cfg, o.templateDir)
	if err != nil {
		return nil, fmt.Errorf("auth: New: %w", err)
	}
	rs.mailer = m
	rs.emailSlot.store(defaultEmailSender(o))
	if err := rs.checkReady(); err != nil {
		return nil, fmt.Errorf("auth: New: %w", err)
	}
	return rs, nil
}

func (rs *RegStack) checkReady() error { return nil }

// Config returns the configuration the instance was built with. Treat it as
// read-only.
func (rs *RegStack) Config() *Config { return rs.cfg }

// Handler returns the JSON API (and, when generated, the pages and static
// files) as one http.Handler, with routes under the configured prefixes.
func (rs *RegStack) Handler() http.Handler {
	mux := http.NewServeMux()
	rs.Mount(mux)
	return mux
}
