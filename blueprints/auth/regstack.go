package auth

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
)

// RegStack is one configured instance of the account system: its store,
// token keys, mailer and event handlers. Two instances share nothing, so a
// token issued by one is rejected by the other.
type RegStack struct {
	cfg    *Config
	clock  Clock
	logger *slog.Logger
	hooks  *hookRegistry

	store  Store
	hasher *PasswordHasher
	tokens *TokenCodec

	//regstack:if admin

	// adminStore is store again, seen through the methods only the admin
	// API uses.
	adminStore AdminStore

	//regstack:end

	// mailer renders the account emails; emailSlot holds the transport,
	// which SetEmailSender may swap while requests are served.
	mailer    *mailer
	emailSlot senderSlot[EmailSender]
	//regstack:if sms_2fa

	// smsSlot holds the SMS transport, which SetSMSSender may swap;
	// mfaStore is store again, seen through the second-factor methods.
	smsSlot  senderSlot[SMSSender]
	mfaStore MFAStore

	//regstack:end
	//regstack:if oauth

	// oauth holds the sign-in providers; oauthStore is store again, seen
	// through the OAuth methods.
	oauth      *oauthRegistry
	oauthStore OAuthStore

	//regstack:end

	//regstack:if totp

	// totpStore is store again, seen through the authenticator-app
	// methods; totpSealer encrypts their secrets at rest.
	totpStore  TOTPStore
	totpSealer *totpSealer

	//regstack:end

	// outbox queues the emails in the database; its worker delivers them.
	outbox *emailOutbox

	//regstack:if ui

	// pages are the parsed account pages and static the files they load;
	// both nil unless enable_ui_router is set.
	pages  *pageSet
	static *staticFiles

	//regstack:end

	// userKey is this instance's context key for the signed-in user: it
	// holds the instance's own pointer, so it equals no other instance's.
	userKey userContextKey

	// crossOrigin refuses cross-site writes in cookie mode (nil otherwise).
	crossOrigin *http.CrossOriginProtection
}

// userContextKey is the type of RegStack.userKey. (A pointer to an empty
// struct would not do: Go may give every zero-size allocation the same
// address.)
type userContextKey struct{ rs *RegStack }

// New checks cfg, opens the configured backend and returns a ready
// RegStack. Call InstallSchema once at start-up before serving requests, and
// Close when done.
func New(ctx context.Context, cfg *Config, opts ...Option) (*RegStack, error) {
	if cfg == nil {
		return nil, errors.New("auth: New: nil config")
	}
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("auth: New: %w", err)
	}
	o := newOptions(opts)
	rs := &RegStack{
		cfg:    cfg,
		clock:  o.clock,
		logger: o.logger,
	}
	rs.userKey = userContextKey{rs: rs}
	if rs.cookieMode() {
		cop, err := newCrossOriginProtection(cfg)
		if err != nil {
			return nil, fmt.Errorf("auth: New: %w", err)
		}
		rs.crossOrigin = cop
	}
	rs.hooks = newHookRegistry(rs.logger, o.hookTimeout(cfg))
	tokens, err := NewTokenCodec(cfg.JWTSecret, cfg.JWTAlgorithm, cfg.JWTAudience, rs.clock)
	if err != nil {
		return nil, fmt.Errorf("auth: New: %w", err)
	}
	rs.tokens = tokens
	rs.hasher = NewPasswordHasher(hashParams(cfg), cfg.MaxConcurrentHashes)
	hostTemplates := o.hostTemplates(cfg)
	m, err := newMailer(cfg, hostTemplates)
	if err != nil {
		return nil, fmt.Errorf("auth: New: %w", err)
	}
	rs.mailer = m

	//regstack:if oauth

	// The providers come before the pages, which list them.
	builtin, err := builtinOAuthProviders(ctx, cfg, rs.clock, rs.logger)
	if err != nil {
		return nil, fmt.Errorf("auth: New: %w", err)
	}
	if rs.oauth, err = newOAuthRegistry(builtin, o.oauthProviders); err != nil {
		return nil, fmt.Errorf("auth: New: %w", err)
	}

	//regstack:end

	//regstack:if ui

	if err := rs.initUI(hostTemplates); err != nil {
		return nil, fmt.Errorf("auth: New: %w", err)
	}

	//regstack:end

	sender, err := initialEmailSender(ctx, cfg, o)
	if err != nil {
		return nil, fmt.Errorf("auth: New: %w", err)
	}
	rs.emailSlot.store(sender)

	//regstack:if sms_2fa

	sms, err := initialSMSSender(ctx, cfg, o)
	if err != nil {
		return nil, fmt.Errorf("auth: New: %w", err)
	}
	rs.smsSlot.store(sms)

	//regstack:end

	store, err := openStore(ctx, cfg, o)
	if err != nil {
		return nil, fmt.Errorf("auth: New: opening the %s store: %w", backendName(cfg), err)
	}
	rs.store = store

	//regstack:if admin

	// openStore returns the core interface; every backend's store also
	// implements AdminStore in a package generated with the admin API
	// (store_<backend>_admin.go asserts it at compile time), so this only
	// fails if a backend file is missing.
	admin, ok := store.(AdminStore)
	if !ok {
		return nil, errors.Join(fmt.Errorf("auth: New: the %s store lacks the admin methods", backendName(cfg)), store.Close())
	}
	rs.adminStore = admin

	//regstack:end

	//regstack:if sms_2fa

	// Every backend's store implements MFAStore in a package generated
	// with SMS 2FA (store_<backend>_mfa.go asserts it at compile time).
	mfa, ok := store.(MFAStore)
	if !ok {
		return nil, errors.Join(fmt.Errorf("auth: New: the %s store lacks the MFA methods", backendName(cfg)), store.Close())
	}
	rs.mfaStore = mfa

	//regstack:end

	//regstack:if oauth

	// Every backend's store implements OAuthStore in a package generated
	// with OAuth (store_<backend>_oauth.go asserts it at compile time).
	oauthStore, ok := store.(OAuthStore)
	if !ok {
		return nil, errors.Join(fmt.Errorf("auth: New: the %s store lacks the OAuth methods", backendName(cfg)), store.Close())
	}
	rs.oauthStore = oauthStore

	//regstack:end

	//regstack:if totp

	// Every backend's store implements TOTPStore in a package generated
	// with enable_totp (store_<backend>_totp.go asserts it).
	totpStore, ok := store.(TOTPStore)
	if !ok {
		return nil, errors.Join(fmt.Errorf("auth: New: the %s store lacks the TOTP methods", backendName(cfg)), store.Close())
	}
	rs.totpStore = totpStore
	if rs.totpSealer, err = newTOTPSealer(cfg.JWTSecret); err != nil {
		return nil, errors.Join(fmt.Errorf("auth: New: %w", err), store.Close())
	}

	//regstack:end

	if err := rs.startOutbox(o); err != nil {
		return nil, fmt.Errorf("auth: New: %w", errors.Join(err, store.Close()))
	}
	rs.registerHookStubs()
	return rs, nil
}

