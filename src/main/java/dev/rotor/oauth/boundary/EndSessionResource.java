package dev.rotor.oauth.boundary;

import static dev.rotor.platform.JsonSupport.JSON;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.rotor.access.control.AccessClaims;
import dev.rotor.access.control.Caller;
import dev.rotor.authorize.control.Authorizations;
import dev.rotor.browser.control.BrowserCookies;
import dev.rotor.client.control.Clients;
import dev.rotor.client.control.OAuthClient;
import dev.rotor.platform.Requests;
import dev.rotor.problem.JsonBody;
import dev.rotor.session.control.SessionEnds;
import dev.rotor.token.control.AccessTokenIssuer;
import dev.rotor.token.control.IdTokenIssuer;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * OpenID Connect RP-Initiated Logout 1.0: the {@code end_session_endpoint}. With an
 * {@code id_token_hint} Rotor issued (expired or not) whose {@code sid} is a live Rotor sign-in of
 * its {@code sub}, the sign-in and every app session linked to it end at once, and the browser goes
 * to the {@code post_logout_redirect_uri} if it is one the hint's client registered (exactly),
 * with {@code state}. Without such a hint (none, stale, or not Rotor's), nothing ends yet: the
 * browser is shown {@code /signout/}, which asks the user, so that a link on another site cannot
 * log anyone out; the page then calls {@code confirm} (by cookie, with the CSRF header) or, for a
 * browser that is not signed in, {@code redirect}. A redirect URI that is not registered is never
 * followed.
 */
@Path("oauth2/logout")
@RequestScoped
public class EndSessionResource {

    static final String PAGE = "/signout/";

    @Inject
    IdTokenIssuer idTokens;

    @Inject
    Clients clients;

    @Inject
    SessionEnds ends;

    @Inject
    BrowserCookies cookies;

    @Inject
    Caller caller;

    @Context
    HttpServletRequest request;

    @GET
    @PermitAll
    public Response endSession(@Context UriInfo uri) {
        MultivaluedMap<String, String> query = uri.getQueryParameters();
        var params = new OAuthParameters(query);
        Optional<JWTClaimsSet> hint = params.optional("id_token_hint").flatMap(idTokens::verifyHint);
        Optional<String> clientIdParam = params.optional("client_id");
        String state = params.optional("state").orElse(null);
        Optional<String> hintClient = hint.map(claims -> claims.getAudience().get(0));
        if (hintClient.isPresent() && clientIdParam.isPresent() && !hintClient.get().equals(clientIdParam.get())) {
            return page(null, null, null, "mismatch"); // the hint is for another client: nothing ends, nowhere to go
        }
        String clientId = hintClient.or(() -> clientIdParam).orElse(null);
        String redirect = params.optional("post_logout_redirect_uri")
                .flatMap(candidate -> registered(clientId, candidate)).orElse(null);
        if (hint.isPresent()) {
            String sid = stringClaim(hint.get(), "sid");
            if (sid != null && ends.endSignIn(sid, hint.get().getSubject(), Requests.facts(request)) > 0) {
                Response.ResponseBuilder answer = redirect == null
                        ? Response.seeOther(URI.create(PAGE + "?done=1"))
                        : Response.seeOther(withState(redirect, state));
                cookies.clear().forEach(cookie -> answer.header("Set-Cookie", cookie));
                return answer.build();
            }
        }
        return page(clientId, redirect, state, null);
    }

    /** The confirmation: ends the caller's Rotor sign-in (this browser's) and the app sessions linked to it. */
    @POST
    @Path("confirm")
    @RolesAllowed("user")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response confirm(InputStream body) {
        JsonBody json = JsonBody.read(body);
        AccessClaims claims = caller.claims((JsonWebToken) request.getUserPrincipal());
        if (claims.sessionId() != null && Authorizations.SIGN_IN_CLIENT.equals(AccessTokenIssuer.clientIdOf(claims.token()))) {
            ends.endSignIn(claims.sessionId(), claims.subject(), Requests.facts(request));
        }
        Response.ResponseBuilder answer = Response.ok(redirectBody(json).toString());
        cookies.clear().forEach(cookie -> answer.header("Set-Cookie", cookie));
        return answer.header("Cache-Control", "no-store").build();
    }

    /** For a browser that is not signed in (nothing to end): only where to go, a registered post-logout redirect URI or nowhere. */
    @GET
    @Path("redirect")
    @PermitAll
    @Produces(MediaType.APPLICATION_JSON)
    public Response redirect(@Context UriInfo uri) {
        var params = new OAuthParameters(uri.getQueryParameters());
        return Response.ok(redirectBody(params.optional("client_id").orElse(null), params.optional("post_logout_redirect_uri").orElse(null),
                params.optional("state").orElse(null)).toString()).header("Cache-Control", "no-store").build();
    }

    private jakarta.json.JsonObject redirectBody(JsonBody json) {
        return redirectBody(json.optionalString("clientId", 64).orElse(null), json.optionalString("postLogoutRedirectUri", 2048).orElse(null),
                json.optionalString("state", 2048).orElse(null));
    }

    private jakarta.json.JsonObject redirectBody(String clientId, String postLogoutRedirectUri, String state) {
        Optional<String> redirect = Optional.ofNullable(postLogoutRedirectUri).flatMap(uri -> registered(clientId, uri));
        var body = JSON.createObjectBuilder();
        if (redirect.isPresent()) {
            body.add("redirect", withState(redirect.get(), state).toString());
        } else {
            body.addNull("redirect");
        }
        return body.build();
    }

    /** {@code candidate} when it is, exactly, one of the client's registered post-logout redirect URIs. */
    private Optional<String> registered(String clientId, String candidate) {
        if (clientId == null) {
            return Optional.empty();
        }
        List<String> allowed = clients.findEnabled(clientId).map(OAuthClient::postLogoutRedirectUris).orElse(List.of());
        return allowed.contains(candidate) ? Optional.of(candidate) : Optional.empty();
    }

    private static URI withState(String redirect, String state) {
        UriBuilder builder = UriBuilder.fromUri(redirect);
        if (state != null) {
            builder.queryParam("state", "{state}");
            return builder.build(state);
        }
        return builder.build();
    }

    /** The confirmation page, told what it may offer (a redirect only once checked here; the page checks it again on the way out). */
    private static Response page(String clientId, String redirect, String state, String error) {
        UriBuilder page = UriBuilder.fromPath(PAGE);
        Object[] values = new Object[4];
        int n = 0;
        if (clientId != null) {
            page.queryParam("client_id", "{c}");
            values[n++] = clientId;
        }
        if (redirect != null) {
            page.queryParam("post_logout_redirect_uri", "{r}");
            values[n++] = redirect;
        }
        if (state != null) {
            page.queryParam("state", "{s}");
            values[n++] = state;
        }
        if (error != null) {
            page.queryParam("error", "{e}");
            values[n++] = error;
        }
        return Response.seeOther(page.build(java.util.Arrays.copyOf(values, n))).build();
    }

    private static String stringClaim(JWTClaimsSet claims, String name) {
        Object value = claims.getClaim(name);
        return value instanceof String text ? text : null;
    }
}
