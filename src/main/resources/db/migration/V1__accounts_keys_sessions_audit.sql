-- Rotor schema, version 1. Portable between H2 2.x and PostgreSQL 15.

CREATE TABLE account (
    id                 VARCHAR(36)  NOT NULL PRIMARY KEY,
    username           VARCHAR(64)  NOT NULL,
    password_hash      VARCHAR(512) NOT NULL,
    roles              VARCHAR(512) NOT NULL,
    enabled            BOOLEAN      NOT NULL,
    created_at         TIMESTAMP    NOT NULL,
    tokens_valid_after TIMESTAMP,
    version            BIGINT       NOT NULL
);
CREATE UNIQUE INDEX account_username_uq ON account (username);

CREATE TABLE signing_key (
    kid         VARCHAR(64)   NOT NULL PRIMARY KEY,
    algorithm   VARCHAR(16)   NOT NULL,
    private_jwk VARCHAR(8000) NOT NULL,
    public_jwk  VARCHAR(4000) NOT NULL,
    created_at  TIMESTAMP     NOT NULL
);

-- One row per session (refresh-token family). It holds no presentable token:
-- only the SHA-256 of the current refresh secret and the seed that derives each
-- successor from its predecessor (see RefreshTokens).
CREATE TABLE session_family (
    id                  VARCHAR(36)  NOT NULL PRIMARY KEY,
    account_id          VARCHAR(36)  NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    client_id           VARCHAR(64)  NOT NULL,
    created_at          TIMESTAMP    NOT NULL,
    last_used_at        TIMESTAMP    NOT NULL,
    absolute_expires_at TIMESTAMP    NOT NULL,
    idle_expires_at     TIMESTAMP    NOT NULL,
    generation          BIGINT       NOT NULL,
    rotated_at          TIMESTAMP    NOT NULL,
    current_hash        VARCHAR(64)  NOT NULL,
    chain_seed          VARCHAR(64)  NOT NULL,
    status              VARCHAR(24)  NOT NULL,
    ended_at            TIMESTAMP,
    user_agent          VARCHAR(512),
    client_ip           VARCHAR(64),
    device_name         VARCHAR(128)
);
CREATE INDEX session_family_account_ix ON session_family (account_id, status);
CREATE INDEX session_family_ended_ix ON session_family (ended_at);
CREATE INDEX session_family_expiry_ix ON session_family (absolute_expires_at);

CREATE TABLE audit_event (
    id          VARCHAR(36)  NOT NULL PRIMARY KEY,
    type        VARCHAR(40)  NOT NULL,
    occurred_at TIMESTAMP    NOT NULL,
    account_id  VARCHAR(36),
    actor_id    VARCHAR(36),
    session_id  VARCHAR(36),
    client_ip   VARCHAR(64),
    user_agent  VARCHAR(512),
    detail      VARCHAR(512)
);
CREATE INDEX audit_event_account_ix ON audit_event (account_id, occurred_at);
CREATE INDEX audit_event_time_ix ON audit_event (occurred_at);
