-- name: DeleteMFACodesByUser :exec
-- DeleteMFACodesByUser removes every code issued to the user.
DELETE FROM mfa_codes WHERE user_id = sqlc.arg(user_id);

-- name: DeleteExpiredMFACodes :execrows
-- DeleteExpiredMFACodes removes codes that expired before now.
DELETE FROM mfa_codes WHERE expires_at < sqlc.arg(now);

-- name: PutMFACode :exec
-- PutMFACode stores a fresh code for (user_id, kind), replacing any earlier
-- one in the same statement (attempts back to 0, a new hash), so concurrent
-- re-issues cannot fail on user_kind_unique.
INSERT INTO mfa_codes (user_id, kind, code_hash, expires_at, attempts, max_attempts, created_at)
VALUES (sqlc.arg(user_id), sqlc.arg(kind), sqlc.arg(code_hash), sqlc.arg(expires_at), 0, sqlc.arg(max_attempts), sqlc.arg(created_at))
ON CONFLICT (user_id, kind) DO UPDATE SET
    code_hash = excluded.code_hash,
    expires_at = excluded.expires_at,
    attempts = 0,
    max_attempts = excluded.max_attempts,
    created_at = excluded.created_at;

-- name: ClaimMFAAttempt :one
-- ClaimMFAAttempt counts one attempt on the code of (user_id, kind) while
-- attempts remain, and returns the code as the counted attempt saw it. The
-- condition and the increment are one statement, so concurrent guesses
-- can never count more than max_attempts between them.
UPDATE mfa_codes SET attempts = attempts + 1
WHERE user_id = sqlc.arg(user_id) AND kind = sqlc.arg(kind) AND attempts < max_attempts
RETURNING id, code_hash, expires_at, attempts, max_attempts;

-- name: MFACodeExists :one
-- MFACodeExists reports whether (user_id, kind) has a code at all (after a
-- refused claim: spent, or missing).
SELECT EXISTS (SELECT 1 FROM mfa_codes WHERE user_id = sqlc.arg(user_id) AND kind = sqlc.arg(kind)) AS found;

-- name: DeleteMFACode :execrows
-- DeleteMFACode deletes the code with this id while it still has this
-- hash: a code re-issued meanwhile has another hash and stays.
DELETE FROM mfa_codes WHERE id = sqlc.arg(id) AND code_hash = sqlc.arg(code_hash);
