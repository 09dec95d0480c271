package dev.rotor.account.control;

import dev.rotor.account.entity.Username;

/** A new account's username breaks {@link Username#RULE}. */
public class InvalidUsername extends RuntimeException {

    public InvalidUsername() {
        super("The username must be " + Username.RULE + ".", null, false, false);
    }
}
