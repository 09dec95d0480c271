package dev.rotor.oauth.boundary;

import static dev.rotor.platform.JsonSupport.JSON;

import dev.rotor.access.control.AccessClaims;
import dev.rotor.access.control.Caller;
import dev.rotor.account.control.Accounts;
import dev.rotor.account.entity.Account;
import dev.rotor.client.control.Scopes;
import dev.rotor.token.control.AccessTokenIssuer;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * OpenID Connect's UserInfo endpoint (Core 1.0 §5.3): GET or POST with an access token whose
 * {@code scope} holds {@code openid}; answers {@code sub}, {@code preferred_username} and
 * {@code groups} as the account is now (a role change shows at once), as {@code application/json}.
 * A token without {@code openid} is refused with 403 {@code insufficient_scope} (RFC 6750 §3.1).
 */
@Path("oauth2/userinfo")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class UserInfoResource {

    @Inject
    Caller caller;

    @Inject
    Accounts accounts;

    @GET
    @RolesAllowed("user")
    public Response get(@Context HttpServletRequest request) {
        return userInfo(request);
    }

    @POST
    @RolesAllowed("user")
    public Response post(@Context HttpServletRequest request) {
        return userInfo(request);
    }

    private Response userInfo(HttpServletRequest request) {
        JsonWebToken jwt = (JsonWebToken) request.getUserPrincipal();
        AccessClaims claims = caller.claims(jwt);
        boolean openid = Scopes.includesOpenId(AccessTokenIssuer.scopeOf(jwt));
        if (!openid) {
            return Response.status(403)
                    .header("WWW-Authenticate", "Bearer error=\"insufficient_scope\", scope=\"openid\"")
                    .type(MediaType.APPLICATION_JSON)
                    .entity(JSON.createObjectBuilder().add("error", "insufficient_scope")
                            .add("error_description", "The access token was not granted the openid scope.").build().toString())
                    .build();
        }
        Account account = accounts.byId(claims.subject()).orElse(null);
        if (account == null || !account.isEnabled()) {
            return Response.status(401)
                    .header("WWW-Authenticate", "Bearer error=\"invalid_token\"")
                    .type(MediaType.APPLICATION_JSON)
                    .entity(JSON.createObjectBuilder().add("error", "invalid_token").build().toString())
                    .build();
        }
        var body = JSON.createObjectBuilder()
                .add("sub", account.id())
                .add("preferred_username", account.username())
                .add("groups", JSON.createArrayBuilder(account.roles()))
                .build();
        return Response.ok(body.toString(), MediaType.APPLICATION_JSON).header("Cache-Control", "no-store").build();
    }
}
