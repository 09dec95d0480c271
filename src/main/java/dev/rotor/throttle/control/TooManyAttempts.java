package dev.rotor.throttle.control;

import dev.rotor.platform.Refusal;

/**
 * A key is throttled: the caller must wait before trying again (429 with {@code Retry-After}). At
 * the token endpoint the code is {@code slow_down}, the registered error for "wait before asking
 * again" (RFC 8628 §3.5, in the OAuth Extensions Error Registry that RFC 6749 §8.5 opens to
 * token-endpoint errors); {@code invalid_grant} would tell a user with the right password that it
 * is wrong.
 */
public class TooManyAttempts extends Refusal {

    public TooManyAttempts(long retryAfterSeconds) {
        super("too-many-attempts", 429, "Too many failed attempts. Try again in " + retryAfterSeconds + " seconds.",
                new OAuthAnswer("slow_down", "Too many failed sign-ins. Try again in " + retryAfterSeconds + " seconds.", 429),
                retryAfterSeconds);
    }
}
