package dev.rotor.selfservice.control;

import dev.rotor.platform.Refusal;

/** Username and password do not name an enabled account: the same answer whatever the reason. */
public class InvalidCredentials extends Refusal {

    public InvalidCredentials() {
        super("invalid-credentials", 401, "Wrong username or password.");
    }
}
