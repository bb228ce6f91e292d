-- name: LockMigrations :exec
-- LockMigrations takes a transaction-level advisory lock that serialises
-- every InstallSchema on this database and schema, across processes; it is
-- released when the transaction ends. The first key is a constant that
-- marks the lock as regstack's (the ASCII bytes "rgst"), the second the
-- hash of the schema the migrations go into, so installations in separate
-- schemas of one database do not wait for each other.
SELECT pg_advisory_xact_lock(1919382388, hashtext(COALESCE(current_schema(), '')));

-- name: ClaimMigration :execrows
-- ClaimMigration records version as applied unless it already is, and
-- reports one row when this caller claimed it. It runs under
-- LockMigrations in the migration's own transaction, so a concurrent
-- InstallSchema waits and then sees the version taken.
INSERT INTO regstack_migrations (version, applied_at)
VALUES (sqlc.arg(version), sqlc.arg(applied_at))
ON CONFLICT (version) DO NOTHING;

-- name: SchemaVersion :one
-- SchemaVersion returns the newest applied migration version.
SELECT version FROM regstack_migrations ORDER BY version DESC LIMIT 1;
