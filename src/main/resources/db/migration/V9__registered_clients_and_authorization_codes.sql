-- The front door: registered OAuth clients, their secrets, pending authorization requests,
-- authorization codes and remembered consent. Portable between H2 2.x and PostgreSQL 15.
-- Lists (redirect URIs, origins, grants, scopes) are stored one per line / space-separated.

CREATE TABLE oauth_client (
    client_id                 VARCHAR(64)   NOT NULL PRIMARY KEY,
    name                      VARCHAR(128)  NOT NULL,
    client_type               VARCHAR(16)   NOT NULL,
    enabled                   BOOLEAN       NOT NULL,
    first_party               BOOLEAN       NOT NULL,
    redirect_uris             VARCHAR(4000) NOT NULL,
    web_origins               VARCHAR(2000) NOT NULL,
    post_logout_redirect_uris VARCHAR(4000) NOT NULL,
    grant_types               VARCHAR(256)  NOT NULL,
    scopes                    VARCHAR(1000) NOT NULL,
    audience                  VARCHAR(256),
    -- The sid of this client's client-credentials tokens; replaced when it is disabled, which ends them.
    token_sid                 VARCHAR(36)   NOT NULL,
    created_at                TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at                TIMESTAMP WITH TIME ZONE NOT NULL,
    version                   BIGINT        NOT NULL
);

-- A confidential client's secrets: at most two valid at once, so one can replace the other.
-- Rotor generates them (256 random bits), so a SHA-256 is enough to store them.
CREATE UNIQUE INDEX oauth_client_token_sid_uq ON oauth_client (token_sid);

CREATE TABLE oauth_client_secret (
    id          VARCHAR(36)  NOT NULL PRIMARY KEY,
    client_id   VARCHAR(64)  NOT NULL REFERENCES oauth_client (client_id) ON DELETE CASCADE,
    secret_hash VARCHAR(64)  NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at  TIMESTAMP WITH TIME ZONE
);
CREATE INDEX oauth_client_secret_client_ix ON oauth_client_secret (client_id);

-- An authorization request checked by /oauth2/authorize and waiting for the sign-in page.
CREATE TABLE authorization_request (
    id                VARCHAR(64)   NOT NULL PRIMARY KEY,
    client_id         VARCHAR(64)   NOT NULL,
    redirect_uri      VARCHAR(2048) NOT NULL,
    redirect_uri_sent BOOLEAN       NOT NULL,
    state             VARCHAR(2048),
    scope             VARCHAR(1000) NOT NULL,
    code_challenge    VARCHAR(128),
    nonce             VARCHAR(2048),
    prompt            VARCHAR(64),
    max_age           BIGINT,
    login_hint        VARCHAR(256),
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at        TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX authorization_request_expiry_ix ON authorization_request (expires_at);

-- An authorization code: only its SHA-256 is kept. used_at marks its one use; session_id is the
-- session that use started, which a second use ends (RFC 6749 §4.1.2).
CREATE TABLE authorization_code (
    code_hash      VARCHAR(64)   NOT NULL PRIMARY KEY,
    client_id      VARCHAR(64)   NOT NULL,
    account_id     VARCHAR(36)   NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    sign_in_id     VARCHAR(36)   NOT NULL,
    redirect_uri   VARCHAR(2048) NOT NULL,
    redirect_uri_sent BOOLEAN    NOT NULL,
    code_challenge VARCHAR(128),
    nonce          VARCHAR(2048),
    scope          VARCHAR(1000) NOT NULL,
    auth_time      TIMESTAMP WITH TIME ZONE NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    used_at        TIMESTAMP WITH TIME ZONE,
    session_id     VARCHAR(36)
);
CREATE INDEX authorization_code_expiry_ix ON authorization_code (expires_at);

-- A user's consent to a third-party client's scopes, remembered until revoked on the account page.
CREATE TABLE client_consent (
    account_id VARCHAR(36)   NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    client_id  VARCHAR(64)   NOT NULL,
    scopes     VARCHAR(1000) NOT NULL,
    granted_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (account_id, client_id)
);

-- An app's session started through the front door is linked to the Rotor sign-in (a rotor-web
-- session) that authorized it, and carries its granted scopes and when the user signed in.
ALTER TABLE session_family ADD COLUMN sign_in_id VARCHAR(36);
ALTER TABLE session_family ADD COLUMN scope VARCHAR(1000);
ALTER TABLE session_family ADD COLUMN auth_time TIMESTAMP WITH TIME ZONE;
CREATE INDEX session_family_sign_in_ix ON session_family (sign_in_id);
CREATE INDEX session_family_client_ix ON session_family (client_id, status);
