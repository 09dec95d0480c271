package dev.rotor.account.control;

/** Another account already has this username (also when a concurrent registration won the race). */
public class UsernameTaken extends RuntimeException {

    public UsernameTaken() {
        super("That username is taken.", null, false, false);
    }
}
