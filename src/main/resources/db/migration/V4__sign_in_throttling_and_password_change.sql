-- Sign-in throttling (shared by every instance) and password changes.

-- One row per throttled key: an account (HMAC of the normalized username typed, never the
-- text itself, since people type passwords there), a client address, or registrations from an
-- address. Written once per failure, deleted when an account signs in; stale rows are purged.
CREATE TABLE sign_in_throttle (
    kind             VARCHAR(16) NOT NULL,
    subject          VARCHAR(64) NOT NULL,
    failures         INTEGER     NOT NULL,
    first_failure_at TIMESTAMP WITH TIME ZONE NOT NULL,
    last_failure_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    blocked_until    TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (kind, subject)
);
CREATE INDEX sign_in_throttle_last_ix ON sign_in_throttle (last_failure_at);

-- Set when an admin gives the account a temporary password: it signs in only to choose a new one.
ALTER TABLE account ADD COLUMN password_change_required BOOLEAN DEFAULT FALSE NOT NULL;
