package dev.rotor.account.control;

import dev.rotor.account.entity.Username;
import dev.rotor.platform.Refusal;

/** A new account's username breaks {@link Username#RULE}. */
public class InvalidUsername extends Refusal {

    public InvalidUsername() {
        super("invalid-username", 400, "The username must be " + Username.RULE + ".");
    }
}
