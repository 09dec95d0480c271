package dev.rotor.session.control;

import dev.rotor.platform.Refusal;

/** A second step that names no usable method, or misses what its method needs. */
public class InvalidSecondStep extends Refusal {

    public InvalidSecondStep(String detail) {
        super("invalid-second-step", 400, detail);
    }
}
