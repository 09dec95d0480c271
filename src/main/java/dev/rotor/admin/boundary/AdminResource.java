package dev.rotor.admin.boundary;

import static dev.rotor.platform.JsonSupport.JSON;

import dev.rotor.selfservice.control.PasswordChanges;
import dev.rotor.admin.control.AuditTrail;
import dev.rotor.platform.Page;
import dev.rotor.admin.control.UserAdministration;
import dev.rotor.admin.control.UserAdministration.UserView;
import dev.rotor.audit.entity.AuditEvent;
import dev.rotor.audit.entity.AuditType;
import dev.rotor.platform.RequestFacts;
import dev.rotor.platform.JsonFields;
import dev.rotor.platform.Requests;
import dev.rotor.problem.JsonBody;
import dev.rotor.problem.ProblemException;
import dev.rotor.session.control.Sessions;
import dev.rotor.session.entity.SessionStatus;
import dev.rotor.session.boundary.SessionsResource;
import dev.rotor.throttle.control.SignInThrottle;
import dev.rotor.throttle.entity.ThrottleEntry;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The admin API: users, their sessions, logout-all, disable, the audit trail. Admins only. */
@Path("admin/api")
@RequestScoped
@DenyAll
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {

    @Inject
    JsonWebToken jwt;

    @Inject
    UserAdministration users;

    @Inject
    Sessions sessions;

    @Inject
    AuditTrail auditTrail;

    @Inject
    SignInThrottle throttle;

    @Inject
    PasswordChanges passwordChanges;

    @Inject
    Clock clock;

    @Context
    HttpServletRequest request;

    @GET
    @Path("users")
    @RolesAllowed("admin")
    public Response searchUsers(@QueryParam("q") String query, @QueryParam("page") String page, @QueryParam("size") String size) {
        int[] paging = Page.request(page, size);
        Page<UserView> found = users.search(query, paging[0], paging[1]);
        var items = JSON.createArrayBuilder();
        found.items().forEach(user -> items.add(describe(user)));
        return ok(paged(found, items));
    }

    @POST
    @Path("users")
    @RolesAllowed("admin")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response createUser(InputStream body) {
        JsonBody json = JsonBody.read(body);
        var account = users.create(json.requiredString("username", 256), json.requiredString("password", 4096),
                roles(json).orElse(List.of("user")), actor(), facts());
        return Response.created(URI.create("/admin/api/users/" + account.id()))
                .entity(describe(users.find(account.id())).build().toString()).build();
    }

    @GET
    @Path("users/{id}")
    @RolesAllowed("admin")
    public Response user(@PathParam("id") String id) {
        UserView user = users.find(id);
        var json = describe(user);
        throttle.ofAccount(user.account()).ifPresentOrElse(
                entry -> json.add("signInThrottle", describe(entry)),
                () -> json.addNull("signInThrottle"));
        return ok(json);
    }

    /** Clears the sign-in failures counted against the user's username. */
    @POST
    @Path("users/{id}/unblock")
    @RolesAllowed("admin")
    public Response unblockUser(@PathParam("id") String id) {
        boolean cleared = throttle.unblockAccount(users.find(id).account(), actor(), facts());
        return ok(JSON.createObjectBuilder().add("cleared", cleared));
    }

    /** Sets a temporary password: every session ends, and the next sign-in must choose a new one. */
    @POST
    @Path("users/{id}/password")
    @RolesAllowed("admin")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response setTemporaryPassword(@PathParam("id") String id, InputStream body) {
        String temporary = JsonBody.read(body).requiredString("temporaryPassword", 4096);
        passwordChanges.setTemporary(id, temporary, actor(), facts());
        return Response.noContent().build();
    }

    /** Client addresses whose sign-ins are throttled right now, longest wait first. */
    @GET
    @Path("throttle/addresses")
    @RolesAllowed("admin")
    public Response blockedAddresses() {
        var items = JSON.createArrayBuilder();
        throttle.blockedAddresses(Page.MAX_SIZE).forEach(entry -> items.add(describe(entry).add("address", entry.subject())));
        return ok(JSON.createObjectBuilder().add("items", items));
    }

    @DELETE
    @Path("throttle/addresses/{address}")
    @RolesAllowed("admin")
    public Response unblockAddress(@PathParam("address") String address) {
        if (!throttle.unblockAddress(address, actor(), facts())) {
            throw ProblemException.notFound("That address is not throttled.");
        }
        return Response.noContent().build();
    }

    @PATCH
    @Path("users/{id}")
    @RolesAllowed("admin")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response updateUser(@PathParam("id") String id, InputStream body) {
        JsonBody json = JsonBody.read(body);
        Boolean enabled = null;
        if (json.has("enabled")) {
            JsonValue value = json.json().get("enabled");
            if (value != JsonValue.TRUE && value != JsonValue.FALSE) {
                throw ProblemException.badRequest("invalid-field", "Field 'enabled' must be true or false.");
            }
            enabled = value == JsonValue.TRUE;
        }
        users.update(id, enabled, roles(json).orElse(null), actor(), facts());
        return ok(describe(users.find(id)));
    }

    @GET
    @Path("users/{id}/sessions")
    @RolesAllowed("admin")
    public Response userSessions(@PathParam("id") String id, @QueryParam("page") String page, @QueryParam("size") String size) {
        users.find(id);
        int[] paging = Page.request(page, size, SessionsResource.SESSIONS_PER_PAGE);
        return ok(SessionsResource.listing(sessions.activeSessions(id, paging[0], paging[1]), null));
    }

    @POST
    @Path("users/{id}/logout-all")
    @RolesAllowed("admin")
    public Response logoutUserEverywhere(@PathParam("id") String id) {
        int ended = sessions.endAll(id, SessionStatus.ADMIN, AuditType.ADMIN_LOGOUT_ALL, actor(), facts());
        return ok(JSON.createObjectBuilder().add("ended", ended));
    }

    @DELETE
    @Path("sessions/{id}")
    @RolesAllowed("admin")
    public Response endSession(@PathParam("id") String id) {
        sessions.endAnySession(id, actor(), facts());
        return Response.noContent().build();
    }

    @GET
    @Path("audit")
    @RolesAllowed("admin")
    public Response audit(@QueryParam("userId") String userId, @QueryParam("type") String type,
                          @QueryParam("from") String from, @QueryParam("to") String to,
                          @QueryParam("page") String page, @QueryParam("size") String size) {
        int[] paging = Page.request(page, size);
        Page<AuditEvent> found = auditTrail.find(userId, auditType(type), instant("from", from), instant("to", to), paging[0], paging[1]);
        var items = JSON.createArrayBuilder();
        found.items().forEach(event -> items.add(describe(event)));
        return ok(paged(found, items));
    }

    private String actor() {
        return jwt.getSubject();
    }

    private RequestFacts facts() {
        return Requests.facts(request);
    }

    private static java.util.Optional<List<String>> roles(JsonBody json) {
        if (!json.has("roles")) {
            return java.util.Optional.empty();
        }
        JsonValue value = json.json().get("roles");
        if (value.getValueType() != JsonValue.ValueType.ARRAY) {
            throw ProblemException.badRequest("invalid-roles", "Field 'roles' must be an array of strings.");
        }
        List<String> roles = new ArrayList<>();
        for (JsonValue role : (JsonArray) value) {
            if (role.getValueType() != JsonValue.ValueType.STRING) {
                throw ProblemException.badRequest("invalid-roles", "Field 'roles' must be an array of strings.");
            }
            roles.add(((JsonString) role).getString());
        }
        return java.util.Optional.of(roles);
    }

    private static AuditType auditType(String type) {
        if (type == null || type.isBlank()) {
            return null;
        }
        try {
            return AuditType.valueOf(type.strip());
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("invalid-type", "Unknown audit event type.");
        }
    }

    private static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest("invalid-time", "'" + name + "' must be an ISO-8601 instant such as 2026-01-31T12:00:00Z.");
        }
    }

    private static JsonObjectBuilder describe(UserView user) {
        return JSON.createObjectBuilder()
                .add("id", user.account().id())
                .add("username", user.account().username())
                .add("roles", JSON.createArrayBuilder(user.account().roles()))
                .add("enabled", user.account().isEnabled())
                .add("passwordChangeRequired", user.account().passwordChangeRequired())
                .add("activeSessions", user.activeSessions())
                .add("createdAt", user.account().createdAt().toString());
    }

    private JsonObjectBuilder describe(ThrottleEntry entry) {
        var json = JSON.createObjectBuilder()
                .add("blocked", entry.retryAfter(clock.instant()).isPresent())
                .add("failures", entry.failures())
                .add("lastFailureAt", entry.lastFailureAt().toString());
        JsonFields.addNullable(json, "blockedUntil", entry.blockedUntil() == null ? null : entry.blockedUntil().toString());
        return json;
    }

    private static JsonObjectBuilder describe(AuditEvent event) {
        var json = JSON.createObjectBuilder()
                .add("id", event.id())
                .add("type", event.type().name())
                .add("occurredAt", event.occurredAt().toString());
        JsonFields.addNullable(json, "accountId", event.accountId());
        JsonFields.addNullable(json, "actorId", event.actorId());
        JsonFields.addNullable(json, "sessionId", event.sessionId());
        JsonFields.addNullable(json, "clientIp", event.clientIp());
        JsonFields.addNullable(json, "userAgent", event.userAgent());
        JsonFields.addNullable(json, "detail", event.detail());
        return json;
    }

    private static JsonObjectBuilder paged(Page<?> page, JsonArrayBuilder items) {
        return JSON.createObjectBuilder()
                .add("items", items)
                .add("page", page.page())
                .add("size", page.size())
                .add("total", page.total());
    }

    private static Response ok(JsonObjectBuilder body) {
        return Response.ok(body.build().toString()).header("Cache-Control", "no-store").build();
    }
}
