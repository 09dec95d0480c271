package dev.rotor.factor.entity;

/**
 * A row holding an authenticator-app secret sealed with the key encryption key and bound to the
 * row: the confirmed {@link TotpAuthenticator} and the {@link TotpPending} enrolment, which open,
 * and are sealed again at start, the same way.
 */
public interface SealedTotpSecret {

    String accountId();

    String secretKekId();

    String secretSealed();

    /** What a sealed secret of this row is bound to: the row and the KEK that seals it. */
    String sealBindingFor(String kekId);

    /** The secret sealed anew, under {@code kekId}. */
    void resealed(String kekId, String sealed);
}
