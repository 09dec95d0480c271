package dev.rotor.oauth.boundary;

import dev.rotor.platform.Requests;
import dev.rotor.problem.OAuthError;
import dev.rotor.session.control.Revoked;
import dev.rotor.oauth.control.TokenRevocation;
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
 * Token revocation (RFC 7009). A refresh token, or an access token that is still active, ends its
 * session: every token of that session stops working on every instance and, through the feed, on
 * resource servers. Per §2.2 the answer is 200 whether or not the token was known or valid
 * ({@code token_type_hint} is only a hint: both kinds are recognised by their form). A genuine
 * token issued to another client is refused with {@code invalid_grant} (§2.1) and ends nothing.
 * The client authenticates as at the token endpoint (a confidential client with its secret, §2.1).
 */
@Path("oauth2/revoke")
@PermitAll
public class RevokeResource {

    @Inject
    TokenRevocation revocation;

    @Inject
    OAuthClients clients;

    @Context
    HttpServletRequest request;

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response revoke(MultivaluedMap<String, String> form) {
        var params = new OAuthParameters(form);
        String token = params.requiredToken("token");
        String clientId = clients.authenticate(params, request).clientId();
        params.optional("token_type_hint");
        if (revocation.revoke(token, clientId, Requests.facts(request)) == Revoked.OTHER_CLIENT) {
            throw OAuthError.issuedToAnotherClient();
        }
        return Response.ok()
                .header("Cache-Control", "no-store")
                .header("Pragma", "no-cache")
                .build();
    }
}
