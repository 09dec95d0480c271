package dev.rotor.client.control;

import dev.rotor.client.entity.ClientType;
import dev.rotor.client.entity.RegisteredClient;
import java.util.List;
import java.util.Set;

/**
 * What Rotor knows of a client when it decides a request: a registered one as an admin set it, or
 * a built-in ({@code rotor.clients}: first-party, public, no redirect URIs). Immutable.
 *
 * @param audience the access token's audience for this client, or null for {@code rotor.audience}
 * @param tokenSid the {@code sid} of its client-credentials tokens (null for a built-in, which has none)
 * @param backchannelLogoutUri where logout tokens go when one of its sessions ends (Back-Channel Logout 1.0), or null
 * @param backchannelLogoutSessionRequired whether it registered that it needs {@code sid} in them (always sent)
 */
public record OAuthClient(String clientId, String name, ClientType type, boolean enabled, boolean firstParty, boolean builtIn,
                          List<String> redirectUris, List<String> webOrigins, List<String> postLogoutRedirectUris,
                          Set<String> grantTypes, Set<String> scopes, String audience, String tokenSid,
                          String backchannelLogoutUri, boolean backchannelLogoutSessionRequired) {

    public static final String AUTHORIZATION_CODE = "authorization_code";
    public static final String REFRESH_TOKEN = "refresh_token";
    public static final String CLIENT_CREDENTIALS = "client_credentials";
    public static final String PASSWORD = "password";
    /** Every grant Rotor's token endpoint knows. */
    public static final List<String> GRANTS = List.of(AUTHORIZATION_CODE, REFRESH_TOKEN, CLIENT_CREDENTIALS, PASSWORD);

    public static OAuthClient of(RegisteredClient c) {
        return new OAuthClient(c.clientId(), c.name(), c.type(), c.isEnabled(), c.isFirstParty(), false,
                c.redirectUris(), c.webOrigins(), c.postLogoutRedirectUris(),
                Set.copyOf(c.grantTypes()), Set.copyOf(c.scopes()), c.audience(), c.tokenSid(),
                c.backchannelLogoutUri(), c.backchannelLogoutSessionRequired());
    }

    /** A built-in first-party public client; {@code passwordGrant} says whether it may use the password grant. */
    public static OAuthClient builtIn(String clientId, boolean passwordGrant) {
        return new OAuthClient(clientId, clientId, ClientType.PUBLIC, true, true, true, List.of(), List.of(), List.of(),
                passwordGrant ? Set.of(PASSWORD, REFRESH_TOKEN) : Set.of(REFRESH_TOKEN), Set.of(), null, null, null, false);
    }

    public boolean isPublic() {
        return type == ClientType.PUBLIC;
    }

    public boolean isConfidential() {
        return type == ClientType.CONFIDENTIAL;
    }

    /** Whether Rotor sends this client logout tokens (it registered a back-channel logout URI). */
    public boolean wantsBackchannelLogout() {
        return backchannelLogoutUri != null && !backchannelLogoutUri.isBlank();
    }

    public boolean allowsGrant(String grantType) {
        return grantTypes.contains(grantType);
    }

}
