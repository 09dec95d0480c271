package dev.rotor.token.control;

import dev.rotor.platform.Refusal;

/** An admin named a signing key that does not exist. */
public class UnknownSigningKey extends Refusal {

    public UnknownSigningKey() {
        super("unknown-signing-key", 404, "There is no signing key with this id.");
    }
}
