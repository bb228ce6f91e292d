-- name: DeleteOAuthIdentitiesByUser :exec
-- DeleteOAuthIdentitiesByUser unlinks every provider identity of the user.
DELETE FROM oauth_identities WHERE user_id = sqlc.arg(user_id);

-- name: DeleteExpiredOAuthStates :execrows
-- DeleteExpiredOAuthStates removes sign-in states that expired before now.
DELETE FROM oauth_states WHERE expires_at < sqlc.arg(now);
