package dev.rotor.authorize.boundary;

import static dev.rotor.platform.JsonSupport.JSON;

import dev.rotor.access.control.AccessClaims;
import dev.rotor.access.control.Caller;
import dev.rotor.authorize.control.Authorizations;
import dev.rotor.authorize.control.Authorizations.ConsentRequired;
import dev.rotor.authorize.control.Authorizations.Redirect;
import dev.rotor.authorize.control.Authorizations.SignIn;
import dev.rotor.authorize.control.Authorizations.SignInRequired;
import dev.rotor.platform.Requests;
import dev.rotor.problem.JsonBody;
import dev.rotor.problem.Problem;
import dev.rotor.token.control.AccessTokenIssuer;
import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.io.InputStream;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The sign-in page's API for a pending authorization request. {@code GET} describes it (the
 * client's name, whether it is first-party, the scopes, the prompt and login hint). {@code POST}
 * continues it for the browser's Rotor sign-in, which is a {@code rotor-web} session carried by
 * the access cookie: 200 {@code {"redirect": url}} (a code, or an error for the client), 401
 * problem {@code sign-in-required} ({@code "fresh": true} when a sign-in exists but is too old for
 * {@code prompt=login} or {@code max_age}, or lacks the second factor {@code acr_values=mfa} asks
 * for, then also {@code "secondFactor": true}), or 403 problem {@code consent-required} with the client
 * and scopes. The body may carry the user's answer to the consent question: {@code {"consent": true}}.
 * Answers are problem JSON (not OAuth errors): {@code ProblemMapper} leaves this path out of
 * {@code /oauth2/}'s rule.
 */
@Path("oauth2/authorize/requests/{id}")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class SignInRequestResource {

    @Inject
    Authorizations authorizations;

    @Inject
    Caller caller;

    @Context
    SecurityContext security;

    @Context
    HttpServletRequest request;

    @GET
    @PermitAll
    public JsonObject describe(@PathParam("id") String id) {
        var pending = authorizations.pending(id);
        var request = pending.request();
        var json = JSON.createObjectBuilder()
                .add("client", client(pending.client().clientId(), pending.client().name(), pending.client().firstParty()))
                .add("scopes", JSON.createArrayBuilder(pending.scopes()))
                .add("prompt", JSON.createArrayBuilder(pending.prompts()));
        json.add("loginHint", request.loginHint() == null ? JsonValue.NULL : JSON.createValue(request.loginHint()));
        return json.build();
    }

    @POST
    @PermitAll
    @SignInAware
    @Consumes(MediaType.APPLICATION_JSON)
    public Response proceed(@PathParam("id") String id, InputStream body) {
        Boolean consent = consentOf(JsonBody.read(body).json());
        var outcome = authorizations.proceed(id, signIn(), consent, Requests.facts(request));
        if (outcome instanceof Redirect redirect) {
            return Response.ok(JSON.createObjectBuilder().add("redirect", redirect.url()).build()).build();
        }
        if (outcome instanceof SignInRequired required) {
            var problem = Problem.of("sign-in-required", "Unauthorized", 401, required.secondFactor()
                    ? "This application asks you to sign in again with your second factor."
                    : required.fresh() ? "This application asks you to enter your password again." : "Sign in to continue.");
            return problem(problem, JSON.createObjectBuilder(problem.toJson()).add("fresh", required.fresh())
                    .add("secondFactor", required.secondFactor()).build());
        }
        var asked = (ConsentRequired) outcome;
        var problem = Problem.of("consent-required", "Forbidden", 403, "Allow this application to use your account?");
        return problem(problem, JSON.createObjectBuilder(problem.toJson())
                .add("client", client(asked.client().clientId(), asked.client().name(), asked.client().firstParty()))
                .add("scopes", JSON.createArrayBuilder(asked.scopes()))
                .build());
    }

    /** The browser's Rotor sign-in: a rotor-web session's token from the access cookie (the cut-off has passed it); else null. */
    private SignIn signIn() {
        if (!caller.byAccessCookie() || !(security.getUserPrincipal() instanceof JsonWebToken jwt)) {
            return null;
        }
        AccessClaims claims = caller.claims(jwt);
        if (!Authorizations.SIGN_IN_CLIENT.equals(AccessTokenIssuer.clientIdOf(jwt)) || claims.subject() == null || claims.sessionId() == null) {
            return null;
        }
        return new SignIn(claims.subject(), claims.sessionId());
    }

    private static Boolean consentOf(JsonObject json) {
        JsonValue value = json.get("consent");
        if (value == null || value == JsonValue.NULL) {
            return null;
        }
        if (value == JsonValue.TRUE || value == JsonValue.FALSE) {
            return value == JsonValue.TRUE;
        }
        throw dev.rotor.problem.ProblemException.badRequest("invalid-consent", "consent is true or false.");
    }

    private static JsonObject client(String id, String name, boolean firstParty) {
        return JSON.createObjectBuilder().add("id", id).add("name", name).add("firstParty", firstParty).build();
    }

    private static Response problem(Problem problem, JsonObject body) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).header("Cache-Control", "no-store")
                .entity(body.toString()).build();
    }
}
