-- name: DeleteMFACodesByUser :exec
-- DeleteMFACodesByUser removes every code issued to the user.
DELETE FROM mfa_codes WHERE user_id = sqlc.arg(user_id);

-- name: DeleteExpiredMFACodes :execrows
-- DeleteExpiredMFACodes removes codes that expired before now.
DELETE FROM mfa_codes WHERE expires_at < sqlc.arg(now);
