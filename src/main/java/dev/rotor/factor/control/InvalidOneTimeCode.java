package dev.rotor.factor.control;

import dev.rotor.platform.Refusal;

/** A one-time code that cannot be one: not exactly six ASCII digits (400). Nothing was checked or counted. */
public class InvalidOneTimeCode extends Refusal {

    public InvalidOneTimeCode() {
        super("invalid-one-time-code", 400, "A one-time code is exactly " + Totps.DIGITS + " digits.");
    }
}
