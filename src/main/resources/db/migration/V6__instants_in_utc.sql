-- Every instant becomes TIMESTAMP WITH TIME ZONE (issue 8, item 4). Portable between H2 2.x and
-- PostgreSQL 15 (neither needs USING here; H2 has no USING clause).
--
-- Until now rows were written as TIMESTAMP (no zone) through the writer JVM's default zone, so a
-- stored value is the writer's local wall-clock time. The conversion interprets each value in the
-- zone named by the placeholder ${legacy_zone}: rotor.migration.legacy-zone, by default the default
-- zone of the JVM that runs this migration (UTC on most installs, and the zone the old code wrote
-- through when the same installation is upgraded). Both databases convert TIMESTAMP to
-- TIMESTAMP WITH TIME ZONE in the session's time zone, which is set here for that purpose.
SET TIME ZONE '${legacy_zone}';

ALTER TABLE account ALTER COLUMN created_at SET DATA TYPE TIMESTAMP WITH TIME ZONE;
ALTER TABLE account ALTER COLUMN tokens_valid_after SET DATA TYPE TIMESTAMP WITH TIME ZONE;

ALTER TABLE signing_key ALTER COLUMN created_at SET DATA TYPE TIMESTAMP WITH TIME ZONE;

ALTER TABLE session_family ALTER COLUMN created_at SET DATA TYPE TIMESTAMP WITH TIME ZONE;
ALTER TABLE session_family ALTER COLUMN last_used_at SET DATA TYPE TIMESTAMP WITH TIME ZONE;
ALTER TABLE session_family ALTER COLUMN absolute_expires_at SET DATA TYPE TIMESTAMP WITH TIME ZONE;
ALTER TABLE session_family ALTER COLUMN idle_expires_at SET DATA TYPE TIMESTAMP WITH TIME ZONE;
ALTER TABLE session_family ALTER COLUMN rotated_at SET DATA TYPE TIMESTAMP WITH TIME ZONE;
ALTER TABLE session_family ALTER COLUMN ended_at SET DATA TYPE TIMESTAMP WITH TIME ZONE;

ALTER TABLE audit_event ALTER COLUMN occurred_at SET DATA TYPE TIMESTAMP WITH TIME ZONE;

ALTER TABLE server_secret ALTER COLUMN created_at SET DATA TYPE TIMESTAMP WITH TIME ZONE;

SET TIME ZONE '${session_zone}';
