-- The table that records which migrations InstallSchema has applied. It is
-- the bootstrap step: InstallSchema runs this file before every upgrade (it
-- is idempotent) and does not record it as a version.
--
-- regstack-gen does not track its migrations in Alembic's alembic_version:
-- it does not replicate Alembic's revision graph, only its resulting schema.
-- A database created by the Python library at Alembic head 0002 is adopted
-- by InstallSchema without running 0001 again, and migration 0004 stamps
-- that head into alembic_version so the Python library can open a database
-- created here.
CREATE TABLE IF NOT EXISTS regstack_migrations (
    version TEXT NOT NULL,
    applied_at DATETIME NOT NULL,
    CONSTRAINT pk_regstack_migrations PRIMARY KEY (version)
);
