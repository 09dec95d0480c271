package dev.rotor.selfservice.control;

import dev.rotor.platform.Refusal;

/** The temporary-password route was used for an account whose password is not temporary. */
public class PasswordChangeNotRequired extends Refusal {

    public PasswordChangeNotRequired() {
        super("password-change-not-required", 409,
                "This password is not temporary. Sign in and use POST /auth/password to change it.");
    }
}
