package dev.rotor.selfservice.control;

/** The current password given to change a password is not the account's. */
public class WrongPassword extends RuntimeException {

    public WrongPassword() {
        super("wrong password", null, false, false);
    }
}
