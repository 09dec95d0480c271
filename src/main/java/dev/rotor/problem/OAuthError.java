package dev.rotor.problem;

import static dev.rotor.platform.JsonSupport.JSON;

import jakarta.ws.rs.core.Response;

/**
 * An OAuth 2.0 error answer (RFC 6749 §5.2): 400, or 401 for {@code invalid_client} with a
 * {@code WWW-Authenticate: Basic} challenge (§5.2 requires one on a 401; Basic is the scheme §2.3.1
 * gives clients). The description is fixed per error code, so callers learn nothing about why a
 * grant failed.
 */
public class OAuthError extends RuntimeException {

    private final String error;
    private final String description;
    private final int status;
    private final Long retryAfterSeconds;

    private OAuthError(String error, String description) {
        this(error, description, "invalid_client".equals(error) ? 401 : 400, null);
    }

    private OAuthError(String error, String description, int status, Long retryAfterSeconds) {
        super(error, null, false, false);
        this.error = error;
        this.description = description;
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static OAuthError invalidRequest(String description) {
        return new OAuthError("invalid_request", description);
    }

    public static OAuthError invalidClient() {
        return new OAuthError("invalid_client", "Unknown client.");
    }

    public static OAuthError invalidGrant() {
        return new OAuthError("invalid_grant", "The grant is invalid, expired or revoked.");
    }

    /**
     * Revocation of a token issued to another client (RFC 7009 §2.1: the request is refused and the
     * client told). RFC 6749 §5.2 names this case under {@code invalid_grant}: "issued to another client".
     */
    public static OAuthError issuedToAnotherClient() {
        return new OAuthError("invalid_grant", "The token was issued to another client.");
    }

    /** A caller whose client authentication failed too often must wait: 429 {@code slow_down} with Retry-After. */
    public static OAuthError clientAuthenticationThrottled(long retryAfterSeconds) {
        return new OAuthError("slow_down", "Too many failed client authentications. Try again in " + retryAfterSeconds
                + " seconds.", 429, retryAfterSeconds);
    }

    /**
     * Sign-in throttled: 429 with {@code Retry-After}. {@code slow_down} is the token endpoint's
     * registered error for "wait before asking again" (RFC 8628 §3.5, in the OAuth Extensions
     * Error Registry that RFC 6749 §8.5 opens to token-endpoint errors); {@code invalid_grant}
     * would tell a user with the right password that it is wrong.
     */
    public static OAuthError slowDown(long retryAfterSeconds) {
        return new OAuthError("slow_down", "Too many failed sign-ins. Try again in " + retryAfterSeconds + " seconds.",
                429, retryAfterSeconds);
    }

    /**
     * 503 with {@code Retry-After}: the service cannot store the grant's state right now. RFC 6749
     * §4.1.2.1 defines {@code temporarily_unavailable} for the authorization endpoint only; it is
     * the customary code at the token endpoint too (§5.2 lists no equivalent).
     */
    public static OAuthError temporarilyUnavailable(int retryAfterSeconds) {
        return new OAuthError("temporarily_unavailable", "The service is temporarily unavailable; try again shortly.",
                503, (long) retryAfterSeconds);
    }

    /** The password is a temporary one: RFC 6749 §5.2 {@code invalid_grant}, with the way out in the description. */
    public static OAuthError passwordChangeRequired() {
        return new OAuthError("invalid_grant",
                "The password must be changed before signing in: POST /auth/temporary-password.");
    }

    /** RFC 8707 §2: the {@code resource} asked for is not one Rotor issues tokens to. */
    public static OAuthError invalidTarget(String description) {
        return new OAuthError("invalid_target", description);
    }

    public static OAuthError unsupportedGrantType() {
        return new OAuthError("unsupported_grant_type", "This grant type is not supported.");
    }

    public String error() {
        return error;
    }

    public Response toResponse() {
        var body = JSON.createObjectBuilder()
                .add("error", error)
                .add("error_description", description)
                .build();
        var response = Response.status(status)
                .type("application/json")
                .header("Cache-Control", "no-store")
                .header("Pragma", "no-cache")
                .entity(body.toString());
        if (retryAfterSeconds != null) {
            response.header("Retry-After", retryAfterSeconds);
        }
        if (status == 401) {
            response.header("WWW-Authenticate", Challenge.BASIC);
        }
        return response.build();
    }
}
