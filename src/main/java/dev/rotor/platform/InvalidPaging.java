package dev.rotor.platform;

/** A page number or size that is not a whole number in range. */
public class InvalidPaging extends Refusal {
    public InvalidPaging(String detail) {
        super("invalid-paging", 400, detail);
    }
}
