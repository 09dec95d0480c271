-- OpenID Connect Back-Channel Logout 1.0: a client may register a URI to which Rotor POSTs a
-- logout token whenever a session of that client ends. The tokens wait in an outbox written in
-- the transaction that ends the session, and any instance sends them. Portable between H2 2.x and
-- PostgreSQL 15.

ALTER TABLE oauth_client ADD COLUMN backchannel_logout_uri VARCHAR(2048);
ALTER TABLE oauth_client ADD COLUMN backchannel_logout_session_required BOOLEAN DEFAULT FALSE NOT NULL;

-- One logout to deliver. next_attempt_at is when it is due (null once delivered or given up);
-- a sender claims a row by moving next_attempt_at forward with a compare-and-set, so two
-- instances never send the same row at once. last_error holds no secret (a status or exception class).
CREATE TABLE logout_outbox (
    id              VARCHAR(36)   NOT NULL PRIMARY KEY,
    client_id       VARCHAR(64)   NOT NULL,
    account_id      VARCHAR(36)   NOT NULL,
    sid             VARCHAR(36)   NOT NULL,
    session_id      VARCHAR(36)   NOT NULL,
    uri             VARCHAR(2048) NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    next_attempt_at TIMESTAMP WITH TIME ZONE,
    attempts        INTEGER       NOT NULL,
    last_attempt_at TIMESTAMP WITH TIME ZONE,
    last_error      VARCHAR(256),
    delivered_at    TIMESTAMP WITH TIME ZONE,
    gave_up_at      TIMESTAMP WITH TIME ZONE
);
CREATE INDEX logout_outbox_due_ix ON logout_outbox (next_attempt_at);
CREATE INDEX logout_outbox_client_ix ON logout_outbox (client_id, created_at);
