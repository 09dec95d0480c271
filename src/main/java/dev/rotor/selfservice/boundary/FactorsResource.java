package dev.rotor.selfservice.boundary;

import static dev.rotor.platform.JsonSupport.JSON;

import dev.rotor.account.control.Accounts;
import dev.rotor.account.control.NoSuchAccount;
import dev.rotor.account.entity.Account;
import dev.rotor.audit.entity.AuditType;
import dev.rotor.factor.control.RecoveryCodes;
import dev.rotor.factor.control.Totps;
import dev.rotor.factor.control.WrongOneTimeCode;
import dev.rotor.factor.entity.TotpAuthenticator;
import dev.rotor.platform.RequestFacts;
import dev.rotor.platform.Requests;
import dev.rotor.problem.JsonBody;
import dev.rotor.selfservice.control.FactorChanges;
import dev.rotor.token.control.AccessTokenIssuer;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The signed-in user's second factors on the account page: the authenticator app (TOTP) and
 * recovery codes. Every change needs a fresh sign-in ({@link FactorChanges#requireFreshSignIn},
 * 403 {@code fresh-sign-in-required}) and ends the account's other sessions, audited
 * ({@link FactorChanges#changed}). A code of the wrong form is 400 {@code invalid-one-time-code};
 * a wrong one 400 {@code wrong-one-time-code}, counted like a wrong password (429 when throttled).
 * <ul>
 *   <li>{@code GET /auth/factors}: {@code {"totp":{"enrolled","confirmedAt","lastUsedAt"},"recoveryCodes":{"remaining"}}};</li>
 *   <li>{@code POST /auth/factors/totp}: starts enrolment, {@code {"secret","uri","qrCode"}};</li>
 *   <li>{@code POST /auth/factors/totp/confirm} {@code {"code"}}: confirms it, {@code {"recoveryCodes":[…]}}
 *       when the account had no unused recovery codes (made now, shown once), else {@code {}};</li>
 *   <li>{@code DELETE /auth/factors/totp}: 204;</li>
 *   <li>{@code POST /auth/factors/recovery-codes}: new codes replacing the old, {@code {"recoveryCodes":[…]}}.</li>
 * </ul>
 */
@Path("auth/factors")
@RequestScoped
@DenyAll
@Produces(MediaType.APPLICATION_JSON)
public class FactorsResource {

    /** Generous for six digits; longer is refused before anything is counted. */
    private static final int MAX_CODE_CHARS = 64;

    @Inject
    JsonWebToken jwt;

    @Inject
    Accounts accounts;

    @Inject
    Totps totps;

    @Inject
    RecoveryCodes recoveryCodes;

    @Inject
    FactorChanges changes;

    @Context
    HttpServletRequest request;

    @GET
    @RolesAllowed("user")
    public JsonObject mine() {
        String accountId = jwt.getSubject();
        Optional<TotpAuthenticator> totp = totps.authenticator(accountId);
        JsonObjectBuilder app = JSON.createObjectBuilder().add("enrolled", totp.isPresent());
        totp.ifPresent(t -> {
            instant(app, "confirmedAt", t.confirmedAt());
            instant(app, "lastUsedAt", t.lastUsedAt());
        });
        return JSON.createObjectBuilder()
                .add("totp", app)
                .add("recoveryCodes", JSON.createObjectBuilder().add("remaining", recoveryCodes.remaining(accountId)))
                .build();
    }

    @POST
    @Path("totp")
    @RolesAllowed("user")
    public JsonObject beginTotp() {
        String accountId = jwt.getSubject();
        changes.requireFreshSignIn(accountId, AccessTokenIssuer.sessionIdOf(jwt));
        Totps.Enrolment enrolment = totps.begin(accountId, account(accountId).username());
        return JSON.createObjectBuilder()
                .add("secret", enrolment.secret())
                .add("uri", enrolment.uri())
                .add("qrCode", enrolment.qrCode())
                .build();
    }

    @POST
    @Path("totp/confirm")
    @RolesAllowed("user")
    @Consumes(MediaType.APPLICATION_JSON)
    public JsonObject confirmTotp(InputStream body) {
        String accountId = jwt.getSubject();
        String sessionId = AccessTokenIssuer.sessionIdOf(jwt);
        changes.requireFreshSignIn(accountId, sessionId);
        String code = JsonBody.read(body).requiredString("code", MAX_CODE_CHARS);
        RequestFacts facts = Requests.facts(request);
        if (!totps.confirm(accountId, account(accountId).username(), code, facts)) {
            throw new WrongOneTimeCode();
        }
        JsonObjectBuilder answer = JSON.createObjectBuilder();
        if (recoveryCodes.remaining(accountId) == 0) {
            answer.add("recoveryCodes", JSON.createArrayBuilder(recoveryCodes.generate(accountId)));
        }
        changes.changed(accountId, sessionId, AuditType.TOTP_ENROLLED, facts);
        return answer.build();
    }

    @DELETE
    @Path("totp")
    @RolesAllowed("user")
    public Response removeTotp() {
        String accountId = jwt.getSubject();
        String sessionId = AccessTokenIssuer.sessionIdOf(jwt);
        changes.requireFreshSignIn(accountId, sessionId);
        if (totps.remove(accountId)) {
            changes.changed(accountId, sessionId, AuditType.TOTP_REMOVED, Requests.facts(request));
        }
        return Response.noContent().build();
    }

    @POST
    @Path("recovery-codes")
    @RolesAllowed("user")
    public JsonObject regenerateRecoveryCodes() {
        String accountId = jwt.getSubject();
        String sessionId = AccessTokenIssuer.sessionIdOf(jwt);
        changes.requireFreshSignIn(accountId, sessionId);
        List<String> codes = recoveryCodes.generate(accountId);
        changes.changed(accountId, sessionId, AuditType.RECOVERY_CODES_GENERATED, Requests.facts(request));
        return JSON.createObjectBuilder().add("recoveryCodes", JSON.createArrayBuilder(codes)).build();
    }

    private Account account(String accountId) {
        return accounts.byId(accountId).orElseThrow(NoSuchAccount::new);
    }

    private static void instant(JsonObjectBuilder builder, String name, Instant value) {
        if (value == null) {
            builder.addNull(name);
        } else {
            builder.add(name, value.toString());
        }
    }
}
