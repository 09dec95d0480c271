package dev.rotor.authorize.control;

import dev.rotor.platform.Refusal;

/** The user has not allowed that application (or already revoked it). */
public class NoSuchConsent extends Refusal {
    public NoSuchConsent() {
        super("no-such-consent", 404, "You have not allowed this application.");
    }
}
