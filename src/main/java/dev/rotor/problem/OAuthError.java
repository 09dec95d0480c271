package dev.rotor.problem;

import static dev.rotor.platform.JsonSupport.JSON;

import jakarta.ws.rs.core.Response;

/**
 * An OAuth 2.0 error answer (RFC 6749 §5.2): 400, or 401 for {@code invalid_client}.
 * The description is fixed per error code, so callers learn nothing about why a grant failed.
 */
public class OAuthError extends RuntimeException {

    private final String error;
    private final String description;

    private OAuthError(String error, String description) {
        super(error, null, false, false);
        this.error = error;
        this.description = description;
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

    public String error() {
        return error;
    }

    public Response toResponse() {
        var body = JSON.createObjectBuilder()
                .add("error", error)
                .add("error_description", description)
                .build();
        return Response.status("invalid_client".equals(error) ? 401 : 400)
                .type("application/json")
                .header("Cache-Control", "no-store")
                .header("Pragma", "no-cache")
                .entity(body.toString())
                .build();
    }
}
