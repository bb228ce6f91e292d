-- name: ClaimMigration :execrows
-- ClaimMigration records version as applied unless it already is, and
-- reports one row when this caller claimed it. As the first statement of
-- the migration's transaction it also takes SQLite's write lock, so a
-- concurrent InstallSchema waits and then sees the version taken.
INSERT INTO regstack_migrations (version, applied_at)
VALUES (sqlc.arg(version), sqlc.arg(applied_at))
ON CONFLICT (version) DO NOTHING;

-- name: SchemaVersion :one
-- SchemaVersion returns the newest applied migration version.
SELECT version FROM regstack_migrations ORDER BY version DESC LIMIT 1;
