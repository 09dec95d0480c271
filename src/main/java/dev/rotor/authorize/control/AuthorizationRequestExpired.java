package dev.rotor.authorize.control;

import dev.rotor.platform.Refusal;

/** The sign-in page continues a request that is unknown, expired or already answered: the user starts again at the app. */
public class AuthorizationRequestExpired extends Refusal {
    public AuthorizationRequestExpired() {
        super("authorization-request-expired", 400,
                "This sign-in request has expired or was already used. Go back to the application and try again.");
    }
}
