package dev.rotor.authorize.control;

import dev.rotor.platform.Refusal;

/** A {@code code_verifier} that is not 43 to 128 characters of {@code [A-Za-z0-9-._~]} (RFC 7636 §4.1): {@code invalid_request}. */
public class InvalidCodeVerifier extends Refusal {
    public InvalidCodeVerifier() {
        super("invalid-code-verifier", 400, "A code_verifier is 43 to 128 characters of A-Z, a-z, 0-9, '-', '.', '_' and '~'.",
                new OAuthAnswer("invalid_request", "A code_verifier is 43 to 128 characters of A-Z, a-z, 0-9, '-', '.', '_' and '~'.", 400),
                null);
    }
}
