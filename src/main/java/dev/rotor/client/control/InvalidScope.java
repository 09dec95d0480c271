package dev.rotor.client.control;

import dev.rotor.platform.Refusal;

/** A scope that is malformed, unknown, or not allowed to the client (RFC 6749 §5.2 {@code invalid_scope}). */
public class InvalidScope extends Refusal {
    public InvalidScope() {
        super("invalid-scope", 400, "A requested scope is unknown or not allowed to this client.",
                new OAuthAnswer("invalid_scope", "A requested scope is unknown or not allowed to this client.", 400), null);
    }
}
