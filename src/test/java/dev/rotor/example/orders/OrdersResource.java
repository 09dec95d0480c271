package dev.rotor.example.orders;

import dev.rotor.kit.RequiresMfa;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** A tiny orders API: each signed-in user lists and places their own orders (kept in memory). */
@Path("orders")
@RequestScoped
@DenyAll
@Produces(MediaType.APPLICATION_JSON)
public class OrdersResource {

    @Inject
    OrderBook book;

    @Inject
    JsonWebToken caller;

    @GET
    @RolesAllowed("user")
    public JsonObject list() {
        var items = Json.createArrayBuilder();
        book.of(caller.getSubject()).forEach(items::add);
        return Json.createObjectBuilder().add("owner", caller.getName()).add("orders", items).build();
    }

    /** The same list, for a sensitive screen: only for a sign-in with a second factor. */
    @GET
    @Path("sensitive")
    @RolesAllowed("user")
    @RequiresMfa
    public JsonObject sensitive() {
        return list();
    }

    /** The same list again: only for a sign-in with a second factor in the last {@value #RECENT_SECONDS} seconds. */
    @GET
    @Path("recent")
    @RolesAllowed("user")
    @RequiresMfa(maxAgeSeconds = RECENT_SECONDS)
    public JsonObject recent() {
        return list();
    }

    public static final long RECENT_SECONDS = 2;

    @POST
    @RolesAllowed("user")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response place(JsonObject order) {
        String item = order.getString("item", "");
        book.place(caller.getSubject(), item);
        return Response.status(201).entity(Json.createObjectBuilder().add("item", item).build()).build();
    }
}
