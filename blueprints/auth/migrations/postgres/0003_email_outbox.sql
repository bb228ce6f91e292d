-- The email outbox: account emails (verification, password reset, email
-- change) are written here inside the request and delivered by a background
-- worker, so a slow or failing mail transport never changes a response.
-- Not in the Python library's schema; a database shared with it only gains
-- this table.
--
-- payload is the whole rendered message sealed with AES-256-GCM under a key
-- derived from jwt_secret (it carries one-time links, which never sit in
-- the database in clear). A delivered message is deleted. lease and
-- lease_until mark the worker delivering it: a claim picks its row with
-- FOR UPDATE SKIP LOCKED, so concurrent workers never take the same row. A
-- message whose worker died is claimed again once lease_until has passed.
-- dead_at is set when delivery failed for good (too many attempts, or the
-- payload no longer decrypts); such rows stay for `doctor` until `reap`
-- deletes them.
CREATE TABLE email_outbox (
    id VARCHAR(36) NOT NULL,
    payload BYTEA NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    available_at TIMESTAMP WITH TIME ZONE NOT NULL,
    attempts INTEGER NOT NULL,
    lease VARCHAR(64),
    lease_until TIMESTAMP WITH TIME ZONE,
    last_error TEXT,
    dead_at TIMESTAMP WITH TIME ZONE,
    CONSTRAINT pk_email_outbox PRIMARY KEY (id)
);

CREATE INDEX ix_email_outbox_due ON email_outbox (available_at) WHERE dead_at IS NULL;
