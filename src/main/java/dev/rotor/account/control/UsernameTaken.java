package dev.rotor.account.control;

import dev.rotor.platform.Refusal;

/** Another account already has this username (also when a concurrent registration won the race). */
public class UsernameTaken extends Refusal {

    public UsernameTaken() {
        super("username-taken", 409, "That username is taken.");
    }
}
