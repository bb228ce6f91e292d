-- name: DeletePendingByEmail :execrows
-- DeletePendingByEmail removes the pending registration for email, if any.
DELETE FROM pending_registrations WHERE email = sqlc.arg(email);

-- name: UpsertPending :one
-- UpsertPending stores a pending registration, replacing every column of
-- an existing row for the same email (its id and token hash too, so the
-- earlier link stops working), in one statement, so the database settles
-- concurrent sign-ups for one address. The replaced row decides whether the
-- new one is contested: one that has expired is forgotten; one that is
-- still the registration the caller read (seen_token_hash) leaves the
-- caller's verdict; any other (a registration the caller never compared its
-- password with) makes the new row contested. It returns the verdict
-- stored.
INSERT INTO pending_registrations (
    id, email, hashed_password, full_name, token_hash, created_at, expires_at,
    contested
) VALUES (
    sqlc.arg(id), sqlc.arg(email), sqlc.arg(hashed_password),
    sqlc.narg(full_name), sqlc.arg(token_hash), sqlc.arg(created_at),
    sqlc.arg(expires_at), sqlc.arg(contested)
)
ON CONFLICT ON CONSTRAINT pending_email_unique DO UPDATE
SET id = EXCLUDED.id,
    hashed_password = EXCLUDED.hashed_password,
    full_name = EXCLUDED.full_name,
    token_hash = EXCLUDED.token_hash,
    created_at = EXCLUDED.created_at,
    expires_at = EXCLUDED.expires_at,
    contested = CASE
        WHEN pending_registrations.expires_at <= EXCLUDED.created_at THEN EXCLUDED.contested
        WHEN pending_registrations.token_hash = sqlc.arg(seen_token_hash) THEN EXCLUDED.contested
        ELSE TRUE
    END
RETURNING contested;

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
