package dev.rotor.factor.control;

import dev.rotor.platform.Refusal;

/** A passkey response Rotor does not accept, whatever the reason (the reason is not told: nothing to probe with). Nothing is stored. */
public class InvalidPasskeyResponse extends Refusal {

    public InvalidPasskeyResponse() {
        super("invalid-passkey-response", 400, "The passkey's response could not be verified. Try again.");
    }
}
