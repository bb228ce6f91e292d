-- name: RevokeToken :execrows
-- RevokeToken records jti as revoked until exp; revoking a jti that is
-- already on the list keeps the first row and affects none, which is how a
-- one-off token is spent exactly once.
INSERT INTO token_blacklist (jti, exp)
VALUES (sqlc.arg(jti), sqlc.arg(exp))
ON CONFLICT (jti) DO NOTHING;

-- name: DeleteExpiredRevocations :execrows
-- DeleteExpiredRevocations removes entries whose token expired before now;
-- such a token is rejected by its exp claim anyway.
DELETE FROM token_blacklist WHERE exp < sqlc.arg(now);

-- name: DeleteRevocation :exec
-- DeleteRevocation removes one entry: a claim whose action failed is given
-- back.
DELETE FROM token_blacklist WHERE jti = sqlc.arg(jti);
