package dev.rotor.oauth.boundary;

import static dev.rotor.platform.JsonSupport.JSON;

import dev.rotor.client.control.OAuthClient;
import dev.rotor.client.control.Scopes;
import dev.rotor.platform.RotorSettings;
import dev.rotor.token.control.SigningKeys;
import java.util.List;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Authorization server metadata (RFC 8414 §2, §3). It lists only what Rotor really does: the
 * authorization endpoint with the code response type and PKCE S256 alone, the four grants of the
 * token endpoint, public clients ({@code none}) and confidential ones ({@code client_secret_basic},
 * {@code client_secret_post}) at the token and revocation endpoints, HTTP Basic for resource
 * servers at introspection, {@code iss} in authorization responses (RFC 9207), the known scopes,
 * and the revocation feed under the extension member {@code rotor_revocation_feed_endpoint}; and,
 * as the same document at {@code /.well-known/openid-configuration} (OpenID Connect Discovery
 * 1.0), the OpenID Provider's members: UserInfo, RP-initiated logout, public subjects, the ID
 * token's signing algorithm (the access tokens' one) and claims, no request objects, and
 * back-channel logout (with {@code sid}) to clients that register a URI for it.
 */
@Path(".well-known")
@PermitAll
public class DiscoveryResource {

    public static final String FEED_MEMBER = "rotor_revocation_feed_endpoint";
    /** How clients authenticate at the token and revocation endpoints ({@link OAuthClients}). */
    static final jakarta.json.JsonArray CLIENT_AUTH_METHODS =
            JSON.createArrayBuilder().add("none").add("client_secret_basic").add("client_secret_post").build();

    @Inject
    RotorSettings settings;

    @Inject
    Scopes scopes;

    @Inject
    SigningKeys keys;

    /** What an ID token may carry (OpenID Connect Discovery's {@code claims_supported}). */
    static final List<String> CLAIMS = List.of("iss", "sub", "aud", "azp", "exp", "iat", "auth_time", "nonce", "sid", "at_hash", "amr",
            "acr", "preferred_username", "groups");

    /** RFC 8414 §3. */
    @GET
    @Path("oauth-authorization-server")
    @Produces(MediaType.APPLICATION_JSON)
    public Response metadata() {
        return document();
    }

    /** OpenID Connect Discovery 1.0 §4: the same document, so the two can never tell different facts. */
    @GET
    @Path("openid-configuration")
    @Produces(MediaType.APPLICATION_JSON)
    public Response openIdConfiguration() {
        return document();
    }

    private Response document() {
        String issuer = settings.issuer();
        String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        var body = JSON.createObjectBuilder()
                .add("issuer", issuer)
                .add("jwks_uri", base + "/.well-known/jwks.json")
                .add("authorization_endpoint", base + "/oauth2/authorize")
                .add("token_endpoint", base + "/oauth2/token")
                .add("revocation_endpoint", base + "/oauth2/revoke")
                .add("introspection_endpoint", base + "/oauth2/introspect")
                .add(FEED_MEMBER, base + "/oauth2/revocations")
                .add("grant_types_supported", JSON.createArrayBuilder(OAuthClient.GRANTS))
                .add("response_types_supported", JSON.createArrayBuilder().add("code"))
                .add("response_modes_supported", JSON.createArrayBuilder().add("query"))
                .add("code_challenge_methods_supported", JSON.createArrayBuilder().add("S256"))
                .add("authorization_response_iss_parameter_supported", true)
                .add("scopes_supported", JSON.createArrayBuilder(scopes.known()))
                .add("token_endpoint_auth_methods_supported", CLIENT_AUTH_METHODS)
                .add("revocation_endpoint_auth_methods_supported", CLIENT_AUTH_METHODS)
                .add("introspection_endpoint_auth_methods_supported", JSON.createArrayBuilder().add("client_secret_basic"))
                .add("userinfo_endpoint", base + "/oauth2/userinfo")
                .add("end_session_endpoint", base + "/oauth2/logout")
                .add("subject_types_supported", JSON.createArrayBuilder().add("public"))
                .add("id_token_signing_alg_values_supported", JSON.createArrayBuilder().add(keys.algorithm().getName()))
                .add("claims_supported", JSON.createArrayBuilder(CLAIMS))
                .add("acr_values_supported", JSON.createArrayBuilder().add("mfa"))
                .add("claims_parameter_supported", false)
                .add("request_parameter_supported", false)
                .add("request_uri_parameter_supported", false)
                .add("backchannel_logout_supported", true)
                .add("backchannel_logout_session_supported", true)
                .build();
        return Response.ok(body.toString(), MediaType.APPLICATION_JSON)
                .header("Cache-Control", "public, max-age=300")
                .build();
    }
}
