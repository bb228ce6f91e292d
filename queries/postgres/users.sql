-- name: CreateUser :exec
-- CreateUser inserts one user; a taken email fails the email_unique
-- constraint.
INSERT INTO users (
    id, email, hashed_password, is_active, is_verified, is_superuser,
    full_name, phone_number, is_mfa_enabled, created_at, updated_at,
    last_login, tokens_invalidated_after
) VALUES (
    sqlc.arg(id), sqlc.arg(email), sqlc.narg(hashed_password),
    sqlc.arg(is_active), sqlc.arg(is_verified), sqlc.arg(is_superuser),
    sqlc.narg(full_name), sqlc.narg(phone_number), sqlc.arg(is_mfa_enabled),
    sqlc.arg(created_at), sqlc.arg(updated_at), sqlc.narg(last_login),
    sqlc.narg(tokens_invalidated_after)
);

-- name: UserByID :one
-- UserByID returns the user with this id.
SELECT * FROM users WHERE id = sqlc.arg(id);

-- name: UserByEmail :one
-- UserByEmail returns the user whose email equals this one exactly
-- (case-sensitive, as upstream).
SELECT * FROM users WHERE email = sqlc.arg(email);

-- name: SessionUser :one
-- SessionUser returns the user with user_id and whether jti is on the
-- revocation list, in one row: one index probe each. There is no row when
-- there is no such user; TokenRevoked then answers the revocation alone.
-- (A left join from a probe row would always give a row, but makes every
-- user column nullable, and scanning pointers cost a tenth of the CPU of an
-- authenticated request.)
SELECT
    EXISTS (
        SELECT 1 FROM token_blacklist WHERE token_blacklist.jti = sqlc.arg(jti)
    ) AS revoked,
    users.*
FROM users
WHERE users.id = sqlc.arg(user_id);

-- name: TokenRevoked :one
-- TokenRevoked reports whether jti is on the revocation list.
SELECT EXISTS (
    SELECT 1 FROM token_blacklist WHERE token_blacklist.jti = sqlc.arg(jti)
) AS revoked;

-- name: SetLastLogin :execrows
-- SetLastLogin records a successful sign-in at at.
UPDATE users
SET updated_at = sqlc.arg(at), last_login = sqlc.arg(at)
WHERE id = sqlc.arg(id);

-- name: RecordLogin :execrows
-- RecordLogin records a successful password sign-in at at in one statement:
-- the user's last login, and email's login failures forgotten. Neither
-- happens when no user has id (no row is affected then).
WITH cleared AS (
    DELETE FROM login_attempts
    WHERE login_attempts.email = sqlc.arg(email)
      AND EXISTS (SELECT 1 FROM users AS u WHERE u.id = sqlc.arg(id))
)
UPDATE users
SET updated_at = sqlc.arg(at), last_login = sqlc.arg(at)
WHERE users.id = sqlc.arg(id);

-- name: SetFullName :one
-- SetFullName sets or clears the display name and returns the updated row.
UPDATE users
SET full_name = sqlc.narg(full_name), updated_at = sqlc.arg(now)
WHERE id = sqlc.arg(id)
RETURNING *;

-- name: SetPassword :execrows
-- SetPassword replaces the password hash and revokes every session issued
-- at or before now.
UPDATE users
SET updated_at = sqlc.arg(now),
    hashed_password = sqlc.arg(hashed_password),
    tokens_invalidated_after = sqlc.arg(now)
WHERE id = sqlc.arg(id);

-- name: SetEmail :one
-- SetEmail changes the address, revokes every session issued at or before
-- now and returns the updated row; a taken address fails email_unique.
UPDATE users
SET updated_at = sqlc.arg(now),
    email = sqlc.arg(email),
    tokens_invalidated_after = sqlc.arg(now)
WHERE id = sqlc.arg(id)
RETURNING *;

-- name: SetSuperuser :execrows
-- SetSuperuser grants administrator rights.
UPDATE users
SET is_superuser = TRUE, updated_at = sqlc.arg(now)
WHERE id = sqlc.arg(id);

-- name: DeleteUser :one
-- DeleteUser removes the users row and returns its email, so the rows keyed
-- by the stored address (not a caller's stale copy) can be deleted in the
-- same transaction.
DELETE FROM users WHERE id = sqlc.arg(id) RETURNING email;

-- name: SetVerified :execrows
-- SetVerified marks the user's email address as verified.
UPDATE users
SET updated_at = sqlc.arg(now), is_verified = TRUE
WHERE id = sqlc.arg(id);

-- name: SetPhone :one
-- SetPhone sets the SMS second factor: a number with is_mfa_enabled on, or
-- NULL with it off. It returns the updated row.
UPDATE users
SET phone_number = sqlc.narg(phone_number), is_mfa_enabled = sqlc.arg(is_mfa_enabled), updated_at = sqlc.arg(now)
WHERE id = sqlc.arg(id)
RETURNING *;
