package dev.rotor.custody.control;

/**
 * Key custody cannot work: no key encryption key where one is required, a KEK that does not
 * open the stored keys, a missing KEK file. Stops the start; the message says what to set.
 */
public class KeyCustodyException extends RuntimeException {

    public KeyCustodyException(String message) {
        super(message);
    }
}
