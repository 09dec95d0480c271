package dev.rotor.admin.control;

import dev.rotor.platform.Refusal;

/** A time filter that is not an ISO-8601 instant. */
public class InvalidInstant extends Refusal {
    public InvalidInstant(String name) {
        super("invalid-time", 400, "'" + name + "' must be an ISO-8601 instant such as 2026-01-31T12:00:00Z.");
    }
}
