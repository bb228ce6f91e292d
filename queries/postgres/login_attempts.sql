-- name: RecordLoginFailure :exec
-- RecordLoginFailure records one failed sign-in for email at at.
INSERT INTO login_attempts (email, "when", ip)
VALUES (sqlc.arg(email), sqlc.arg(at), NULL);

-- name: CountLoginFailures :one
-- CountLoginFailures counts the failures for email at or after since; the
-- ix_login_attempts_email_when index answers it. "when" is a reserved word
-- and must stay quoted.
SELECT COUNT(*) FROM login_attempts
WHERE email = sqlc.arg(email) AND "when" >= sqlc.arg(since);

-- name: ClearLoginFailures :exec
-- ClearLoginFailures forgets every failure for email.
DELETE FROM login_attempts WHERE email = sqlc.arg(email);

-- name: DeleteStaleLoginFailures :execrows
-- DeleteStaleLoginFailures removes failures older than cutoff, which no
-- lockout window counts any more.
DELETE FROM login_attempts WHERE "when" < sqlc.arg(cutoff);
