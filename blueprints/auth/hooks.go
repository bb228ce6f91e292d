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

	eventHandlerLists
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
