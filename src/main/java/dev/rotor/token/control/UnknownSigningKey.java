package dev.rotor.token.control;

/** An admin named a signing key that does not exist. */
public class UnknownSigningKey extends RuntimeException {

    public UnknownSigningKey(String kid) {
        super("No signing key " + kid);
    }
}
