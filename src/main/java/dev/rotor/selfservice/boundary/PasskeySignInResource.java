package dev.rotor.selfservice.boundary;

import dev.rotor.browser.boundary.CsrfProof;
import dev.rotor.factor.control.Passkeys;
import dev.rotor.platform.Requests;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Context;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * A username-less sign-in with a passkey, first half: {@code POST /auth/passkey/options} answers
 * {@code {"challenge": value, "publicKey": request options}} (any discoverable passkey of this RP,
 * user verification required) under a PASSKEY_SIGN_IN challenge of no account. The browser posts
 * the assertion with the challenge to the sign-in endpoint, which calls {@link Passkeys#finishSignIn}.
 */
@Path("auth")
@RequestScoped
@DenyAll
@Produces(MediaType.APPLICATION_JSON)
public class PasskeySignInResource {

    @Inject
    Passkeys passkeys;

    @Context
    HttpServletRequest request;

    @POST
    @Path("passkey/options")
    @PermitAll
    @CsrfProof(CsrfProof.Kind.ORIGIN)
    public Response options() {
        return Response.ok(PasskeysResource.opened(passkeys.openSignIn(Requests.facts(request)))).build();
    }
}
