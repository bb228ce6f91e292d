package auth

import (
	"context"
	"fmt"
	"log/slog"
	"runtime/debug"
	"slices"
	"sync"
	"time"
)

// eventHandlers holds the handlers of one event type in registration order.
// Registration may happen while events fire.
type eventHandlers[E any] struct {
	mu  sync.Mutex
	fns []func(context.Context, E) error
}

func (h *eventHandlers[E]) add(fn func(context.Context, E) error) {
	if fn == nil {
		panic("auth: nil event handler")
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.fns = append(h.fns, fn)
}

// snapshot returns the handlers registered so far; the copy lets fire run
// them without holding the lock.
func (h *eventHandlers[E]) snapshot() []func(context.Context, E) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	return slices.Clone(h.fns)
}

// hookRegistry holds one RegStack's event handlers, one list per event type,
// and how they are run.
type hookRegistry struct {
	logger  *slog.Logger
	timeout time.Duration

	userRegistered         eventHandlers[UserRegistered]
	verificationRequested  eventHandlers[VerificationRequested]
	userVerified           eventHandlers[UserVerified]
	userLoggedIn           eventHandlers[UserLoggedIn]
	passwordResetRequested eventHandlers[PasswordResetRequested]
	passwordResetCompleted eventHandlers[PasswordResetCompleted]
	passwordChanged        eventHandlers[PasswordChanged]
	emailChangeRequested   eventHandlers[EmailChangeRequested]
	emailChanged           eventHandlers[EmailChanged]
	userDeleted            eventHandlers[UserDeleted]
}

// newHookRegistry returns an empty registry whose handlers each get timeout
// to run and whose failures go to logger.
func newHookRegistry(logger *slog.Logger, timeout time.Duration) *hookRegistry {
	if logger == nil {
		logger = slog.Default()
	}
	if timeout <= 0 {
		timeout = 10 * time.Second
	}
	return &hookRegistry{logger: logger, timeout: timeout}
}

// fire runs the handlers of e's type, in registration order, after the
// action e describes has succeeded. Handlers cannot affect the request:
//
//   - each runs with a context that keeps ctx's values but not its
//     cancellation (the client hanging up must not cut a handler short),
//     bounded by the registry's timeout;
//   - an error or a panic is logged and swallowed;
//   - a handler still running at the timeout is abandoned: it runs on in
//     its goroutine, and fire goes on to the next one.
func fire[E interface{ EventName() string }](ctx context.Context, r *hookRegistry, h *eventHandlers[E], e E) {
	for _, fn := range h.snapshot() {
		r.run(ctx, e.EventName(), func(ctx context.Context) error { return fn(ctx, e) })
	}
}

// run calls one handler in its own goroutine and waits for it or for the
// timeout, whichever comes first.
func (r *hookRegistry) run(ctx context.Context, event string, call func(context.Context) error) {
	hctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), r.timeout)
	done := make(chan struct{})
	go func() {
		// cancel runs when the handler returns, not when fire moves on, so
		// an abandoned handler still sees its deadline pass.
		defer cancel()
		defer close(done)
		defer func() {
			if p := recover(); p != nil {
				r.logger.LogAttrs(hctx, slog.LevelError, "auth: event handler panicked",
					slog.String("event", event),
					slog.String("panic", fmt.Sprint(p)),
					slog.String("stack", string(debug.Stack())))
			}
		}()
		if err := call(hctx); err != nil {
			r.logger.LogAttrs(hctx, slog.LevelError, "auth: event handler failed",
				slog.String("event", event),
				slog.Any("error", err))
		}
	}()
	select {
	case <-done:
	case <-hctx.Done():
		select {
		case <-done: // finished just as time ran out
		default:
			r.logger.LogAttrs(hctx, slog.LevelWarn, "auth: event handler timed out; continuing without it",
				slog.String("event", event),
				slog.Duration("timeout", r.timeout))
		}
	}
}

// OnUserRegistered registers fn for UserRegistered events. Handlers run in
// registration order, each with a timeout; their errors are logged and never
// change the response. The same holds for every On… method.
func (rs *RegStack) OnUserRegistered(fn func(ctx context.Context, e UserRegistered) error) {
	rs.hooks.userRegistered.add(fn)
}

// OnVerificationRequested registers fn for VerificationRequested events.
func (rs *RegStack) OnVerificationRequested(fn func(ctx context.Context, e VerificationRequested) error) {
	rs.hooks.verificationRequested.add(fn)
}

// OnUserVerified registers fn for UserVerified events.
func (rs *RegStack) OnUserVerified(fn func(ctx context.Context, e UserVerified) error) {
	rs.hooks.userVerified.add(fn)
}

// OnUserLoggedIn registers fn for UserLoggedIn events.
func (rs *RegStack) OnUserLoggedIn(fn func(ctx context.Context, e UserLoggedIn) error) {
	rs.hooks.userLoggedIn.add(fn)
}

// OnPasswordResetRequested registers fn for PasswordResetRequested events.
func (rs *RegStack) OnPasswordResetRequested(fn func(ctx context.Context, e PasswordResetRequested) error) {
	rs.hooks.passwordResetRequested.add(fn)
}

// OnPasswordResetCompleted registers fn for PasswordResetCompleted events.
func (rs *RegStack) OnPasswordResetCompleted(fn func(ctx context.Context, e PasswordResetCompleted) error) {
	rs.hooks.passwordResetCompleted.add(fn)
}

// OnPasswordChanged registers fn for PasswordChanged events.
func (rs *RegStack) OnPasswordChanged(fn func(ctx context.Context, e PasswordChanged) error) {
	rs.hooks.passwordChanged.add(fn)
}

// OnEmailChangeRequested registers fn for EmailChangeRequested events.
func (rs *RegStack) OnEmailChangeRequested(fn func(ctx context.Context, e EmailChangeRequested) error) {
	rs.hooks.emailChangeRequested.add(fn)
}

// OnEmailChanged registers fn for EmailChanged events.
func (rs *RegStack) OnEmailChanged(fn func(ctx context.Context, e EmailChanged) error) {
	rs.hooks.emailChanged.add(fn)
}

// OnUserDeleted registers fn for UserDeleted events.
func (rs *RegStack) OnUserDeleted(fn func(ctx context.Context, e UserDeleted) error) {
	rs.hooks.userDeleted.add(fn)
}
