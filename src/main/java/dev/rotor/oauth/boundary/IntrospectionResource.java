package dev.rotor.oauth.boundary;

import static dev.rotor.platform.JsonSupport.JSON;

import dev.rotor.oauth.control.Introspection;
import dev.rotor.oauth.control.TokenFacts;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

/**
 * Token introspection (RFC 7662 §2) for resource servers. Inactive is exactly {@code {"active":false}}
 * (§2.2), whatever the reason; the answer is never cached. A resource server is told only about
 * access tokens for its own audience; an admin about every token ({@link Introspection}).
 */
@Path("oauth2/introspect")
@PermitAll
public class IntrospectionResource {

    @Inject
    Introspection introspection;

    @POST
    @ResourceServerOnly
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    public Response introspect(MultivaluedMap<String, String> form, @Context HttpServletRequest request) {
        var params = new OAuthParameters(form);
        String token = params.requiredToken("token"); // any length: an oversized token is just inactive
        params.optional("token_type_hint"); // §2.1: a hint only; every token type is searched anyway
        var facts = Boolean.TRUE.equals(request.getAttribute(ResourceServerAuthentication.ADMIN))
                ? introspection.inspect(token)
                : introspection.inspectFor((String) request.getAttribute(ResourceServerAuthentication.RESOURCE_SERVER), token);
        JsonObject body = facts.map(IntrospectionResource::active)
                .orElseGet(() -> JSON.createObjectBuilder().add("active", false).build());
        return Response.ok(body.toString(), MediaType.APPLICATION_JSON)
                .header("Cache-Control", "no-store")
                .header("Pragma", "no-cache")
                .build();
    }

    private static JsonObject active(TokenFacts facts) {
        var json = JSON.createObjectBuilder()
                .add("active", true)
                .add("sub", facts.subject())
                .add("client_id", facts.clientId())
                .add("exp", facts.expiresAt().getEpochSecond())
                .add("iat", facts.issuedAt().getEpochSecond())
                .add("sid", facts.sessionId())
                .add("iss", facts.issuer());
        if (facts.username() != null) { // a client's own token (client credentials) names no user
            json.add("username", facts.username());
        }
        if (facts.audience() != null && facts.audience().size() == 1) {
            json.add("aud", facts.audience().get(0));
        } else if (facts.audience() != null) {
            json.add("aud", JSON.createArrayBuilder(facts.audience()));
        }
        if (facts.tokenType() != null) {
            json.add("token_type", facts.tokenType());
        }
        return json.build();
    }
}
