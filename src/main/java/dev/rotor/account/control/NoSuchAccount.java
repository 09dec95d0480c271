package dev.rotor.account.control;

import dev.rotor.platform.Refusal;

/** No account has that id. */
public class NoSuchAccount extends Refusal {
    public NoSuchAccount() {
        super("not-found", 404, "No such user.");
    }
}
