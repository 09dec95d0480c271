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
import dev.rotor.session.control.SecondSteps;
import dev.rotor.session.control.SignInOutcome;
import dev.rotor.factor.control.Passkeys;
import dev.rotor.factor.entity.FactorKind;
import java.io.StringReader;
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
    SecondSteps secondSteps;

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
        return answer(signIn.signIn(username, password, BROWSER_CLIENT, audiences.browser(),
                Requests.facts(request).withDeviceName(deviceName), true));
    }

    /**
     * The second step of a sign-in: {@code {"challenge", "method": "totp" | "recovery-code" | "passkey",
     * "code" | "credential"}} (during an enrolment: the authenticator app's confirming code, or the
     * passkey's registration with an optional {@code name}). Signed in as {@link #login} answers.
     */
    @POST
    @Path("login/second-factor")
    @CsrfProof(CsrfProof.Kind.ORIGIN)
    @Consumes(MediaType.APPLICATION_JSON)
    public Response secondFactor(InputStream body) {
        JsonBody json = JsonBody.read(body);
        String challenge = json.requiredString("challenge", 64);
        String method = json.requiredString("method", 32);
        SecondSteps.Answer answer = switch (method) {
            case "totp" -> new SecondSteps.Answer.TotpCode(json.requiredString("code", 64));
            case "recovery-code" -> new SecondSteps.Answer.RecoveryCode(json.requiredString("code", 64));
            case "passkey" -> new SecondSteps.Answer.PasskeyResponse(Passkeys.credentialOf(json.json()), json.optionalString("name", 64).orElse(null));
            default -> throw ProblemException.badRequest("invalid-second-step", "method is one of totp, recovery-code, passkey.");
        };
        return answer(secondSteps.complete(challenge, answer, audiences.browser(), Requests.facts(request)));
    }

    /** An enrolment the policy requires: the authenticator app's secret and QR code ({@code {"secret", "uri", "qrCode"}}). */
    @POST
    @Path("login/enrol/totp")
    @CsrfProof(CsrfProof.Kind.ORIGIN)
    @Consumes(MediaType.APPLICATION_JSON)
    public Response enrolTotp(InputStream body) {
        var enrolment = secondSteps.beginTotpEnrolment(JsonBody.read(body).requiredString("challenge", 64));
        return Response.ok(JSON.createObjectBuilder()
                .add("secret", enrolment.secret())
                .add("uri", enrolment.uri())
                .add("qrCode", enrolment.qrCode())
                .build().toString()).header("Cache-Control", "no-store").build();
    }

    /** An enrolment the policy requires: a passkey's registration options ({@code {"publicKey": ...}}). */
    @POST
    @Path("login/enrol/passkey")
    @CsrfProof(CsrfProof.Kind.ORIGIN)
    @Consumes(MediaType.APPLICATION_JSON)
    public Response enrolPasskey(InputStream body) {
        String options = secondSteps.beginPasskeyEnrolment(JsonBody.read(body).requiredString("challenge", 64));
        return Response.ok(options).header("Cache-Control", "no-store").build();
    }

    /** A username-less sign-in with a passkey: {@code {"challenge", "credential", "deviceName"?}} after {@code POST /auth/passkey/options}. */
    @POST
    @Path("passkey")
    @CsrfProof(CsrfProof.Kind.ORIGIN)
    @Consumes(MediaType.APPLICATION_JSON)
    public Response passkey(InputStream body) {
        JsonBody json = JsonBody.read(body);
        String challenge = json.requiredString("challenge", 64);
        String deviceName = json.optionalString("deviceName", 128).orElse(null);
        return answer(secondSteps.passkeySignIn(challenge, Passkeys.credentialOf(json.json()), BROWSER_CLIENT, audiences.browser(),
                Requests.facts(request).withDeviceName(deviceName)));
    }

    /** A sign-in step's answer: signed in (cookies), a further step (401 with its challenge), or refused (401). */
    private Response answer(SignInOutcome outcome) {
        if (outcome instanceof SignInOutcome.Started started) {
            return signedIn(started);
        }
        if (outcome instanceof SignInOutcome.SecondStepNeeded step) {
            return secondStep(step);
        }
        String reason = ((SignInOutcome.Refused) outcome).reason();
        throw new ProblemException(reason.equals("wrong-second-factor")
                ? Problem.of(reason, "Unauthorized", 401, "That code or passkey did not work. Try again.")
                : Problem.of("invalid-credentials", "Unauthorized", 401, "Wrong username or password."));
    }

    private static Response secondStep(SignInOutcome.SecondStepNeeded step) {
        Problem problem = step.enrolment()
                ? Problem.of("second-factor-enrolment-required", "Unauthorized", 401,
                        "Your account needs a second factor. Set one up to finish signing in.")
                : Problem.of("second-factor-required", "Unauthorized", 401, "Confirm it's you with your second factor.");
        var body = JSON.createObjectBuilder(problem.toJson())
                .add("challenge", step.challenge())
                .add("methods", JSON.createArrayBuilder(step.methods().stream().map(FactorKind::wire).toList()))
                .add("expiresAt", step.expiresAt().toString());
        if (step.publicKey() != null) {
            try (var reader = JSON.createReader(new StringReader(step.publicKey()))) {
                body.add("passkey", reader.readObject());
            }
        }
        return Response.status(401).type(Problem.MEDIA_TYPE).header("Cache-Control", "no-store").entity(body.build().toString()).build();
    }

    @POST
    @Path("refresh")
    @CsrfProof(CsrfProof.Kind.REFRESH_COOKIE)
    public Response refresh() {
        Optional<Issued> issued = refreshCookie.token(request)
                .flatMap(token -> refreshes.refresh(token, BROWSER_CLIENT, audiences.browser(), Requests.facts(request)).granted());
        if (issued.isPresent()) {
            return signedIn(new SignInOutcome.Started(issued.get()));
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

    private Response signedIn(SignInOutcome.Started started) {
        Issued issued = started.issued();
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
                .add("amr", JSON.createArrayBuilder(issued.session().authentication().methods()));
        if (!started.newRecoveryCodes().isEmpty()) {
            body.add("recoveryCodes", JSON.createArrayBuilder(started.newRecoveryCodes()));
        }
        if (started.recoveryCodesLeft() != null) {
            body.add("recoveryCodesLeft", started.recoveryCodesLeft());
        }
        List<String> set = cookies.issue(issued.accessToken().value(), issued.accessToken().expiresAt(),
                issued.refreshToken(), issued.session().expiresAt(), csrf.tokenFor(issued.session().id()), clock.instant());
        return withCookies(Response.ok(body.build().toString()).header("Cache-Control", "no-store"), set).build();
    }

    private Response signedOut(Problem problem) {
        return withCookies(Response.fromResponse(problem.toResponse()), cookies.clear()).build();
    }

    private static Response.ResponseBuilder withCookies(Response.ResponseBuilder response, List<String> setCookies) {
        setCookies.forEach(cookie -> response.header("Set-Cookie", cookie));
        return response;
    }
}
