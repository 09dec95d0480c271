package dev.rotor.oauth.boundary;

import static dev.rotor.platform.JsonSupport.JSON;

import dev.rotor.platform.Requests;
import dev.rotor.problem.OAuthError;
import dev.rotor.session.control.Issued;
import dev.rotor.session.control.RefreshTokens;
import dev.rotor.session.control.Refreshes;
import dev.rotor.session.control.ThrottledSignIn;
import dev.rotor.token.control.Audiences;
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
import java.util.List;

/**
 * The OAuth 2.0 token endpoint (RFC 6749 §3.2) for apps: the password grant (§4.3) and the
 * refresh_token grant (§6), each with an optional resource indicator (RFC 8707). Answers as §5.1
 * on success and §5.2 on error. One instance serves every request (the request reaches it as a
 * parameter), so none is built per call.
 */
@Path("oauth2/token")
@PermitAll
@ApplicationScoped
public class TokenResource {

    @Inject
    Refreshes refreshes;

    @Inject
    ThrottledSignIn signIn;

    @Inject
    OAuthClients clients;

    @Inject
    Audiences audiences;

    @Inject
    Clock clock;

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    public Response token(MultivaluedMap<String, String> form, @Context HttpServletRequest request) {
        var params = new OAuthParameters(form);
        String grantType = params.required("grant_type");
        String clientId = clients.identify(params, request.getHeader("Authorization"));
        List<String> audience = audience(form, params); // before any password or token is looked at
        Issued issued = switch (grantType) {
            case "password" -> signIn.signIn(params.required("username"), params.required("password"),
                    clientId, audience, Requests.facts(request)).orElseThrow(OAuthError::invalidGrant);
            case "refresh_token" -> refresh(params.requiredToken("refresh_token"), clientId, audience, request);
            default -> throw OAuthError.unsupportedGrantType();
        };
        return success(issued);
    }

    /**
     * The access token's audience from RFC 8707's {@code resource}: none is Rotor's own API, a
     * registered resource server's audience is that server alone; an unknown one, or several
     * (one token per resource server, so none is accepted by another), is {@code invalid_target}.
     */
    private List<String> audience(MultivaluedMap<String, String> form, OAuthParameters params) {
        List<String> resources = form == null ? null : form.get("resource");
        if (resources != null && resources.size() > 1) {
            throw OAuthError.invalidTarget("One resource per token request.");
        }
        return audiences.forResource(params.optional("resource").orElse(null))
                .orElseThrow(() -> OAuthError.invalidTarget("Unknown resource."));
    }

    /** A token that is not a refresh token at all is refused like any other: {@code invalid_grant}. */
    private Issued refresh(String refreshToken, String clientId, List<String> audience, HttpServletRequest request) {
        return RefreshTokens.parse(refreshToken)
                .flatMap(token -> refreshes.refresh(token, clientId, audience, Requests.facts(request)).granted())
                .orElseThrow(OAuthError::invalidGrant);
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
