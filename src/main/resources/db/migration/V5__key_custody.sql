-- Key custody and signing-key life cycle (issue 10), and a lock row for a safe first start (issue 8).
-- Private keys and secrets are sealed with the key encryption key (AES-256-GCM) by the application:
-- kek_id names the KEK of each row; NULL marks a plaintext row from before this version, which the
-- first start with this version seals in place (KeyRotation.sealAndEnsureCurrent, CsrfGuard.load).

ALTER TABLE signing_key ADD COLUMN kek_id VARCHAR(32);
ALTER TABLE signing_key ADD COLUMN activates_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE signing_key ADD COLUMN retires_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE signing_key ADD COLUMN revoked_at TIMESTAMP WITH TIME ZONE;
UPDATE signing_key SET activates_at = created_at;
ALTER TABLE signing_key ALTER COLUMN activates_at SET NOT NULL;

ALTER TABLE server_secret ADD COLUMN kek_id VARCHAR(32);
ALTER TABLE server_secret ALTER COLUMN secret SET DATA TYPE VARCHAR(512);

-- One row per cluster-wide critical section, taken with SELECT ... FOR UPDATE:
-- 'signing-keys' serialises key creation, rotation and revocation, and its generation counts
-- every change, so instances notice a change by reading one row; 'first-start' serialises the
-- CSRF secret and the first admin when several instances start on an empty database.
CREATE TABLE cluster_lock (
    name       VARCHAR(64) NOT NULL PRIMARY KEY,
    generation BIGINT      NOT NULL
);
INSERT INTO cluster_lock (name, generation) VALUES ('signing-keys', 0);
INSERT INTO cluster_lock (name, generation) VALUES ('first-start', 0);
