package dev.rotor.selfservice.control;

import dev.rotor.platform.Refusal;

/** The current password given to change a password is not the account's. */
public class WrongPassword extends Refusal {

    public WrongPassword() {
        super("wrong-password", 403, "The current password is wrong.");
    }
}
