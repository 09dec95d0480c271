-- Secrets the service itself needs on every instance (the CSRF signing key), generated once.
CREATE TABLE server_secret (
    name       VARCHAR(64)  NOT NULL PRIMARY KEY,
    secret     VARCHAR(128) NOT NULL,
    created_at TIMESTAMP    NOT NULL
);
