package dev.rotor.session.control;

import dev.rotor.platform.Refusal;

/** The session does not exist, has ended, or is not the caller's to end (indistinguishable on purpose). */
public class NoSuchSession extends Refusal {
    public NoSuchSession() {
        super("not-found", 404, "No such session.");
    }
}
