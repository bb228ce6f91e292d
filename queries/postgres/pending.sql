-- name: DeletePendingByEmail :execrows
-- DeletePendingByEmail removes the pending registration for email, if any.
DELETE FROM pending_registrations WHERE email = sqlc.arg(email);

-- name: UpsertPending :exec
-- UpsertPending stores a pending registration, replacing every column of
-- an existing row for the same email (its id and token hash too, so the
-- earlier link stops working). It is one statement rather than SQLite's
-- delete and insert: under PostgreSQL's READ COMMITTED two concurrent
-- delete-then-insert transactions would both find nothing to delete and one
-- insert would then fail on pending_email_unique, whereas ON CONFLICT waits
-- for the other writer and updates its row.
INSERT INTO pending_registrations (
    id, email, hashed_password, full_name, token_hash, created_at, expires_at
) VALUES (
    sqlc.arg(id), sqlc.arg(email), sqlc.arg(hashed_password),
    sqlc.narg(full_name), sqlc.arg(token_hash), sqlc.arg(created_at),
    sqlc.arg(expires_at)
)
ON CONFLICT ON CONSTRAINT pending_email_unique DO UPDATE
SET id = EXCLUDED.id,
    hashed_password = EXCLUDED.hashed_password,
    full_name = EXCLUDED.full_name,
    token_hash = EXCLUDED.token_hash,
    created_at = EXCLUDED.created_at,
    expires_at = EXCLUDED.expires_at;

-- name: PendingByEmail :one
-- PendingByEmail returns the pending registration for email, expired or not.
SELECT * FROM pending_registrations WHERE email = sqlc.arg(email);

-- name: TakePending :one
-- TakePending deletes and returns the pending registration with this token
-- hash in one statement, so of several concurrent callers exactly one gets
-- the row: the others wait for its lock and then find nothing to delete.
DELETE FROM pending_registrations
WHERE token_hash = sqlc.arg(token_hash)
RETURNING *;

-- name: DeleteExpiredPending :execrows
-- DeleteExpiredPending removes pending registrations that expired before
-- now.
DELETE FROM pending_registrations WHERE expires_at < sqlc.arg(now);
