package dev.rotor.it.support;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * Registered clients, their secrets and authorization codes written straight into the database, as
 * the admin API and the authorize endpoint would write them, so the token endpoint can be tested on
 * its own. Only hashes are stored, as Rotor stores them.
 */
public final class FrontDoorRows {

    private FrontDoorRows() {
    }

    /** A registered client; {@code grants} and {@code scopes} space-separated. Returns its tokenSid. */
    public static String client(String clientId, String type, String grants, String scopes, String redirectUri, String audience) {
        String tokenSid = UUID.randomUUID().toString();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        Db.update("INSERT INTO oauth_client (client_id, name, client_type, enabled, first_party, redirect_uris, web_origins, "
                        + "post_logout_redirect_uris, grant_types, scopes, audience, token_sid, created_at, updated_at, version) "
                        + "VALUES (?, ?, ?, TRUE, FALSE, ?, '', '', ?, ?, ?, ?, ?, ?, 0)",
                clientId, clientId, type, redirectUri == null ? "" : redirectUri, grants, scopes, audience, tokenSid, now, now);
        return tokenSid;
    }

    /** A secret of {@code clientId}, stored as Rotor stores it (lower-case hex SHA-256). */
    public static void secret(String clientId, String secret) {
        Db.update("INSERT INTO oauth_client_secret (id, client_id, secret_hash, created_at, expires_at) VALUES (?, ?, ?, ?, NULL)",
                UUID.randomUUID().toString(), clientId, sha256Hex(secret), OffsetDateTime.now(ZoneOffset.UTC));
    }

    /** An authorization code as the authorize side stores it: its SHA-256, bound to everything; {@code challenge} may be null. */
    public static void code(String code, String clientId, String accountId, String signInId, String redirectUri, boolean redirectUriSent,
                            String challenge, String scope, Instant expiresAt) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        Db.update("INSERT INTO authorization_code (code_hash, client_id, account_id, sign_in_id, redirect_uri, redirect_uri_sent, "
                        + "code_challenge, nonce, scope, auth_time, created_at, expires_at, used_at, session_id) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, NULL, NULL)",
                sha256Hex(code), clientId, accountId, signInId, redirectUri, redirectUriSent, challenge, scope, now, now,
                OffsetDateTime.ofInstant(expiresAt, ZoneOffset.UTC));
    }

    public static String sha256Hex(String value) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
