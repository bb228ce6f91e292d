-- name: PutPendingTOTP :execrows
-- PutPendingTOTP stores a new, unconfirmed secret for the user, replacing
-- an earlier unconfirmed one; a confirmed secret is left alone (0 rows).
INSERT INTO totp_credentials (user_id, secret, confirmed_at, last_step, created_at)
VALUES (sqlc.arg(user_id), sqlc.arg(secret), NULL, 0, sqlc.arg(created_at))
ON CONFLICT (user_id) DO UPDATE SET
    secret = excluded.secret,
    last_step = 0,
    created_at = excluded.created_at
WHERE totp_credentials.confirmed_at IS NULL;

-- name: TOTPCredential :one
-- TOTPCredential reads the user's secret and its state.
SELECT secret, confirmed_at, last_step FROM totp_credentials WHERE user_id = sqlc.arg(user_id);

-- name: ConfirmTOTP :execrows
-- ConfirmTOTP turns the unconfirmed secret on with the step of its first
-- code, in one statement: of concurrent confirmations one changes the row.
UPDATE totp_credentials SET confirmed_at = sqlc.arg(now), last_step = sqlc.arg(step)
WHERE user_id = sqlc.arg(user_id) AND confirmed_at IS NULL AND last_step < sqlc.arg(step);

-- name: UseTOTPStep :execrows
-- UseTOTPStep records step as the latest accepted one while it is later
-- than the last; the condition and the write are one statement, so a code
-- is accepted at most once.
UPDATE totp_credentials SET last_step = sqlc.arg(step)
WHERE user_id = sqlc.arg(user_id) AND confirmed_at IS NOT NULL AND last_step < sqlc.arg(step);

-- name: DeleteTOTP :execrows
-- DeleteTOTP removes the user's secret, confirmed or not.
DELETE FROM totp_credentials WHERE user_id = sqlc.arg(user_id);

-- name: DeleteRecoveryCodes :exec
-- DeleteRecoveryCodes removes every recovery code of the user.
DELETE FROM totp_recovery_codes WHERE user_id = sqlc.arg(user_id);

-- name: InsertRecoveryCode :exec
-- InsertRecoveryCode stores the digest of one recovery code.
INSERT INTO totp_recovery_codes (user_id, code_hash, created_at)
VALUES (sqlc.arg(user_id), sqlc.arg(code_hash), sqlc.arg(created_at));

-- name: UseRecoveryCode :execrows
-- UseRecoveryCode deletes one recovery code; the caller whose DELETE
-- removed the row used it.
DELETE FROM totp_recovery_codes WHERE user_id = sqlc.arg(user_id) AND code_hash = sqlc.arg(code_hash);

-- name: CountRecoveryCodes :one
-- CountRecoveryCodes counts the user's unused recovery codes.
SELECT COUNT(*) FROM totp_recovery_codes WHERE user_id = sqlc.arg(user_id);
