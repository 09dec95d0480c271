package dev.rotor.admin.boundary;

import static dev.rotor.platform.JsonSupport.JSON;

import dev.rotor.client.control.ClientAdministration;
import dev.rotor.client.control.ClientAdministration.ClientDetails;
import dev.rotor.client.control.ClientAdministration.IssuedSecret;
import dev.rotor.client.control.ClientAdministration.Registered;
import dev.rotor.logout.control.LogoutOutbox;
import dev.rotor.platform.Page;
import dev.rotor.platform.PageRequest;
import dev.rotor.platform.RequestFacts;
import dev.rotor.platform.Requests;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
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
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The admin API for OAuth clients: list (built-ins first, read-only), register, show, change,
 * enable or disable, delete, add and remove secrets. A secret's value is in the answer that made it
 * and nowhere else. Each client's view carries its back-channel logout delivery state ({@code logout}'s
 * {@link LogoutOutbox#stateOf}). Admins only; checked and audited in {@link ClientAdministration}.
 */
@Path("admin/api/clients")
@RequestScoped
@DenyAll
@Produces(MediaType.APPLICATION_JSON)
public class ClientsResource {

    @Inject
    JsonWebToken jwt;

    @Inject
    ClientAdministration clients;

    @Inject
    LogoutOutbox logouts;

    @Context
    HttpServletRequest request;

    @GET
    @RolesAllowed("admin")
    public Response list(@QueryParam("page") String page, @QueryParam("size") String size) {
        Page<jakarta.json.JsonObject> found = clients.list(PageRequest.parse(page, size)).map(this::view);
        var items = JSON.createArrayBuilder();
        found.items().forEach(items::add);
        return json(Response.ok(), JSON.createObjectBuilder().add("items", items).add("page", found.page())
                .add("size", found.size()).add("total", found.total()).build());
    }

    @POST
    @RolesAllowed("admin")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response register(InputStream body) {
        Registered registered = clients.register(ClientRequest.read(body), actor(), facts());
        var answer = JSON.createObjectBuilder().add("client", view(registered.details()));
        if (registered.secret() != null) {
            answer.add("secret", registered.secret().secret());
        }
        return json(Response.created(location(registered.details().client().clientId())), answer.build());
    }

    @GET
    @Path("{id}")
    @RolesAllowed("admin")
    public Response client(@PathParam("id") String id) {
        return json(Response.ok(), view(clients.find(id)));
    }

    @PATCH
    @Path("{id}")
    @RolesAllowed("admin")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response update(@PathParam("id") String id, InputStream body) {
        return json(Response.ok(), view(clients.update(id, ClientRequest.read(body), actor(), facts())));
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed("admin")
    public Response delete(@PathParam("id") String id) {
        clients.delete(id, actor(), facts());
        return Response.noContent().build();
    }

    /** Body {@code {"expiresAt"?: ISO instant}} (or none) → 201 {@code {"id", "secret", "createdAt", "expiresAt"}}. */
    @POST
    @Path("{id}/secrets")
    @RolesAllowed("admin")
    public Response addSecret(@PathParam("id") String id, InputStream body) {
        IssuedSecret secret = clients.addSecret(id, ClientRequest.expiresAt(body), actor(), facts());
        return json(Response.created(URI.create(location(id) + "/secrets/" + secret.info().id())), ClientViews.issued(secret));
    }

    @DELETE
    @Path("{id}/secrets/{secretId}")
    @RolesAllowed("admin")
    public Response removeSecret(@PathParam("id") String id, @PathParam("secretId") String secretId) {
        clients.removeSecret(id, secretId, actor(), facts());
        return Response.noContent().build();
    }

    /** The client's view with its back-channel logout delivery state (a built-in has none). */
    private jakarta.json.JsonObject view(ClientDetails details) {
        return ClientViews.of(details, details.client().builtIn() ? null : logouts.stateOf(details.client().clientId()));
    }

    private static Response json(Response.ResponseBuilder builder, jakarta.json.JsonObject body) {
        return builder.type(MediaType.APPLICATION_JSON_TYPE).header("Cache-Control", "no-store").entity(body.toString()).build();
    }

    private static URI location(String clientId) {
        return URI.create("/admin/api/clients/" + URLEncoder.encode(clientId, StandardCharsets.UTF_8));
    }

    private String actor() {
        return jwt.getSubject();
    }

    private RequestFacts facts() {
        return Requests.facts(request);
    }
}
