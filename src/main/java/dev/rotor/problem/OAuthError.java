package dev.rotor.problem;

import jakarta.json.Json;
import jakarta.ws.rs.core.Response;

/**
 * An OAuth 2.0 error answer (RFC 6749 §5.2): 400, or 401 for {@code invalid_client}.
 * The description is fixed per error code, so callers learn nothing about why a grant failed.
 */
public class OAuthError extends RuntimeException {

    private final String error;
    private final String description;
    private final int retryAfterSeconds;

    private OAuthError(String error, String description) {
        this(error, description, 0);
    }

    private OAuthError(String error, String description, int retryAfterSeconds) {
        super(error, null, false, false);
        this.error = error;
        this.description = description;
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

    public static OAuthError unsupportedGrantType() {
        return new OAuthError("unsupported_grant_type", "This grant type is not supported.");
    }

    /**
     * 503 with {@code Retry-After}: the service cannot store the grant's state right now. RFC 6749
     * §4.1.2.1 defines {@code temporarily_unavailable} for the authorization endpoint only; it is
     * the customary code at the token endpoint too (§5.2 lists no equivalent).
     */
    public static OAuthError temporarilyUnavailable(int retryAfterSeconds) {
        return new OAuthError("temporarily_unavailable", "The service is temporarily unavailable; try again shortly.", retryAfterSeconds);
    }

    public String error() {
        return error;
    }

    private int status() {
        return switch (error) {
            case "invalid_client" -> 401;
            case "temporarily_unavailable" -> 503;
            default -> 400;
        };
    }

    public Response toResponse() {
        var body = Json.createObjectBuilder()
                .add("error", error)
                .add("error_description", description)
                .build();
        var response = Response.status(status())
                .type("application/json")
                .header("Cache-Control", "no-store")
                .header("Pragma", "no-cache")
                .entity(body.toString());
        if (retryAfterSeconds > 0) {
            response.header("Retry-After", retryAfterSeconds);
        }
        return response.build();
    }
}
