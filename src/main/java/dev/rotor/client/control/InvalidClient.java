package dev.rotor.client.control;

import dev.rotor.platform.Refusal;

/**
 * Client authentication failed (RFC 6749 §5.2 {@code invalid_client}, 401): an unknown or disabled
 * client, a wrong or missing secret, or a public client presenting one. The answer never says which.
 */
public class InvalidClient extends Refusal {
    public InvalidClient() {
        super("invalid-client", 401, "Client authentication failed.",
                new OAuthAnswer("invalid_client", "Client authentication failed.", 401), null);
    }
}
