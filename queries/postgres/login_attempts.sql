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

-- name: LockLoginAttempts :exec
-- LockLoginAttempts takes a transaction-scoped advisory lock on email's
-- login attempts, so that counting and recording an attempt for one
-- address run one transaction at a time across every connection and
-- process; other addresses are not held up (a hash collision only makes
-- two addresses wait for each other).
SELECT pg_advisory_xact_lock(hashtextextended('regstack.login_attempts:' || sqlc.arg(email)::text, 0));

-- name: ReserveLoginAttempt :execrows
-- ReserveLoginAttempt records one sign-in attempt for email at at unless
-- threshold attempts already count (those after since); it affects no row
-- when the address is locked. Run it under LockLoginAttempts: without the
-- lock two transactions could both count threshold - 1.
INSERT INTO login_attempts (email, "when", ip)
SELECT sqlc.arg(email)::text, sqlc.arg(at)::pg_catalog.timestamptz, NULL
WHERE (
    SELECT COUNT(*) FROM login_attempts AS counted
    WHERE counted.email = sqlc.arg(email)::text AND counted."when" > sqlc.arg(since)
) < sqlc.arg(threshold)::bigint;

-- name: LoginAttemptUnlockTime :one
-- LoginAttemptUnlockTime returns the time of the attempt whose leaving the
-- window unlocks email: the threshold-th newest counted one (newest_rank =
-- threshold - 1), normally the oldest.
SELECT "when" FROM login_attempts
WHERE email = sqlc.arg(email) AND "when" > sqlc.arg(since)
ORDER BY "when" DESC
LIMIT 1 OFFSET sqlc.arg(newest_rank);
