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

-- name: ReserveLoginAttempt :execrows
-- ReserveLoginAttempt records one sign-in attempt for email at at unless
-- threshold attempts already count (those after since); it affects no row
-- when the address is locked. It is one statement on purpose: SQLite takes
-- the database's write lock when a writing statement starts, before its
-- SELECT reads, so callers on other connections or in other processes run
-- one after another and none counts a stale total.
INSERT INTO login_attempts (email, "when", ip)
SELECT sqlc.arg(email), sqlc.arg(at), NULL
WHERE (
    SELECT COUNT(*) FROM login_attempts AS counted
    WHERE counted.email = sqlc.arg(email) AND counted."when" > sqlc.arg(since)
) < CAST(sqlc.arg(threshold) AS INTEGER);

-- name: LoginAttemptUnlockTime :one
-- LoginAttemptUnlockTime returns the time of the attempt whose leaving the
-- window unlocks email: the threshold-th newest counted one (newest_rank =
-- threshold - 1), normally the oldest.
SELECT "when" FROM login_attempts
WHERE email = sqlc.arg(email) AND "when" > sqlc.arg(since)
ORDER BY "when" DESC
LIMIT 1 OFFSET sqlc.arg(newest_rank);
