package dev.rotor.session.control;

import dev.rotor.platform.Refusal;

/** A second step whose challenge is unknown, used, expired or void (too many wrong answers), or whose account changed meanwhile. */
public class SignInStepExpired extends Refusal {

    public SignInStepExpired() {
        super("sign-in-step-expired", 401, "This sign-in step has expired or was already used. Sign in again.");
    }
}
