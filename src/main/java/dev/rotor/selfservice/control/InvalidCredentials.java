package dev.rotor.selfservice.control;

/** Username and password do not name an enabled account: the same answer whatever the reason. */
public class InvalidCredentials extends RuntimeException {

    public InvalidCredentials() {
        super("invalid credentials", null, false, false);
    }
}
