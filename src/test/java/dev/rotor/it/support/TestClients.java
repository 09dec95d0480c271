package dev.rotor.it.support;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * Registers OAuth clients for tests by writing their rows directly, the one place that does
 * (switch it to the admin API once that exists).
 */
public final class TestClients {

    private TestClients() {
    }

    /** A client allowed {@code authorization_code} (and {@code refresh_token}), scopes openid and profile. */
    public static String register(String prefix, boolean firstParty, String... redirectUris) {
        return register(prefix, "PUBLIC", firstParty, List.of(redirectUris), List.of("authorization_code", "refresh_token"));
    }

    /** A client of {@code type} (PUBLIC, CONFIDENTIAL) with these redirect URIs and grants; returns its id. */
    public static String register(String prefix, String type, boolean firstParty, List<String> redirectUris, List<String> grants) {
        String id = Api.uniqueName(prefix);
        var now = OffsetDateTime.now(ZoneOffset.UTC);
        Db.update("INSERT INTO oauth_client (client_id, name, client_type, enabled, first_party, redirect_uris, web_origins, "
                        + "post_logout_redirect_uris, grant_types, scopes, audience, token_sid, created_at, updated_at, version) "
                        + "VALUES (?, ?, ?, TRUE, ?, ?, '', '', ?, 'openid profile', NULL, ?, ?, ?, 1)",
                id, "The " + prefix + " app", type, firstParty, String.join("\n", redirectUris), String.join(" ", grants),
                UUID.randomUUID().toString(), now, now);
        return id;
    }
}
