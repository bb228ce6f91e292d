-- The table that records which migrations InstallSchema has applied. It is
-- the bootstrap step: InstallSchema runs this file before every upgrade (it
-- is idempotent) and does not record it as a version.
--
-- regstack-gen does not use Alembic's alembic_version table: it does not
-- replicate Alembic's revision graph, only its resulting schema. A database
-- created by the Python library at Alembic head 0002 is adopted by
-- InstallSchema without running 0001 again.
CREATE TABLE IF NOT EXISTS regstack_migrations (
    version TEXT NOT NULL,
    applied_at DATETIME NOT NULL,
    CONSTRAINT pk_regstack_migrations PRIMARY KEY (version)
);
