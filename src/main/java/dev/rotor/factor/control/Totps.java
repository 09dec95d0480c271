package dev.rotor.factor.control;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * An account's authenticator app (TOTP, RFC 6238: HMAC-SHA-1, 6 digits, 30 s steps, ±1 step by
 * default). CONTRACT for the TOTP part of issue 26 — bodies to be written:
 * <ul>
 *   <li>{@code begin}: a new 160-bit secret, sealed by {@code KeyCustody} bound to its row
 *       ({@code TotpAuthenticator.sealBindingFor}), replacing an unconfirmed one; answers the
 *       base32 secret, the {@code otpauth://} URI and a QR code (ZXing) as a PNG data URI;</li>
 *   <li>{@code confirm}: the first valid code confirms the enrolment;</li>
 *   <li>{@code verify}: a valid code for a step above {@code last_used_step} (compare-and-set),
 *       never one already used; malformed input throws {@link InvalidOneTimeCode} (400);
 *       failures are throttled per account exactly like password failures (429, Retry-After).</li>
 * </ul>
 */
@ApplicationScoped
public class Totps {

    /** What enrolment shows: the secret (base32), the otpauth URI and its QR code (a PNG data URI). */
    public record Enrolment(String secret, String uri, String qrCode) {
    }

    /** Starts (or restarts) enrolment for the account; its confirmed authenticator, if any, stays until the new one is confirmed. */
    public Enrolment begin(String accountId, String username) {
        throw new UnsupportedOperationException("TOTP enrolment is not written yet");
    }

    /** True when {@code code} is valid for the pending enrolment, which it then confirms (replacing an earlier authenticator). */
    public boolean confirm(String accountId, String username, String code) {
        throw new UnsupportedOperationException("TOTP enrolment is not written yet");
    }

    /** True when {@code code} is valid for the confirmed authenticator and its step was not used yet. */
    public boolean verify(String accountId, String username, String code) {
        throw new UnsupportedOperationException("TOTP verification is not written yet");
    }

    /** True when the account has a confirmed authenticator. */
    public boolean isEnrolled(String accountId) {
        throw new UnsupportedOperationException("TOTP is not written yet");
    }

    /** Removes the account's authenticator (confirmed or not); true if there was one. */
    public boolean remove(String accountId) {
        throw new UnsupportedOperationException("TOTP is not written yet");
    }
}
