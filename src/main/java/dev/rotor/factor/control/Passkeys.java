package dev.rotor.factor.control;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * Passkeys (WebAuthn) through Yubico's webauthn-server-core. CONTRACT for the passkey part of
 * issue 26 — bodies to be written. The RP ID and origins come from configuration with defaults
 * derived from {@code rotor.issuer}; attestation {@code none}; user verification preferred for a
 * second factor, required for a username-less sign-in; the signature counter and backup flags are
 * checked and stored. A WebAuthn request waits in an {@code AuthChallenge} ({@link Challenges}).
 * Malformed responses (wrong challenge, origin or RP ID, bad signature, counter going backwards,
 * unknown credential, oversized client data) throw {@link InvalidPasskeyResponse} (400) and store nothing.
 */
@ApplicationScoped
public class Passkeys {

    /** The browser's half of a ceremony: {@code options} is the JSON for {@code navigator.credentials}
     * ({@code {"publicKey": …}}), {@code requestJson} the server's half to keep in the challenge. */
    public record Ceremony(String options, String requestJson) {
    }

    /** A verified assertion: whose passkey, and the amr values it proves ({@code hwk} or {@code swk}, {@code user} when verified). */
    public record Use(String accountId, String passkeyId, java.util.List<String> amr, boolean userVerified) {
    }

    /** An assertion request: for the account's passkeys, or (accountId null) for any discoverable one, user verification required. */
    public Ceremony startAssertion(String accountId) {
        throw new UnsupportedOperationException("passkeys are not written yet");
    }

    /** Verifies the browser's {@code PublicKeyCredential} JSON against the kept request, updates the passkey's counter and flags. */
    public Optional<Use> finishAssertion(String requestJson, String responseJson) {
        throw new UnsupportedOperationException("passkeys are not written yet");
    }

    /** A registration request for the account (its existing passkeys excluded). */
    public Ceremony startRegistration(String accountId, String username) {
        throw new UnsupportedOperationException("passkeys are not written yet");
    }

    /** Verifies the browser's registration response and stores the passkey under {@code name}; returns its id. */
    public String finishRegistration(String accountId, String requestJson, String responseJson, String name) {
        throw new UnsupportedOperationException("passkeys are not written yet");
    }

    public boolean hasAny(String accountId) {
        throw new UnsupportedOperationException("passkeys are not written yet");
    }

    /** A username-less sign-in: finds and consumes the PASSKEY_SIGN_IN challenge, verifies the assertion (user verification required). */
    public Optional<Use> finishSignIn(String challengeValue, String responseJson) {
        throw new UnsupportedOperationException("passkeys are not written yet");
    }

    /** A second step: verifies the assertion against the SECOND_FACTOR challenge's kept request and that the passkey is the account's (the challenge is not consumed). */
    public Use verifySecondFactor(String accountId, String challengeValue, String responseJson) {
        throw new UnsupportedOperationException("passkeys are not written yet");
    }

    /** Removes every passkey of the account; returns how many. */
    public int removeAll(String accountId) {
        throw new UnsupportedOperationException("passkeys are not written yet");
    }
}
