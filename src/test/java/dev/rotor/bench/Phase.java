package dev.rotor.bench;

/** The four kinds of load, in the order each round runs them. */
enum Phase {
    ROTATION("refresh rotations"),
    PROTECTED("protected calls"),
    UNPROTECTED("unprotected calls"),
    SIGN_IN("password sign-ins");

    final String label;

    Phase(String label) {
        this.label = label;
    }
}
