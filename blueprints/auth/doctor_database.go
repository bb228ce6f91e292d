package auth

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// checkDatabase checks that the database answers and that its schema is
// current. The schema check is skipped when the database is unreachable,
// so one broken connection is reported once, by the backend check.
func (d *doctor) checkDatabase(ctx context.Context) []Check {
	kind := backendName(d.cfg)
	if b, err := d.cfg.resolveBackend(); err == nil {
		kind = b // a Config built in code leaves Backend to database_url
	}
	unreachable := func(err error) []Check {
		d.databaseFailed = true
		return []Check{
			{Name: "backend", Status: CheckFail, Detail: unreachableDetail(kind, err)},
			{Name: "schema", Status: CheckFail, Detail: "not checked: the database is unreachable"},
		}
	}
	if d.store == nil {
		return unreachable(d.storeErr)
	}
	pingCtx, cancel := context.WithTimeout(ctx, d.opts.timeout())
	defer cancel()
	if err := d.store.Ping(pingCtx); err != nil {
		return unreachable(err)
	}
	checks := []Check{{Name: "backend", Status: CheckPass, Detail: kind + " reachable"}}
	schema := d.checkSchema(ctx)
	if schema.Status == CheckFail {
		d.databaseFailed = true
	}
	checks = append(checks, schema)
	//regstack:if backend=mongo

	if sv, ok := d.store.(serverVersioner); ok {
		checks = append(checks, checkServerVersion(ctx, sv, d.opts.timeout()))
	}

	//regstack:end
	return checks
}

// unreachableDetail says once that the database cannot be reached and
// why: the driver's own message, without the prefixes of the layers it
// went through ("postgres: connect: …").
func unreachableDetail(kind string, err error) string {
	var be *backendError
	if errors.As(err, &be) {
		return fmt.Sprintf("%s unreachable (%s failed): %s", kind, be.op, oneLine(be.err.Error()))
	}
	return fmt.Sprintf("%s unreachable: %s", kind, oneLine(fmt.Sprint(err)))
}

// oneLine puts a driver's multi-line message on the doctor's one line.
// pgx lists each connection attempt on a line of its own, and with
// sslmode=prefer it makes two identical ones, so repeated lines are
// dropped.
func oneLine(msg string) string {
	var parts []string
	for _, l := range strings.Split(msg, "\n") {
		if l = strings.TrimSpace(l); l != "" && !slices.Contains(parts, l) {
			parts = append(parts, l)
		}
	}
	if len(parts) < 2 {
		return strings.Join(parts, "")
	}
	return parts[0] + " " + strings.Join(parts[1:], "; ")
}

// checkSchema reports the schema steps InstallSchema would still apply.
func (d *doctor) checkSchema(ctx context.Context) Check {
	pending, err := d.store.PendingSchema(ctx)
	switch {
	case err != nil:
		return Check{Name: "schema", Status: CheckFail, Detail: fmt.Sprintf("check failed: %v", err)}
	case len(pending) > 0:
		return Check{Name: "schema", Status: CheckFail,
			Detail: "pending: " + strings.Join(pending, ", ") + " (run `migrate`)"}
	}
	return Check{Name: "schema", Status: CheckPass, Detail: "current"}
}
