package dev.rotor.account.control;

/**
 * Every password-hashing slot stayed taken for {@code rotor.password.hash-queue-timeout}: the
 * caller is told to come back shortly (503 with Retry-After) instead of queueing without end.
 */
public class HashingBusy extends RuntimeException {

    public static final int RETRY_AFTER_SECONDS = 1;

    public HashingBusy() {
        super("every password-hashing slot is busy", null, false, false);
    }
}
