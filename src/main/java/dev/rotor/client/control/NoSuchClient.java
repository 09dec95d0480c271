package dev.rotor.client.control;

import dev.rotor.platform.Refusal;

/** No client has that id (404). */
public class NoSuchClient extends Refusal {
    public NoSuchClient() {
        super("not-found", 404, "No such client.");
    }
}
