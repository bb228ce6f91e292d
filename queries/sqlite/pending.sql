-- name: DeletePendingByEmail :execrows
-- DeletePendingByEmail removes the pending registration for email, if any.
DELETE FROM pending_registrations WHERE email = sqlc.arg(email);

-- name: InsertPending :exec
-- InsertPending stores a pending registration; the caller deletes any row
-- for the same email first, in the same transaction.
INSERT INTO pending_registrations (
    id, email, hashed_password, full_name, token_hash, created_at, expires_at
) VALUES (
    sqlc.arg(id), sqlc.arg(email), sqlc.arg(hashed_password),
    sqlc.narg(full_name), sqlc.arg(token_hash), sqlc.arg(created_at),
    sqlc.arg(expires_at)
);

-- name: PendingByEmail :one
-- PendingByEmail returns the pending registration for email, expired or not.
SELECT * FROM pending_registrations WHERE email = sqlc.arg(email);

-- name: TakePending :one
-- TakePending deletes and returns the pending registration with this token
-- hash in one statement, so of several concurrent callers exactly one gets
-- the row.
DELETE FROM pending_registrations
WHERE token_hash = sqlc.arg(token_hash)
RETURNING *;

-- name: DeleteExpiredPending :execrows
-- DeleteExpiredPending removes pending registrations that expired before
-- now.
DELETE FROM pending_registrations WHERE expires_at < sqlc.arg(now);
