package dev.rotor.session.control;

/** The session does not exist, has ended, or is not the caller's to end (indistinguishable on purpose). */
public class NoSuchSession extends RuntimeException {
    public NoSuchSession() {
        super("No such session.");
    }
}
