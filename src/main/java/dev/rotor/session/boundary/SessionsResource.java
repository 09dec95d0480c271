package dev.rotor.session.boundary;

import static dev.rotor.platform.JsonSupport.JSON;

import dev.rotor.audit.entity.AuditType;
import dev.rotor.platform.JsonFields;
import dev.rotor.platform.Requests;
import dev.rotor.session.control.Sessions;
import dev.rotor.session.entity.Family;
import dev.rotor.session.entity.SessionStatus;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import dev.rotor.token.control.AccessTokenIssuer;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** A signed-in user's own sessions: list them, end one, end them all. */
@Path("auth")
@RequestScoped
@DenyAll
@Produces(MediaType.APPLICATION_JSON)
public class SessionsResource {

    @Inject
    JsonWebToken jwt;

    @Inject
    Sessions sessions;

    @Context
    HttpServletRequest request;

    @GET
    @Path("sessions")
    @RolesAllowed("user")
    public Response mine() {
        String current = AccessTokenIssuer.sessionIdOf(jwt);
        var list = JSON.createArrayBuilder();
        sessions.activeSessions(jwt.getSubject()).forEach(family -> list.add(describe(family, current)));
        return Response.ok(JSON.createObjectBuilder().add("sessions", list).build().toString()).build();
    }

    @DELETE
    @Path("sessions/{id}")
    @RolesAllowed("user")
    public Response end(@PathParam("id") String sessionId) {
        sessions.endOwnSession(jwt.getSubject(), sessionId, SessionStatus.LOGOUT, AuditType.SESSION_ENDED_BY_OWNER,
                Requests.facts(request));
        return Response.noContent().build();
    }

    @POST
    @Path("logout-all")
    @RolesAllowed("user")
    public Response logoutAll() {
        sessions.endAll(jwt.getSubject(), SessionStatus.LOGOUT_ALL, AuditType.LOGOUT_ALL, jwt.getSubject(),
                Requests.facts(request));
        return Response.noContent().build();
    }

    /** A session as both the owner and an admin see it. */
    public static JsonObjectBuilder describe(Family family, String currentSessionId) {
        var json = JSON.createObjectBuilder()
                .add("id", family.id())
                .add("clientId", family.clientId())
                .add("createdAt", iso(family.createdAt()))
                .add("lastUsedAt", iso(family.lastUsedAt()))
                .add("expiresAt", iso(family.expiresAt()))
                .add("current", family.id().equals(currentSessionId));
        JsonFields.addNullable(json, "deviceName", family.deviceName());
        JsonFields.addNullable(json, "userAgent", family.userAgent());
        JsonFields.addNullable(json, "ip", family.clientIp());
        return json;
    }

    private static String iso(Instant instant) {
        return instant.toString();
    }
}
