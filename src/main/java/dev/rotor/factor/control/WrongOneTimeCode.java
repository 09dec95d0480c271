package dev.rotor.factor.control;

import dev.rotor.platform.Refusal;

/** A well-formed one-time code that is not valid now (wrong, expired or already used): 400, counted as a failed attempt. */
public class WrongOneTimeCode extends Refusal {

    public WrongOneTimeCode() {
        super("wrong-one-time-code", 400, "That code is not valid. Enter the current code from your authenticator app.");
    }
}
