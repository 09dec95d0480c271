package dev.rotor.platform;

/** A page number or size that is not a whole number in range. */
public class InvalidPaging extends RuntimeException {
    public InvalidPaging(String detail) {
        super(detail);
    }
}
