-- A pending registration is contested once a second sign-up with a
-- different password arrived for its address before it was verified.
-- Verifying a contested registration creates the account without a
-- password (see docs/security.md), so a password chosen by someone who
-- does not control the mailbox never becomes usable. The default keeps
-- rows written by the Python library, which does not know the column,
-- uncontested.
ALTER TABLE pending_registrations ADD COLUMN contested BOOLEAN NOT NULL DEFAULT FALSE;
