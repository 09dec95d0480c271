-- A second factor: passkeys (WebAuthn), an authenticator app (TOTP, RFC 6238) and recovery codes,
-- the challenges that bind a sign-in's second step to its first, and how each session signed in
-- (amr, RFC 8176). Portable between H2 2.x and PostgreSQL 15.

-- A WebAuthn credential registered to an account. Binary values are base64url text (the same in
-- both databases); the public key is COSE as the authenticator gave it. signature_count and the
-- backup flags are checked and updated on every use.
CREATE TABLE passkey (
    id              VARCHAR(36)   NOT NULL PRIMARY KEY,
    account_id      VARCHAR(36)   NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    credential_id   VARCHAR(1400) NOT NULL,
    public_key_cose VARCHAR(4096) NOT NULL,
    signature_count BIGINT        NOT NULL,
    backup_eligible BOOLEAN       NOT NULL,
    backed_up       BOOLEAN       NOT NULL,
    transports      VARCHAR(128),
    name            VARCHAR(64)   NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    last_used_at    TIMESTAMP WITH TIME ZONE
);
CREATE UNIQUE INDEX passkey_credential_ux ON passkey (credential_id);
CREATE INDEX passkey_account_ix ON passkey (account_id);

-- An account's authenticator app: the shared secret sealed with the key-encryption key (bound to
-- the row), confirmed_at null while enrolment waits for the first valid code. last_used_step is
-- the highest time step accepted: a code for it or an earlier step is refused (no replay).
CREATE TABLE totp_authenticator (
    account_id     VARCHAR(36)  NOT NULL PRIMARY KEY REFERENCES account (id) ON DELETE CASCADE,
    secret_kek_id  VARCHAR(64),
    secret_sealed  VARCHAR(512) NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    confirmed_at   TIMESTAMP WITH TIME ZONE,
    last_used_step BIGINT       NOT NULL,
    last_used_at   TIMESTAMP WITH TIME ZONE
);

-- Single-use recovery codes: only their SHA-256 is kept; used_at set by compare-and-set.
CREATE TABLE recovery_code (
    id         VARCHAR(36) NOT NULL PRIMARY KEY,
    account_id VARCHAR(36) NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    code_hash  VARCHAR(64) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    used_at    TIMESTAMP WITH TIME ZONE
);
CREATE INDEX recovery_code_account_ix ON recovery_code (account_id);

-- A step that waits for the browser: the second factor after a password, enrolment a policy
-- requires, a username-less passkey sign-in, a passkey registration. Only the SHA-256 of the value
-- handed out is stored; used_at is set once (compare-and-set), so a replayed or abandoned step
-- gives nothing. password_fingerprint and token_version are the account's when the first step
-- passed: a password change or a logout-all between the steps voids the challenge.
CREATE TABLE auth_challenge (
    id_hash              VARCHAR(64)   NOT NULL PRIMARY KEY,
    purpose              VARCHAR(32)   NOT NULL,
    account_id           VARCHAR(36)   REFERENCES account (id) ON DELETE CASCADE,
    session_id           VARCHAR(36),
    client_id            VARCHAR(64),
    amr                  VARCHAR(64),
    password_fingerprint VARCHAR(64),
    token_version        BIGINT,
    webauthn_request     VARCHAR(16000),
    device_name          VARCHAR(128),
    user_agent           VARCHAR(512),
    client_ip            VARCHAR(64),
    failures             INTEGER       NOT NULL,
    created_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    used_at              TIMESTAMP WITH TIME ZONE
);
CREATE INDEX auth_challenge_expiry_ix ON auth_challenge (expires_at);

-- How the session signed in (RFC 8176 values, space-separated): carried unchanged by every
-- refresh into the access and ID tokens' amr. Sessions from before this version signed in with a password.
ALTER TABLE session_family ADD COLUMN amr VARCHAR(64);
UPDATE session_family SET amr = 'pwd';
