package dev.rotor.admin.boundary;

import static dev.rotor.platform.JsonSupport.JSON;

import dev.rotor.platform.JsonFields;
import dev.rotor.platform.Requests;
import dev.rotor.token.control.KeyAdministration;
import dev.rotor.token.control.KeyAdministration.KeyView;
import dev.rotor.token.entity.SigningKey;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The admin API for signing keys: list, rotate now, emergency revoke. Admins only; audited in control. */
@Path("admin/api/keys")
@RequestScoped
@DenyAll
@Produces(MediaType.APPLICATION_JSON)
public class KeysResource {

    @Inject
    JsonWebToken jwt;

    @Inject
    KeyAdministration keys;

    @Context
    HttpServletRequest request;

    @GET
    @RolesAllowed("admin")
    public Response list() {
        var items = JSON.createArrayBuilder();
        keys.list().forEach(key -> items.add(describe(key)));
        return Response.ok(JSON.createObjectBuilder().add("keys", items).build().toString())
                .header("Cache-Control", "no-store")
                .build();
    }

    @POST
    @Path("rotate")
    @RolesAllowed("admin")
    public Response rotate(@QueryParam("immediate") boolean immediate) {
        SigningKey key = keys.rotate(immediate, jwt.getSubject(), Requests.facts(request));
        var body = JSON.createObjectBuilder()
                .add("kid", key.kid())
                .add("activatesAt", key.activatesAt().toString());
        return Response.created(URI.create("/admin/api/keys"))
                .header("Cache-Control", "no-store")
                .entity(body.build().toString())
                .build();
    }

    @POST
    @Path("{kid}/revoke")
    @RolesAllowed("admin")
    public Response revoke(@PathParam("kid") String kid) {
        keys.revoke(kid, jwt.getSubject(), Requests.facts(request));
        return Response.noContent().build();
    }

    private static jakarta.json.JsonObjectBuilder describe(KeyView key) {
        var json = JSON.createObjectBuilder()
                .add("kid", key.kid())
                .add("algorithm", key.algorithm())
                .add("created", key.createdAt().toString())
                .add("activatesAt", key.activatesAt().toString())
                .add("state", key.state().name().toLowerCase());
        JsonFields.addNullable(json, "retiresAt", key.retiresAt() == null ? null : key.retiresAt().toString());
        JsonFields.addNullable(json, "revokedAt", key.revokedAt() == null ? null : key.revokedAt().toString());
        return json;
    }
}
