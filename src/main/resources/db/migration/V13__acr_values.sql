-- Step-up at /oauth2/authorize: what a pending request's acr_values asked for ('mfa' or null).
ALTER TABLE authorization_request ADD COLUMN acr_values VARCHAR(16);
