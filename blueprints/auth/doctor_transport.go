package auth

import (
	"context"
	"fmt"
)

// TransportChecker is implemented by an email transport that can check its
// connection and credentials without sending anything. Doctor runs it as
// the "email transport" check; a host sender given to WithEmail or
// SetEmailSender may implement it too.
type TransportChecker interface {
	// CheckTransport returns what it verified, or an error saying which
	// step failed.
	CheckTransport(ctx context.Context) (detail string, err error)
}

// checkEmailTransport runs the current transport's own check, when it has
// one (the console backend has nothing to check).
func (d *doctor) checkEmailTransport(ctx context.Context) []Check {
	const name = "email transport"
	tc, ok := d.sender.(TransportChecker)
	if !ok {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, d.opts.timeout())
	defer cancel()
	detail, err := tc.CheckTransport(ctx)
	if err != nil {
		return []Check{{Name: name, Status: CheckFail, Detail: fmt.Sprintf("%s: %v", d.cfg.Email.Backend, err)}}
	}
	return []Check{{Name: name, Status: CheckPass, Detail: detail}}
}
