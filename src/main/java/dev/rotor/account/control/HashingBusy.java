package dev.rotor.account.control;

import dev.rotor.platform.Refusal;

/**
 * Every password-hashing slot stayed taken for {@code rotor.password.hash-queue-timeout}: the
 * caller is told to come back shortly (503 with Retry-After) instead of queueing without end.
 */
public class HashingBusy extends Refusal {

    private static final long RETRY_AFTER_SECONDS = 1;

    public HashingBusy() {
        super("unavailable", 503, "The service is busy checking passwords; try again shortly.",
                OAuthAnswer.temporarilyUnavailable(), RETRY_AFTER_SECONDS);
    }
}
