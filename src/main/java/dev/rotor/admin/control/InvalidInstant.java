package dev.rotor.admin.control;

/** A time filter that is not an ISO-8601 instant. */
public class InvalidInstant extends RuntimeException {
    public InvalidInstant(String name) {
        super("'" + name + "' must be an ISO-8601 instant such as 2026-01-31T12:00:00Z.");
    }
}
