-- name: EnqueueEmail :exec
-- EnqueueEmail queues one sealed message for delivery at available_at.
INSERT INTO email_outbox (id, payload, created_at, available_at, attempts)
VALUES (sqlc.arg(id), sqlc.arg(payload), sqlc.arg(created_at), sqlc.arg(available_at), 0);

-- name: ClaimEmail :one
-- ClaimEmail leases the oldest message due at now to lease until
-- lease_until and counts the attempt, in one statement: SQLite runs one
-- writer at a time and the subquery reads inside the write, so each message
-- goes to one worker. A row whose lease has run out (its worker died) is
-- due again.
UPDATE email_outbox
SET attempts = attempts + 1, lease = sqlc.arg(lease), lease_until = sqlc.arg(lease_until)
WHERE id = (
    SELECT o.id FROM email_outbox o
    WHERE o.dead_at IS NULL AND o.available_at <= sqlc.arg(now)
      AND (o.lease_until IS NULL OR o.lease_until <= sqlc.arg(now))
    ORDER BY o.available_at, o.id
    LIMIT 1
)
RETURNING *;

-- name: CompleteEmail :execrows
-- CompleteEmail deletes a delivered message, if lease still holds it.
DELETE FROM email_outbox WHERE id = sqlc.arg(id) AND lease = sqlc.arg(lease);

-- name: RetryEmail :execrows
-- RetryEmail releases a message that failed, if lease still holds it, and
-- makes it due again at available_at.
UPDATE email_outbox
SET available_at = sqlc.arg(available_at), last_error = sqlc.arg(last_error), lease = NULL, lease_until = NULL
WHERE id = sqlc.arg(id) AND lease = sqlc.arg(lease);

-- name: KillEmail :execrows
-- KillEmail dead-letters a message that will never be delivered, if lease
-- still holds it: it stays, with its error, until ReapDeadEmail.
UPDATE email_outbox
SET dead_at = sqlc.arg(dead_at), last_error = sqlc.arg(last_error), lease = NULL, lease_until = NULL
WHERE id = sqlc.arg(id) AND lease = sqlc.arg(lease);

-- name: CountQueuedEmail :one
-- CountQueuedEmail counts the messages not yet delivered nor dead.
SELECT COUNT(*) FROM email_outbox WHERE dead_at IS NULL;

-- name: CountDeadEmail :one
-- CountDeadEmail counts the dead-lettered messages.
SELECT COUNT(*) FROM email_outbox WHERE dead_at IS NOT NULL;

-- name: OldestQueuedEmail :one
-- OldestQueuedEmail returns when the oldest undelivered message was queued.
SELECT created_at FROM email_outbox WHERE dead_at IS NULL ORDER BY created_at LIMIT 1;

-- name: FailingEmail :many
-- FailingEmail lists the newest messages that have failed at least once,
-- dead or still retrying, without their payload.
SELECT id, created_at, attempts, last_error, dead_at FROM email_outbox
WHERE last_error IS NOT NULL
ORDER BY created_at DESC, id
LIMIT sqlc.arg(max_rows);

-- name: ReapDeadEmail :execrows
-- ReapDeadEmail deletes the messages dead-lettered at or before before.
DELETE FROM email_outbox WHERE dead_at IS NOT NULL AND dead_at <= sqlc.arg(before);
