-- Authenticator apps (TOTP, enable_totp) and their recovery codes. Not in
-- the Python library's schema; a database shared with it only gains these
-- tables.
--
-- secret is the TOTP key sealed with AES-256-GCM under a key derived from
-- jwt_secret, with the user id as additional data, so a database dump alone
-- cannot mint codes and a sealed secret copied onto another row does not
-- open. confirmed_at is NULL while an enrolment waits for its first code.
-- last_step is the latest accepted 30-second time step: a code is accepted
-- by one UPDATE ... WHERE last_step < step, so a code cannot be used twice
-- in its window.
CREATE TABLE totp_credentials (
    user_id VARCHAR(36) NOT NULL,
    secret BYTEA NOT NULL,
    confirmed_at TIMESTAMP WITH TIME ZONE,
    last_step BIGINT NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_totp_credentials PRIMARY KEY (user_id)
);

-- Recovery codes: only the SHA-256 of each (high-entropy) code is kept;
-- using one is one DELETE, so each works once.
CREATE TABLE totp_recovery_codes (
    user_id VARCHAR(36) NOT NULL,
    code_hash VARCHAR(64) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_totp_recovery_codes PRIMARY KEY (user_id, code_hash)
);
