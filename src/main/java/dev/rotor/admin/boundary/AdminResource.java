package dev.rotor.admin.boundary;

import dev.rotor.selfservice.control.PasswordChanges;
import dev.rotor.admin.control.AuditTrail;
import dev.rotor.admin.control.UserAdministration;
import dev.rotor.admin.control.UserAdministration.ManagedUser;
import dev.rotor.audit.entity.AuditType;
import dev.rotor.platform.Page;
import dev.rotor.platform.PageRequest;
import dev.rotor.platform.RequestFacts;
import dev.rotor.platform.Requests;
import dev.rotor.problem.ProblemException;
import dev.rotor.session.boundary.SessionList;
import dev.rotor.session.control.SessionEnds;
import dev.rotor.session.control.Sessions;
import dev.rotor.throttle.control.SignInThrottle;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.BeanParam;
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
import java.util.Arrays;
import java.util.List;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The admin API: users, their sessions, logout-all, disable, the audit trail. Admins only; audited in control. */
@Path("admin/api")
@RequestScoped
@DenyAll
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {

    /** {@code {"ended": n}}: how many sessions an action ended. */
    public record Ended(int ended) {
    }

    /** {@code {"cleared": true|false}}: whether there was a count to clear. */
    public record Cleared(boolean cleared) {
    }

    /** {@code {"items": [...]}}: a short list that is never paged. */
    public record Items<T>(List<T> items) {
    }

    /** {@code {"types": [...]}}: every audit event type name, in declaration order. */
    public record AuditTypes(List<AuditType> types) {
    }

    @Inject
    JsonWebToken jwt;

    @Inject
    UserAdministration users;

    @Inject
    Sessions sessions;

    @Inject
    SessionEnds ends;

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
    public Page<UserView> searchUsers(@QueryParam("q") String prefix, @QueryParam("page") String page, @QueryParam("size") String size) {
        return users.search(prefix, PageRequest.parse(page, size)).map(UserView::of);
    }

    @POST
    @Path("users")
    @RolesAllowed("admin")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response createUser(InputStream body) {
        NewUser user = NewUser.read(body);
        var account = users.create(user.username(), user.password(), user.roles(), actor(), facts());
        return Response.created(URI.create("/admin/api/users/" + account.id()))
                .entity(UserView.of(users.find(account.id())))
                .build();
    }

    @GET
    @Path("users/{id}")
    @RolesAllowed("admin")
    public UserDetail user(@PathParam("id") String id) {
        ManagedUser user = users.find(id);
        var signInThrottle = throttle.ofAccount(user.account()).map(entry -> ThrottleView.of(entry, clock.instant()));
        return UserDetail.of(UserView.of(user), signInThrottle.orElse(null), users.factorsOf(id));
    }

    @PATCH
    @Path("users/{id}")
    @RolesAllowed("admin")
    @Consumes(MediaType.APPLICATION_JSON)
    public UserView updateUser(@PathParam("id") String id, InputStream body) {
        UserChange change = UserChange.read(body);
        users.update(id, change.enabled(), change.roles(), actor(), facts());
        return UserView.of(users.find(id));
    }

    /** Clears the sign-in failures counted against the user's username. */
    @POST
    @Path("users/{id}/unblock")
    @RolesAllowed("admin")
    public Cleared unblockUser(@PathParam("id") String id) {
        return new Cleared(throttle.unblockAccount(users.find(id).account(), actor(), facts()));
    }

    /** Sets a temporary password: every session ends, and the next sign-in must choose a new one. */
    @POST
    @Path("users/{id}/password")
    @RolesAllowed("admin")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response setTemporaryPassword(@PathParam("id") String id, InputStream body) {
        passwordChanges.setTemporary(id, TemporaryPassword.read(body).temporaryPassword(), actor(), facts());
        return Response.noContent().build();
    }

    /** Removes the user's second factors (they lost them): every session of the user ends. */
    @DELETE
    @Path("users/{id}/factors")
    @RolesAllowed("admin")
    public Ended removeFactors(@PathParam("id") String id) {
        return new Ended(users.removeFactors(id, actor(), facts()));
    }

    @GET
    @Path("users/{id}/sessions")
    @RolesAllowed("admin")
    public SessionList userSessions(@PathParam("id") String id, @QueryParam("page") String page, @QueryParam("size") String size) {
        users.find(id);
        return SessionList.of(sessions.activeSessions(id, PageRequest.parse(page, size, SessionList.PER_PAGE)), null);
    }

    @POST
    @Path("users/{id}/logout-all")
    @RolesAllowed("admin")
    public Ended logoutUserEverywhere(@PathParam("id") String id) {
        return new Ended(ends.endAllByAdmin(id, actor(), facts()));
    }

    @DELETE
    @Path("sessions/{id}")
    @RolesAllowed("admin")
    public Response endSession(@PathParam("id") String id) {
        ends.endAnySession(id, actor(), facts());
        return Response.noContent().build();
    }

    /** Client addresses whose sign-ins are throttled right now, longest wait first. */
    @GET
    @Path("throttle/addresses")
    @RolesAllowed("admin")
    public Items<BlockedAddress> blockedAddresses() {
        var now = clock.instant();
        return new Items<>(throttle.blockedAddresses(PageRequest.MAX_SIZE).stream().map(entry -> BlockedAddress.of(entry, now)).toList());
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

    @GET
    @Path("audit")
    @RolesAllowed("admin")
    public Page<AuditEntryView> audit(@BeanParam AuditQuery query, @QueryParam("page") String page, @QueryParam("size") String size) {
        return auditTrail.find(query.filter(), PageRequest.parse(page, size)).map(AuditEntryView::of);
    }

    /** The audit event types the {@code type} filter takes, so that the console copies no list. */
    @GET
    @Path("audit/types")
    @RolesAllowed("admin")
    public AuditTypes auditTypes() {
        return new AuditTypes(Arrays.asList(AuditType.values()));
    }

    private String actor() {
        return jwt.getSubject();
    }

    private RequestFacts facts() {
        return Requests.facts(request);
    }
}
