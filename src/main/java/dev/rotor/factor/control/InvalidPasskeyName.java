package dev.rotor.factor.control;

import dev.rotor.platform.Refusal;

/** A passkey's name is 1 to {@value Passkeys#MAX_NAME_CHARS} characters, no control characters. */
public class InvalidPasskeyName extends Refusal {

    public InvalidPasskeyName() {
        super("invalid-passkey-name", 400, "A passkey's name is 1 to " + Passkeys.MAX_NAME_CHARS + " characters, without control characters.");
    }
}
