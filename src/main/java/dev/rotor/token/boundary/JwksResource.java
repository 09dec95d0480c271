package dev.rotor.token.boundary;

import dev.rotor.token.control.KeyRotation;
import dev.rotor.token.control.PublishedKeys;
import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;

/** The published signing keys (RFC 7517 JWK set: next, current, previous), for any resource server. */
@Path(".well-known/jwks.json")
@PermitAll
@ApplicationScoped
public class JwksResource {

    @Inject
    PublishedKeys keys;

    @GET
    @Produces({"application/jwk-set+json", "application/json"})
    public Response keys() {
        return Response.ok(keys.publicKeysJson())
                .header("Cache-Control", "public, max-age=" + KeyRotation.JWKS_MAX_AGE.toSeconds())
                .build();
    }
}
