package dev.rotor.oauth.boundary;

import dev.rotor.platform.Requests;
import dev.rotor.session.control.Sessions;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

/**
 * Token revocation (RFC 7009): a refresh token ends its session. Per §2.2 the answer is 200
 * whether or not the token was known; access tokens are short-lived and not revocable here.
 */
@Path("oauth2/revoke")
@PermitAll
public class RevokeResource {

    @Inject
    Sessions sessions;

    @Inject
    OAuthClients clients;

    @Context
    HttpServletRequest request;

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response revoke(MultivaluedMap<String, String> form) {
        var params = new OAuthParameters(form);
        String token = params.requiredToken("token");
        String clientId = clients.requireKnown(params.required("client_id"));
        params.optional("token_type_hint");
        sessions.logout(token, clientId, Requests.facts(request));
        return Response.ok()
                .header("Cache-Control", "no-store")
                .header("Pragma", "no-cache")
                .build();
    }
}