// hashParams returns the Argon2id parameters: the configured cost where
// set, the reference's defaults otherwise.
func hashParams(cfg *Config) Argon2Params {
	p := DefaultArgon2Params()
	if cfg.PasswordHashMemoryKiB > 0 {
		p.MemoryKiB = cfg.PasswordHashMemoryKiB
	}
	if cfg.PasswordHashIterations > 0 {
		p.Iterations = cfg.PasswordHashIterations
	}
	if cfg.PasswordHashParallelism > 0 {
		p.Parallelism = cfg.PasswordHashParallelism
	}
	return p
}

func backendName(cfg *Config) string {
	if cfg.Backend == "" {
		return "configured"
	}
	return cfg.Backend
}

// InstallSchema creates or upgrades the database schema (migrations on SQL
// backends, indexes on MongoDB). It is idempotent; run it at every start.
func (rs *RegStack) InstallSchema(ctx context.Context) error {
	_, err := rs.Migrate(ctx)
	return err
}

// Migrate is InstallSchema reporting what it did: one line per migration
// applied or index created, none when the schema was already current.
func (rs *RegStack) Migrate(ctx context.Context) ([]string, error) {
	applied, err := rs.store.InstallSchema(ctx)
	if err != nil {
		return applied, fmt.Errorf("auth: InstallSchema: %w", err)
	}
	// The outbox table exists now: let the worker deliver what is queued.
	rs.outbox.wakeUp()
	return applied, nil
}

// Reap deletes expired rows: pending registrations, revoked tokens past
// their expiry and login failures older than the lockout window. Reads
// already ignore such rows, so reaping only reclaims space. It also deletes
// the dead-lettered emails (see Doctor), which are never retried.
func (rs *RegStack) Reap(ctx context.Context) (ReapCounts, error) {
	now := rs.clock.Now()
	window := rs.lockoutWindow()

	//regstack:if sms_2fa

	// SMS code requests are reserved in the login-attempt rows too; keep
	// them for their own window.
	window = max(window, rs.smsCodeWindow())

	//regstack:end

	n, err := rs.store.Reap(ctx, now, window)
	if err != nil {
		return n, err
	}
	if n.DeadEmails, err = rs.store.ReapDeadEmail(ctx, now); err != nil {
		return n, fmt.Errorf("reaping dead emails: %w", err)
	}
	return n, nil
}

// Close stops the email outbox worker (a delivery in progress gets a few
// seconds to finish; queued messages stay in the database for the next
// process) and then releases the database connections the instance opened
// (a pool handed in with an option stays open). Call it once.
func (rs *RegStack) Close() error {
	rs.outbox.close()
	return rs.store.Close()
}

// Config returns the configuration the instance was built with. Treat it as
// read-only.
func (rs *RegStack) Config() *Config { return rs.cfg }

// Handler returns the JSON API (and, when generated, the pages and static
// files) as one http.Handler, with routes under the configured prefixes.
// It is Wrap around a ServeMux holding Mount's routes.
func (rs *RegStack) Handler() http.Handler {
	mux := http.NewServeMux()
	rs.Mount(mux)
	return rs.Wrap(mux)
}

// Wrap returns a handler that sends requests under the API prefix straight
// to the JSON API and every other request to next (typically the host's
// ServeMux, with Mount already called on it). Serve the result, as in
// http.Server{Handler: rs.Wrap(mux)}, to answer API paths that are not
// clean (such as /api/auth//me) with the API's JSON 404, as the reference
// does: a ServeMux redirects such paths before any handler sees them.
func (rs *RegStack) Wrap(next http.Handler) http.Handler {
	prefix, api := rs.newAPIRouter()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if p := r.URL.Path; p == prefix || strings.HasPrefix(p, prefix+"/") {
			api.ServeHTTP(w, r)
			return
		}
		next.ServeHTTP(w, r)
	})
}
