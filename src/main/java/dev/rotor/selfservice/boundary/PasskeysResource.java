package dev.rotor.selfservice.boundary;

import static dev.rotor.platform.JsonSupport.JSON;

import dev.rotor.audit.control.AuditLog;
import dev.rotor.audit.entity.AuditType;
import dev.rotor.factor.control.InvalidPasskeyResponse;
import dev.rotor.factor.control.Passkeys;
import dev.rotor.factor.entity.PasskeyView;
import dev.rotor.platform.Requests;
import dev.rotor.problem.JsonBody;
import dev.rotor.selfservice.control.FactorChanges;
import dev.rotor.token.control.AccessTokenIssuer;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.URI;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * A signed-in user's passkeys: list ({@code GET}), registration options ({@code POST …/options},
 * a fresh sign-in required), register ({@code POST}, fresh; ends the other sessions), rename
 * ({@code PATCH …/{id}}, audited), remove ({@code DELETE …/{id}}, fresh; ends the other sessions).
 */
@Path("auth/factors/passkeys")
@RequestScoped
@DenyAll
@Produces(MediaType.APPLICATION_JSON)
public class PasskeysResource {

    @Inject
    JsonWebToken jwt;

    @Inject
    Passkeys passkeys;

    @Inject
    FactorChanges changes;

    @Inject
    AuditLog audit;

    @Context
    HttpServletRequest request;

    @GET
    @RolesAllowed("user")
    public Response list() {
        var items = JSON.createArrayBuilder();
        passkeys.list(jwt.getSubject()).forEach(view -> items.add(describe(view)));
        return Response.ok(items.build().toString()).build();
    }

    @POST
    @Path("options")
    @RolesAllowed("user")
    public Response options() {
        String accountId = jwt.getSubject();
        String sessionId = AccessTokenIssuer.sessionIdOf(jwt);
        changes.requireFreshSignIn(accountId, sessionId);
        Passkeys.Opened opened = passkeys.openRegistration(accountId, sessionId);
        return Response.ok(opened(opened)).build();
    }

    @POST
    @RolesAllowed("user")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response register(InputStream body) {
        String accountId = jwt.getSubject();
        String sessionId = AccessTokenIssuer.sessionIdOf(jwt);
        changes.requireFreshSignIn(accountId, sessionId);
        JsonBody json = readCeremonyBody(body);
        String name = json.requiredString("name", 1024);
        String challenge = json.requiredString("challenge", 128);
        PasskeyView added = passkeys.register(accountId, sessionId, challenge, Passkeys.credentialOf(json.json()), name);
        changes.changed(accountId, sessionId, AuditType.PASSKEY_ADDED, Requests.facts(request));
        return Response.created(URI.create("/auth/factors/passkeys/" + added.id())).entity(describe(added).build().toString()).build();
    }

    @PATCH
    @Path("{id}")
    @RolesAllowed("user")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response rename(@PathParam("id") String id, InputStream body) {
        String accountId = jwt.getSubject();
        PasskeyView renamed = passkeys.rename(accountId, id, JsonBody.read(body).requiredString("name", 1024));
        audit.record(AuditType.PASSKEY_RENAMED, accountId, accountId, AccessTokenIssuer.sessionIdOf(jwt), Requests.facts(request), null);
        return Response.ok(describe(renamed).build().toString()).build();
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed("user")
    public Response remove(@PathParam("id") String id) {
        String accountId = jwt.getSubject();
        String sessionId = AccessTokenIssuer.sessionIdOf(jwt);
        changes.requireFreshSignIn(accountId, sessionId);
        passkeys.remove(accountId, id);
        changes.changed(accountId, sessionId, AuditType.PASSKEY_REMOVED, Requests.facts(request));
        return Response.noContent().build();
    }

    /** {@code {"challenge": value, "publicKey": options}}. */
    static String opened(Passkeys.Opened opened) {
        try (var reader = JSON.createReader(new StringReader(opened.publicKey()))) {
            return JSON.createObjectBuilder().add("challenge", opened.challenge()).add("publicKey", reader.readObject()).build().toString();
        }
    }

    /**
     * A body carrying a {@code PublicKeyCredential}: at most {@value Passkeys#MAX_RESPONSE_CHARS} bytes
     * (larger is an invalid passkey response, not read further), then read as {@link JsonBody} does.
     */
    static JsonBody readCeremonyBody(InputStream body) {
        byte[] bytes;
        try {
            bytes = body == null ? new byte[0] : body.readNBytes(Passkeys.MAX_RESPONSE_CHARS + 1);
        } catch (IOException e) {
            throw new InvalidPasskeyResponse();
        }
        if (bytes.length > Passkeys.MAX_RESPONSE_CHARS) {
            throw new InvalidPasskeyResponse();
        }
        return JsonBody.read(new ByteArrayInputStream(bytes), Passkeys.MAX_RESPONSE_CHARS);
    }

    static JsonObjectBuilder describe(PasskeyView view) {
        var item = JSON.createObjectBuilder()
                .add("id", view.id())
                .add("name", view.name())
                .add("createdAt", view.createdAt().toString())
                .add("backupEligible", view.backupEligible())
                .add("backedUp", view.backedUp());
        if (view.lastUsedAt() != null) {
            item.add("lastUsedAt", view.lastUsedAt().toString());
        } else {
            item.addNull("lastUsedAt");
        }
        return item;
    }
}
