package dev.rotor.client.control;

import dev.rotor.platform.Refusal;

/** Too many failed client authentications from this address or for this client id: 429 {@code slow_down} with Retry-After. */
public class ClientAuthenticationThrottled extends Refusal {
    public ClientAuthenticationThrottled(long retryAfterSeconds) {
        super("too-many-attempts", 429, "Too many failed client authentications. Try again later.",
                new OAuthAnswer("slow_down", "Too many failed client authentications. Try again later.", 429), retryAfterSeconds);
    }
}
