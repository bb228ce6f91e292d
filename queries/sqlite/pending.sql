-- name: DeletePendingByEmail :execrows
-- DeletePendingByEmail removes the pending registration for email, if any.
DELETE FROM pending_registrations WHERE email = sqlc.arg(email);

-- name: TakePendingByEmail :one
-- TakePendingByEmail deletes and returns the pending registration for
-- email. UpsertPending runs it first in its transaction, so the write lock
-- is held from the start and the row it returns is the one replaced.
DELETE FROM pending_registrations
WHERE email = sqlc.arg(email)
RETURNING *;

-- name: InsertPending :exec
-- InsertPending stores a pending registration; UpsertPending deletes any
-- row for the same email first, in the same transaction.
INSERT INTO pending_registrations (
    id, email, hashed_password, full_name, token_hash, created_at, expires_at,
    contested
) VALUES (
    sqlc.arg(id), sqlc.arg(email), sqlc.arg(hashed_password),
    sqlc.narg(full_name), sqlc.arg(token_hash), sqlc.arg(created_at),
    sqlc.arg(expires_at), sqlc.arg(contested)
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
