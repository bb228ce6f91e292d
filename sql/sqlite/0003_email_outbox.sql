-- The email outbox: account emails (verification, password reset, email
-- change) are written here inside the request and delivered by a background
-- worker, so a slow or failing mail transport never changes a response.
-- Not in the Python library's schema; a database shared with it only gains
-- this table.
--
-- payload is the whole rendered message sealed with AES-256-GCM under a key
-- derived from jwt_secret (it carries one-time links, which never sit in
-- the database in clear). A delivered message is deleted. lease and
-- lease_until mark the worker delivering it: a claim is one UPDATE whose
-- subquery picks the row, and SQLite runs writers one at a time, so two
-- workers never hold one row. A message whose worker died is claimed again
-- once lease_until has passed. dead_at is set when delivery failed for good
-- (too many attempts, or the payload no longer decrypts); such rows stay
-- for `doctor` until `reap` deletes them.
CREATE TABLE email_outbox (
    id VARCHAR(36) NOT NULL,
    payload BLOB NOT NULL,
    created_at DATETIME NOT NULL,
    available_at DATETIME NOT NULL,
    attempts INTEGER NOT NULL,
    lease VARCHAR(64),
    lease_until DATETIME,
    last_error TEXT,
    dead_at DATETIME,
    CONSTRAINT pk_email_outbox PRIMARY KEY (id)
);

CREATE INDEX ix_email_outbox_due ON email_outbox (available_at) WHERE dead_at IS NULL;
