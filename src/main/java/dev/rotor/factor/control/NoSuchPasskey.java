package dev.rotor.factor.control;

import dev.rotor.platform.Refusal;

/** No passkey with that id belongs to the account. */
public class NoSuchPasskey extends Refusal {

    public NoSuchPasskey() {
        super("no-such-passkey", 404, "No such passkey.");
    }
}
