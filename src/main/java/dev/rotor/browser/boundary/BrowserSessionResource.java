package dev.rotor.browser.boundary;

import static dev.rotor.platform.JsonSupport.JSON;

import dev.rotor.browser.control.BrowserCookies;
import dev.rotor.browser.control.CsrfGuard;
import dev.rotor.browser.control.RefreshCookie;
import dev.rotor.platform.Requests;
import dev.rotor.problem.JsonBody;
import dev.rotor.problem.Problem;
import dev.rotor.problem.ProblemException;
import dev.rotor.session.control.Issued;
import dev.rotor.session.control.Refreshes;
import dev.rotor.session.control.Revoked;
import dev.rotor.session.control.SessionEnds;
import dev.rotor.session.control.ThrottledSignIn;
import dev.rotor.token.control.Audiences;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The browser's sessions: sign in ({@link ThrottledSignIn}), refresh ({@link Refreshes}) and log
 * out ({@link SessionEnds}) with tokens only in HttpOnly cookies; no token ever appears in a body.
 * CSRF and Origin checks run before these methods ({@link CsrfFilter}), as each method's
 * {@link CsrfProof} says; the refresh cookie they read is parsed once ({@link RefreshCookie}).
 */
@Path("auth")
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
public class BrowserSessionResource {

    /** Browser sessions belong to this first-party client. */
    public static final String BROWSER_CLIENT = "rotor-web";

    @Inject
    Refreshes refreshes;

    @Inject
    SessionEnds ends;

    @Inject
    ThrottledSignIn signIn;

    @Inject
    BrowserCookies cookies;

    @Inject
    RefreshCookie refreshCookie;

    @Inject
    CsrfGuard csrf;

    /** The access cookie's audience: Rotor's API and the resource servers on its host ({@link Audiences#browser()}). */
    @Inject
    Audiences audiences;

    @Inject
    Clock clock;

    @Context
    HttpServletRequest request;

    @POST
    @Path("login")
    @CsrfProof(CsrfProof.Kind.ORIGIN)
    @Consumes(MediaType.APPLICATION_JSON)
    public Response login(InputStream body) {
        JsonBody json = JsonBody.read(body);
        String username = json.requiredString("username", 256);
        String password = json.requiredString("password", 4096);
        String deviceName = json.optionalString("deviceName", 128).orElse(null);
        Issued issued = signIn.signIn(username, password, BROWSER_CLIENT, audiences.browser(), Requests.facts(request).withDeviceName(deviceName))
                .orElseThrow(() -> new ProblemException(Problem.of("invalid-credentials", "Unauthorized", 401,
                        "Wrong username or password.")));
        return signedIn(issued);
    }

    @POST
    @Path("refresh")
    @CsrfProof(CsrfProof.Kind.REFRESH_COOKIE)
    public Response refresh() {
        Optional<Issued> issued = refreshCookie.token(request)
                .flatMap(token -> refreshes.refresh(token, BROWSER_CLIENT, audiences.browser(), Requests.facts(request)).granted());
        if (issued.isPresent()) {
            return signedIn(issued.get());
        }
        return signedOut(Problem.of("session-ended", "Unauthorized", 401, "Your session has ended. Sign in again."));
    }

    @POST
    @Path("logout")
    @CsrfProof(CsrfProof.Kind.REFRESH_COOKIE)
    public Response logout() {
        Revoked revoked = refreshCookie.token(request)
                .map(token -> ends.logout(token, BROWSER_CLIENT, Requests.facts(request)))
                .orElse(Revoked.NOTHING);
        if (revoked != Revoked.ENDED) {
            return signedOut(Problem.of("session-ended", "Unauthorized", 401, "There is no session to log out of."));
        }
        return withCookies(Response.noContent(), cookies.clear()).build();
    }

    private Response signedIn(Issued issued) {
        var user = JSON.createObjectBuilder()
                .add("id", issued.account().id())
                .add("username", issued.account().username())
                .add("roles", JSON.createArrayBuilder(issued.account().roles()));
        var body = JSON.createObjectBuilder()
                .add("user", user)
                .add("sessionId", issued.session().id())
                .add("accessExpiresAt", issued.accessToken().expiresAt().toString())
                .add("refreshExpiresAt", issued.session().expiresAt().toString())
                .add("csrfCookie", cookies.csrfName())
                .build();
        List<String> set = cookies.issue(issued.accessToken().value(), issued.accessToken().expiresAt(),
                issued.refreshToken(), issued.session().expiresAt(), csrf.tokenFor(issued.session().id()), clock.instant());
        return withCookies(Response.ok(body.toString()), set).build();
    }

    private Response signedOut(Problem problem) {
        return withCookies(Response.fromResponse(problem.toResponse()), cookies.clear()).build();
    }

    private static Response.ResponseBuilder withCookies(Response.ResponseBuilder response, List<String> setCookies) {
        setCookies.forEach(cookie -> response.header("Set-Cookie", cookie));
        return response;
    }
}
