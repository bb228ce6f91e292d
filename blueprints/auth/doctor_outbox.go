package auth

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// outboxStuckAfter is how old the oldest undelivered message may grow
// before doctor fails: with the default backoff a working worker and
// transport deliver within seconds, so a message this old means no worker
// is running or the transport has been down for a long time.
const outboxStuckAfter = 15 * time.Minute

// doctorFailingShown is how many failing messages doctor lists.
const doctorFailingShown = 3

// checkOutbox reports the email outbox: how many messages wait and for how
// long, the dead-lettered ones and the latest delivery errors. It passes
// when nothing has failed, warns while messages are retried or dead
// letters wait for `reap`, and fails when the oldest message has waited
// longer than outboxStuckAfter. It is skipped when the database checks
// failed, so a broken connection is reported once.
func (d *doctor) checkOutbox(ctx context.Context) []Check {
	return []Check{d.outbox(ctx)}
}

func (d *doctor) outbox(ctx context.Context) Check {
	const name = "email outbox"
	if d.store == nil || d.databaseFailed {
		// Already counted as failed by the database checks.
		return Check{Name: name, Status: CheckWarn, Detail: "not checked: the database is unreachable or its schema is not current"}
	}
	st, err := d.store.OutboxStats(ctx, doctorFailingShown)
	if err != nil {
		return Check{Name: name, Status: CheckFail, Detail: fmt.Sprintf("check failed: %v", err)}
	}
	detail := fmt.Sprintf("%d queued", st.Queued)
	status := CheckPass
	if st.Queued > 0 && !st.OldestQueued.IsZero() {
		age := d.clock.Now().Sub(st.OldestQueued).Round(time.Second)
		detail += fmt.Sprintf(", oldest %s ago", age)
		if age > outboxStuckAfter {
			status = CheckFail
			detail += " (is a worker running? see the errors below and the application log)"
		}
	}
	if st.Dead > 0 {
		detail += fmt.Sprintf("; %d dead-lettered, never to be sent (`reap` deletes them)", st.Dead)
	}
	if len(st.Failing) > 0 {
		status = max(status, CheckWarn)
		var fs []string
		for _, f := range st.Failing {
			state := "retrying"
			if f.DeadAt != nil {
				state = "dead"
			}
			fs = append(fs, fmt.Sprintf("%s %s after %d attempt(s): %s", f.ID, state, f.Attempts, f.LastError))
		}
		detail += "; latest failures: " + strings.Join(fs, "; ")
	}
	return Check{Name: name, Status: status, Detail: detail}
}
