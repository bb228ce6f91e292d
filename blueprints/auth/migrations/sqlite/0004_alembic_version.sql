-- Alembic's version table, stamped with the Python library's head
-- revision (0002), so the Python library can open a database this package
-- created: migration 0001 yields exactly the tables, columns, constraints
-- and indexes of that revision, and 0002 and 0003 only add what SQLAlchemy
-- ignores (a column with a default it never names, a table it does not
-- know). Without the row, Alembic would run its 0001 again and fail on
-- "table users already exists".
--
-- The table's shape is the one Alembic creates. A row that is already
-- there is kept: a database adopted from the Python library has its own,
-- and the Python library may have moved it to a later revision of its
-- own. The INSERT is one statement, so two installers cannot both find the
-- table empty (InstallSchema also runs one migration at a time).
--
-- A package generated with renamed tables (the *_collection keys) records
-- this migration without running it: the Python library would not find
-- its tables there, and without the row it creates its own instead.
CREATE TABLE IF NOT EXISTS alembic_version (
    version_num VARCHAR(32) NOT NULL,
    CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
);

INSERT INTO alembic_version (version_num)
SELECT '0002' WHERE NOT EXISTS (SELECT 1 FROM alembic_version);
