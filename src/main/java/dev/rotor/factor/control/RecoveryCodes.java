package dev.rotor.factor.control;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.OptionalInt;

/**
 * Ten single-use recovery codes per account, shown once, stored as SHA-256. CONTRACT for the TOTP
 * and recovery-code part of issue 26 — bodies to be written.
 */
@ApplicationScoped
public class RecoveryCodes {

    public static final int COUNT = 10;

    /** Replaces the account's codes with {@value #COUNT} new ones and returns them (their only copy). */
    public List<String> generate(String accountId) {
        throw new UnsupportedOperationException("recovery codes are not written yet");
    }

    /** Uses {@code code} once (compare-and-set): the number of codes left, or empty when it is not an unused code of the account. */
    public OptionalInt use(String accountId, String code) {
        throw new UnsupportedOperationException("recovery codes are not written yet");
    }

    /** Unused codes left. */
    public int remaining(String accountId) {
        throw new UnsupportedOperationException("recovery codes are not written yet");
    }

    public void removeAll(String accountId) {
        throw new UnsupportedOperationException("recovery codes are not written yet");
    }
}
