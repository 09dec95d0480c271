-- A temporary password an admin sets is good until this instant (rotor.password.temporary-ttl);
-- NULL for every other password, and for temporary passwords set before this column existed,
-- which keep working until they are replaced.
ALTER TABLE account ADD COLUMN temporary_password_expires_at TIMESTAMP WITH TIME ZONE;
