package dev.rotor.selfservice.boundary;

import static dev.rotor.platform.JsonSupport.JSON;

import dev.rotor.authorize.control.Consents;
import dev.rotor.client.control.Clients;
import dev.rotor.client.control.OAuthClient;
import dev.rotor.platform.Requests;
import dev.rotor.token.control.AccessTokenIssuer;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The applications a signed-in user has allowed (consent to third-party clients): list them,
 * revoke one, which ends that application's sessions of the user. Cookie callers need the CSRF
 * header like every other call that needs a caller.
 */
@Path("auth/consents")
@RequestScoped
@DenyAll
@Produces(MediaType.APPLICATION_JSON)
public class ConsentsResource {

    @Inject
    JsonWebToken jwt;

    @Inject
    Consents consents;

    @Inject
    Clients clients;

    @Context
    HttpServletRequest request;

    @GET
    @RolesAllowed("user")
    public JsonObject mine() {
        var items = JSON.createArrayBuilder();
        for (var consent : consents.list(jwt.getSubject())) {
            String name = clients.find(consent.clientId()).map(OAuthClient::name).orElse(consent.clientId());
            items.add(JSON.createObjectBuilder()
                    .add("clientId", consent.clientId())
                    .add("name", name)
                    .add("scopes", JSON.createArrayBuilder(consent.scopes()))
                    .add("grantedAt", consent.grantedAt().toString()));
        }
        return JSON.createObjectBuilder().add("consents", items).build();
    }

    @DELETE
    @Path("{clientId}")
    @RolesAllowed("user")
    public Response revoke(@PathParam("clientId") String clientId) {
        consents.revoke(jwt.getSubject(), clientId, AccessTokenIssuer.sessionIdOf(jwt), Requests.facts(request));
        return Response.noContent().build();
    }
}
