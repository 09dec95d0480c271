-- /oauth2/authorize refuses a nonce its client already used in a request or code Rotor still keeps
-- (OpenID Connect Core §15.5.2: a replayed nonce is a replayed authentication request).
CREATE INDEX authorization_request_nonce_ix ON authorization_request (client_id, nonce);
CREATE INDEX authorization_code_nonce_ix ON authorization_code (client_id, nonce);

-- The account an id_token_hint named (OpenID Connect Core §3.1.2.1): the sign-in must be that account's.
ALTER TABLE authorization_request ADD COLUMN id_token_hint_subject VARCHAR(36);
