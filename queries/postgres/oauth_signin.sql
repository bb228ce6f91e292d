-- Queries of OAuth sign-in, generated only with enable_oauth
-- (regstack.feature).

-- name: CreateOAuthState :exec
-- CreateOAuthState records a started or completed sign-in.
INSERT INTO oauth_states (id, provider, code_verifier, nonce, redirect_to, mode, linking_user_id, created_at, expires_at, result_token)
VALUES (sqlc.arg(id), sqlc.arg(provider), sqlc.arg(code_verifier), sqlc.arg(nonce), sqlc.arg(redirect_to), sqlc.arg(mode),
        sqlc.narg(linking_user_id), sqlc.arg(created_at), sqlc.arg(expires_at), sqlc.narg(result_token));

-- name: TakeStartedOAuthState :one
-- TakeStartedOAuthState deletes and returns a state the callback has not
-- completed; the DELETE decides which of several callers gets it.
DELETE FROM oauth_states WHERE id = sqlc.arg(id) AND result_token IS NULL
RETURNING id, provider, code_verifier, nonce, redirect_to, mode, linking_user_id, created_at, expires_at, result_token;

-- name: TakeCompletedOAuthState :one
-- TakeCompletedOAuthState deletes and returns a completed sign-in waiting
-- for its exchange; the DELETE decides which of several callers gets it.
DELETE FROM oauth_states WHERE id = sqlc.arg(id) AND result_token IS NOT NULL
RETURNING id, provider, code_verifier, nonce, redirect_to, mode, linking_user_id, created_at, expires_at, result_token;

-- name: OAuthIdentityBySubject :one
-- OAuthIdentityBySubject finds the identity of a provider account.
SELECT id, user_id, provider, subject_id, email, linked_at, last_used_at
FROM oauth_identities WHERE provider = sqlc.arg(provider) AND subject_id = sqlc.arg(subject_id);

-- name: CreateOAuthIdentity :exec
-- CreateOAuthIdentity links a provider account to a user.
INSERT INTO oauth_identities (id, user_id, provider, subject_id, email, linked_at, last_used_at)
VALUES (sqlc.arg(id), sqlc.arg(user_id), sqlc.arg(provider), sqlc.arg(subject_id), sqlc.narg(email), sqlc.arg(linked_at), sqlc.narg(last_used_at));

-- name: OAuthIdentitiesByUser :many
-- OAuthIdentitiesByUser lists the user's identities, oldest link first.
SELECT id, user_id, provider, subject_id, email, linked_at, last_used_at
FROM oauth_identities WHERE user_id = sqlc.arg(user_id) ORDER BY linked_at, id;

-- name: TouchOAuthIdentity :exec
-- TouchOAuthIdentity records a sign-in through the identity.
UPDATE oauth_identities SET last_used_at = sqlc.arg(last_used_at)
WHERE provider = sqlc.arg(provider) AND subject_id = sqlc.arg(subject_id);

-- name: DeleteOAuthIdentity :execrows
-- DeleteOAuthIdentity unlinks the user's identity of a provider.
DELETE FROM oauth_identities WHERE user_id = sqlc.arg(user_id) AND provider = sqlc.arg(provider);

-- name: DeleteOAuthIdentityKeepOne :execrows
-- DeleteOAuthIdentityKeepOne unlinks the user's identity of a provider
-- unless it is the user's last one.
DELETE FROM oauth_identities
WHERE oauth_identities.user_id = sqlc.arg(user_id) AND oauth_identities.provider = sqlc.arg(provider)
  AND (SELECT count(*) FROM oauth_identities AS mine WHERE mine.user_id = sqlc.arg(user_id)) > 1;

-- name: LockOAuthIdentities :exec
-- LockOAuthIdentities locks the user's identities for the transaction, so
-- a concurrent unlink waits and then counts what this one left.
SELECT id FROM oauth_identities WHERE user_id = sqlc.arg(user_id) FOR UPDATE;
