package dev.rotor.oauth.boundary;

import static dev.rotor.platform.JsonSupport.JSON;

import dev.rotor.authorize.control.CodeExchange;
import dev.rotor.client.control.ClientTokens;
import dev.rotor.client.control.OAuthClient;
import dev.rotor.platform.Requests;
import dev.rotor.problem.OAuthError;
import dev.rotor.session.control.Issued;
import dev.rotor.session.control.SignInOutcome;
import dev.rotor.session.control.RefreshTokens;
import dev.rotor.session.control.Refreshes;
import dev.rotor.session.control.ThrottledSignIn;
import dev.rotor.token.control.AccessTokenIssuer.AccessToken;
import dev.rotor.token.control.Audiences;
import dev.rotor.token.control.IdTokenIssuer;
import dev.rotor.client.control.Scopes;
import dev.rotor.session.entity.Session;
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
 * The OAuth 2.0 token endpoint (RFC 6749 §3.2): the authorization_code grant (§4.1.3 with PKCE,
 * RFC 7636), refresh_token (§6), client_credentials (§4.4) and password (§4.3), each with an
 * optional resource indicator (RFC 8707). The client authenticates first, on every grant
 * ({@link OAuthClients}: a confidential client with its secret); a grant the client is not
 * registered for is {@code unauthorized_client}, one Rotor does not know
 * {@code unsupported_grant_type}. client_credentials is for confidential clients only (§4.4), so a
 * public client asking for it is {@code unauthorized_client}: it authenticated as what it is, and
 * may not use the grant. Answers as §5.1 on success (with {@code scope} when scopes were granted,
 * a refresh token only when the client may use the refresh_token grant) and §5.2 on error. One
 * instance serves every request (the request reaches it as a parameter), so none is built per call.
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
    CodeExchange codes;

    @Inject
    ClientTokens clientTokens;

    @Inject
    Audiences audiences;

    @Inject
    IdTokenIssuer idTokens;

    @Inject
    Clock clock;

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    public Response token(MultivaluedMap<String, String> form, @Context HttpServletRequest request) {
        var params = new OAuthParameters(form);
        String grantType = params.required("grant_type");
        OAuthClient client = clients.authenticate(params, request);
        if (!OAuthClient.GRANTS.contains(grantType)) {
            throw OAuthError.unsupportedGrantType();
        }
        if (!client.allowsGrant(grantType) || OAuthClient.CLIENT_CREDENTIALS.equals(grantType) && !client.isConfidential()) {
            throw OAuthError.unauthorizedClient();
        }
        List<String> audience = audience(form, params, client); // before any password, code or token is looked at
        if (OAuthClient.CLIENT_CREDENTIALS.equals(grantType)) {
            var granted = clientTokens.issue(client, params.optional("scope").orElse(null), audience, Requests.facts(request));
            return answer(granted.accessToken(), null, granted.scope(), null);
        }
        String nonce = null;
        Issued issued = switch (grantType) {
            case OAuthClient.AUTHORIZATION_CODE -> {
                String code = params.requiredToken("code");
                String redirectUri = params.optional("redirect_uri").orElse(null);
                String verifier = params.optional("code_verifier").orElse(null);
                CodeExchange.checkVerifier(verifier);
                CodeExchange.Redeemed redeemed = codes.redeem(code, client, redirectUri, verifier, audience, Requests.facts(request))
                        .orElseThrow(OAuthError::invalidGrant);
                nonce = redeemed.nonce();
                yield redeemed.issued();
            }
            case OAuthClient.PASSWORD -> {
                // The grant has no second step: an account with a factor (or that must enrol one) is refused, invalid_grant.
                SignInOutcome outcome = signIn.signIn(params.required("username"), params.required("password"),
                        client.clientId(), audience, Requests.facts(request), false);
                if (!(outcome instanceof SignInOutcome.Started started)) {
                    throw OAuthError.invalidGrant();
                }
                yield started.issued();
            }
            case OAuthClient.REFRESH_TOKEN -> refresh(params.requiredToken("refresh_token"), client.clientId(), audience, request);
            default -> throw OAuthError.unsupportedGrantType();
        };
        return answer(issued.accessToken(), client.allowsGrant(OAuthClient.REFRESH_TOKEN) ? issued.refreshToken() : null,
                issued.session().scope(), idToken(issued, nonce));
    }

    /**
     * OpenID Connect: an ID token beside the access token whenever the session was granted
     * {@code openid} — on the code exchange (with the request's nonce) and on every refresh (without
     * one, the same {@code iss}, {@code sub}, {@code aud}, {@code azp} and {@code auth_time}), so a
     * client that renews its ID token with the refresh (Jakarta Security's {@code tokenAutoRefresh})
     * always gets one. {@code sid} is the Rotor sign-in the session is linked to (its own id when it has none).
     */
    private String idToken(Issued issued, String nonce) {
        Session session = issued.session();
        if (!Scopes.includesOpenId(session.scope())) {
            return null;
        }
        String sid = session.signInId() == null ? session.id() : session.signInId();
        return idTokens.issue(issued.account(), session.clientId(), sid, session.authentication(), nonce, issued.accessToken().value());
    }

    /**
     * The access token's audience from RFC 8707's {@code resource}: a registered resource server's
     * audience is that server alone; an unknown one, or several (one token per resource server, so
     * none is accepted by another), is {@code invalid_target}. Without one: the client's own
     * audience if it was registered with one, else Rotor's API.
     */
    private List<String> audience(MultivaluedMap<String, String> form, OAuthParameters params, OAuthClient client) {
        List<String> resources = form == null ? null : form.get("resource");
        if (resources != null && resources.size() > 1) {
            throw OAuthError.invalidTarget("One resource per token request.");
        }
        String resource = params.optional("resource").orElse(null);
        if (resource == null && client.audience() != null && !client.audience().isBlank()) {
            return List.of(client.audience());
        }
        return audiences.forResource(resource)
                .orElseThrow(() -> OAuthError.invalidTarget("Unknown resource."));
    }

    /** A token that is not a refresh token at all is refused like any other: {@code invalid_grant}. */
    private Issued refresh(String refreshToken, String clientId, List<String> audience, HttpServletRequest request) {
        return RefreshTokens.parse(refreshToken)
                .flatMap(token -> refreshes.refresh(token, clientId, audience, Requests.facts(request)).granted())
                .orElseThrow(OAuthError::invalidGrant);
    }

    /** RFC 6749 §5.1: the token answer, never cached; {@code refreshToken} and {@code scope} only when there are any. */
    private Response answer(AccessToken accessToken, String refreshToken, String scope, String idToken) {
        var body = JSON.createObjectBuilder()
                .add("access_token", accessToken.value())
                .add("token_type", "Bearer")
                .add("expires_in", accessToken.expiresInSeconds(clock.instant()));
        if (refreshToken != null) {
            body.add("refresh_token", refreshToken);
        }
        if (scope != null && !scope.isBlank()) {
            body.add("scope", scope);
        }
        if (idToken != null) {
            body.add("id_token", idToken);
        }
        return Response.ok(body.build().toString(), MediaType.APPLICATION_JSON)
                .header("Cache-Control", "no-store")
                .header("Pragma", "no-cache")
                .build();
    }
}
