-- An authenticator-app enrolment waiting for its first valid code, apart from totp_authenticator so
-- that a confirmed authenticator keeps working until a new one is confirmed (then the pending
-- secret replaces it and this row goes). The secret is sealed with the key-encryption key, bound
-- to this row. Portable between H2 2.x and PostgreSQL 15.
CREATE TABLE totp_pending (
    account_id    VARCHAR(36)  NOT NULL PRIMARY KEY REFERENCES account (id) ON DELETE CASCADE,
    secret_kek_id VARCHAR(64),
    secret_sealed VARCHAR(512) NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL
);
