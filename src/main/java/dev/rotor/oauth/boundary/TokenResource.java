package dev.rotor.oauth.boundary;

import static dev.rotor.platform.JsonSupport.JSON;

import dev.rotor.platform.Requests;
import dev.rotor.problem.OAuthError;
import dev.rotor.session.control.Issued;
import dev.rotor.session.control.Sessions.Refreshed;
import dev.rotor.session.control.Sessions;
import dev.rotor.session.control.ThrottledSignIn;
import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.time.Clock;

/**
 * The OAuth 2.0 token endpoint (RFC 6749 §3.2) for apps: the password grant (§4.3) and the
 * refresh_token grant (§6). Answers as §5.1 on success and §5.2 on error. One instance serves
 * every request (the request reaches it as a parameter), so none is built per call.
 */
@Path("oauth2/token")
@PermitAll
@ApplicationScoped
public class TokenResource {

    @Inject
    Sessions sessions;

    @Inject
    ThrottledSignIn signIn;

    @Inject
    OAuthClients clients;

    @Inject
    Clock clock;

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    public Response token(MultivaluedMap<String, String> form, @Context HttpServletRequest request) {
        var params = new OAuthParameters(form);
        String grantType = params.required("grant_type");
        String clientId = clients.identify(params, request.getHeader("Authorization"));
        Issued issued = switch (grantType) {
            case "password" -> signIn.signIn(params.required("username"), params.required("password"),
                    clientId, Requests.facts(request)).orElseThrow(OAuthError::invalidGrant);
            case "refresh_token" -> refresh(params.requiredToken("refresh_token"), clientId, request);
            default -> throw OAuthError.unsupportedGrantType();
        };
        return success(issued);
    }

    private Issued refresh(String refreshToken, String clientId, HttpServletRequest request) {
        if (sessions.refresh(refreshToken, clientId, Requests.facts(request)) instanceof Refreshed refreshed) {
            return refreshed.issued();
        }
        throw OAuthError.invalidGrant();
    }

    /** RFC 6749 §5.1: the token answer, never cached. */
    private Response success(Issued issued) {
        var body = JSON.createObjectBuilder()
                .add("access_token", issued.accessToken().value())
                .add("token_type", "Bearer")
                .add("expires_in", issued.accessToken().expiresInSeconds(clock.instant()))
                .add("refresh_token", issued.refreshToken())
                .build();
        return Response.ok(body.toString(), MediaType.APPLICATION_JSON)
                .header("Cache-Control", "no-store")
                .header("Pragma", "no-cache")
                .build();
    }
}
