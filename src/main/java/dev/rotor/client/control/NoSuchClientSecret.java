package dev.rotor.client.control;

import dev.rotor.platform.Refusal;

/** The client has no secret with that id (404). */
public class NoSuchClientSecret extends Refusal {
    public NoSuchClientSecret() {
        super("not-found", 404, "The client has no such secret.");
    }
}
