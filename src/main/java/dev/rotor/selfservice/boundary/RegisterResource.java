package dev.rotor.selfservice.boundary;

import static dev.rotor.platform.JsonSupport.JSON;

import dev.rotor.account.control.Accounts;
import dev.rotor.account.entity.Account;
import dev.rotor.audit.control.AuditLog;
import dev.rotor.audit.entity.AuditType;
import dev.rotor.platform.Requests;
import dev.rotor.problem.JsonBody;
import dev.rotor.problem.Problem;
import dev.rotor.problem.ProblemException;
import dev.rotor.throttle.control.SignInThrottle;
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
import java.net.URI;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Self-service sign-up: {@code {username, password}} only. Any other field (roles above all)
 * is refused, so nobody grants themselves a role.
 */
@Path("auth/register")
@PermitAll
public class RegisterResource {

    private static final Set<String> FIELDS = Set.of("username", "password");

    @Inject
    Accounts accounts;

    @Inject
    AuditLog audit;

    @Inject
    SignInThrottle throttle;

    @Inject
    @ConfigProperty(name = "rotor.registration.enabled", defaultValue = "true")
    boolean enabled;

    @Context
    HttpServletRequest request;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response register(InputStream body) {
        if (!enabled) {
            throw new ProblemException(Problem.of("registration-disabled", "Forbidden", 403, "Self-service registration is switched off."));
        }
        throttle.registrationAttempt(Requests.facts(request));
        JsonBody json = JsonBody.read(body);
        json.json().keySet().stream().filter(field -> !FIELDS.contains(field)).findFirst().ifPresent(field -> {
            throw ProblemException.badRequest("unknown-field", "Field '" + field + "' is not accepted; send only username and password.");
        });
        Account account = accounts.create(json.requiredString("username", 256), json.requiredString("password", 4096), Set.of("user"));
        audit.record(AuditType.ACCOUNT_REGISTERED, account.id(), account.id(), null, Requests.facts(request), null);
        var answer = JSON.createObjectBuilder()
                .add("id", account.id())
                .add("username", account.username())
                .add("roles", JSON.createArrayBuilder(account.roles()))
                .build();
        return Response.created(URI.create("/api/me")).entity(answer.toString()).build();
    }
}
