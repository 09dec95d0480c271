package dev.rotor.access.control;

import jakarta.enterprise.context.RequestScoped;
import java.util.Optional;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who this request's caller is, as the authentication mechanism found it: the claims of the access
 * token it logged the caller in with, and whether that token came from the access cookie (an
 * ambient credential, so the CSRF rule applies) rather than an {@code Authorization} header.
 * The mechanism fills it; the filters and the endpoints read it.
 */
@RequestScoped
public class Caller {

    private AccessClaims claims;
    private boolean byAccessCookie;

    /** The mechanism is handing the access cookie's token on for verification. */
    public void presentedAccessCookie() {
        byAccessCookie = true;
    }

    /** The mechanism logged the caller in with the token these claims were read from. */
    public void loggedIn(AccessClaims claims) {
        this.claims = claims;
    }

    /** True when the access cookie, not an {@code Authorization} header, carried the caller's token. */
    public boolean byAccessCookie() {
        return byAccessCookie;
    }

    /** The claims the mechanism logged the caller in with; empty when it logged no one in. */
    public Optional<AccessClaims> loggedInClaims() {
        return Optional.ofNullable(claims);
    }

    /**
     * The claims of {@code principal}, the verified token the container holds for this request:
     * those the mechanism read, when it read them from this very token object, else read now.
     */
    public AccessClaims claims(JsonWebToken principal) {
        AccessClaims known = claims;
        return known != null && known.token() == principal ? known : AccessClaims.read(principal);
    }
}
