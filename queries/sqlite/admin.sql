-- name: UpdateUser :one
-- UpdateUser applies an administrator's edit: a NULL argument leaves its
-- column unchanged, and disabling the account also moves the session
-- cutoff to now. It returns the updated row.
UPDATE users
SET updated_at = sqlc.arg(now),
    is_active = COALESCE(sqlc.narg(is_active), is_active),
    is_superuser = COALESCE(sqlc.narg(is_superuser), is_superuser),
    full_name = COALESCE(sqlc.narg(full_name), full_name),
    tokens_invalidated_after = CASE
        WHEN sqlc.narg(is_active) = 0 THEN sqlc.arg(now)
        ELSE tokens_invalidated_after
    END
WHERE id = sqlc.arg(id)
RETURNING *;

-- name: ListUsers :many
-- ListUsers returns one page of users, newest first; id breaks ties so the
-- order is total and pages never overlap.
SELECT * FROM users
ORDER BY created_at DESC, id DESC
LIMIT sqlc.arg(limit) OFFSET sqlc.arg(offset);

-- name: CountUsers :one
-- CountUsers returns the administrator's statistics in one query; pending
-- registrations count only when they expire after now.
SELECT
    (SELECT COUNT(*) FROM users) AS total,
    (SELECT COUNT(*) FROM users WHERE is_active) AS active,
    (SELECT COUNT(*) FROM users WHERE is_verified) AS verified,
    (SELECT COUNT(*) FROM users WHERE is_superuser) AS superusers,
    (SELECT COUNT(*) FROM pending_registrations WHERE expires_at > sqlc.arg(now)) AS pending;
