package dev.rotor.problem;

import static dev.rotor.platform.JsonSupport.JSON;

import dev.rotor.platform.Refusal;
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
     * A domain refusal's own OAuth answer ({@link Refusal#oauth()}): its code, fixed description and
     * status, with {@code Retry-After} when it asks the caller to wait.
     */
    public static OAuthError of(Refusal.OAuthAnswer answer, Long retryAfterSeconds) {
        return new OAuthError(answer.error(), answer.description(), answer.status(), retryAfterSeconds);
    }

    /** RFC 8707 §2: the {@code resource} asked for is not one Rotor issues tokens to. */
    public static OAuthError invalidTarget(String description) {
        return new OAuthError("invalid_target", description);
    }

    /** RFC 6749 §5.2: the client is authenticated but may not use this grant type. */
    public static OAuthError unauthorizedClient() {
        return new OAuthError("unauthorized_client", "This client may not use this grant type.");
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
