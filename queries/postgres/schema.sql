-- name: LockMigrations :exec
-- LockMigrations takes a transaction-level advisory lock that serialises
-- every InstallSchema on this database and schema, across processes; it is
-- released when the transaction ends. The first key is a constant that
-- marks the lock as regstack's (the ASCII bytes "rgst"), the second the
-- hash of the schema the migrations go into, so installations in separate
-- schemas of one database do not wait for each other. (hashtext is the
-- server's built-in text hash; a collision only makes two schemas wait for
-- each other.)
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

-- name: TableExists :one
-- TableExists reports whether the schema the migrations go into (the first
-- existing schema of the search_path) has a table of this name; the name is
-- not looked up along the rest of the path, where another installation's
-- tables may be.
SELECT EXISTS (
    SELECT 1 FROM pg_catalog.pg_tables
    WHERE schemaname = current_schema() AND tablename = sqlc.arg(name)::text
) AS found;
