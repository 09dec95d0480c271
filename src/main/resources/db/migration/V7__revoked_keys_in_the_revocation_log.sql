-- A revoked signing key is a revocation too: kind KEY names it in key_id (and no account), so
-- resource servers learn of it through the revocation feed and refuse its tokens at once.
ALTER TABLE revocation ADD COLUMN key_id VARCHAR(64);
ALTER TABLE revocation ALTER COLUMN account_id DROP NOT NULL;
