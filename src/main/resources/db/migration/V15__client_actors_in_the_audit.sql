-- An admin action may be taken by an OAuth client with the admin scope (automation): the audit's
-- actor is then the client id, up to 64 characters. Portable between H2 2.x and PostgreSQL 15.
ALTER TABLE audit_event ALTER COLUMN actor_id SET DATA TYPE VARCHAR(64);
