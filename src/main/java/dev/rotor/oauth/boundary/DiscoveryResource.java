package dev.rotor.oauth.boundary;

import static dev.rotor.platform.JsonSupport.JSON;

import dev.rotor.platform.RotorSettings;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Authorization server metadata (RFC 8414 §2, §3). It lists only what Rotor really does: public
 * clients (client id, no secret) at the token and revocation endpoints, HTTP Basic for resource
 * servers at introspection, no authorization endpoint (so no response types and no PKCE), and the
 * revocation feed under the extension member {@code rotor_revocation_feed_endpoint}.
 */
@Path(".well-known/oauth-authorization-server")
@PermitAll
public class DiscoveryResource {

    public static final String FEED_MEMBER = "rotor_revocation_feed_endpoint";

    @Inject
    RotorSettings settings;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response metadata() {
        String issuer = settings.issuer();
        String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        var body = JSON.createObjectBuilder()
                .add("issuer", issuer)
                .add("jwks_uri", base + "/.well-known/jwks.json")
                .add("token_endpoint", base + "/oauth2/token")
                .add("revocation_endpoint", base + "/oauth2/revoke")
                .add("introspection_endpoint", base + "/oauth2/introspect")
                .add(FEED_MEMBER, base + "/oauth2/revocations")
                .add("grant_types_supported", JSON.createArrayBuilder().add("password").add("refresh_token"))
                .add("response_types_supported", JSON.createArrayBuilder())
                .add("token_endpoint_auth_methods_supported", JSON.createArrayBuilder().add("none"))
                .add("revocation_endpoint_auth_methods_supported", JSON.createArrayBuilder().add("none"))
                .add("introspection_endpoint_auth_methods_supported", JSON.createArrayBuilder().add("client_secret_basic"))
                .build();
        return Response.ok(body.toString(), MediaType.APPLICATION_JSON)
                .header("Cache-Control", "public, max-age=300")
                .build();
    }
}
