package dev.rotor.selfservice.control;

import dev.rotor.platform.Refusal;

/** Adding or removing a second factor needs a sign-in of the last few minutes. */
public class FreshSignInRequired extends Refusal {

    public FreshSignInRequired() {
        super("fresh-sign-in-required", 403, "Sign in again to change your second factors: the sign-in must be less than "
                + FactorChanges.FRESH.toMinutes() + " minutes old.");
    }
}
