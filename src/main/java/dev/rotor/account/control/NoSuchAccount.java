package dev.rotor.account.control;

/** No account has that id. */
public class NoSuchAccount extends RuntimeException {

    public NoSuchAccount() {
        super("no such account", null, false, false);
    }
}
