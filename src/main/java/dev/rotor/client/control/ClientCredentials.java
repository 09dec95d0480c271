package dev.rotor.client.control;

/**
 * What a request presented to authenticate its client (RFC 6749 §2.3): the method, the client id
 * it names and the secret, if any. The boundary reads it from the {@code Authorization} header or
 * the form; {@link ClientAuthentication} decides.
 *
 * @param clientId null when the request named no client
 * @param secret   null when it presented no secret (an empty Basic password counts as none)
 */
public record ClientCredentials(Method method, String clientId, String secret) {

    /** How the client presented itself. */
    public enum Method {
        /** {@code client_secret_basic}: HTTP Basic (for a public client: Basic with an empty password). */
        BASIC,
        /** {@code client_secret_post}: {@code client_id} and {@code client_secret} in the form. */
        POST,
        /** {@code none}: {@code client_id} alone. */
        NONE
    }

    public boolean hasSecret() {
        return secret != null && !secret.isEmpty();
    }
}
