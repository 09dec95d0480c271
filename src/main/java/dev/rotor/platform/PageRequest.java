package dev.rotor.platform;

/**
 * Which page of a listing a caller asked for: {@code page} from 0, {@code size} 1..{@link #MAX_SIZE}.
 * A boundary reads the {@code page} and {@code size} query values as text and hands them to
 * {@link #parse}, so that a bad number is a 400 {@link InvalidPaging} problem, not the 404 JAX-RS
 * gives a query value it cannot convert.
 */
public record PageRequest(int page, int size) {

    public static final int DEFAULT_SIZE = 20;
    public static final int MAX_SIZE = 100;

    public PageRequest {
        if (page < 0 || size < 1 || size > MAX_SIZE) {
            throw new InvalidPaging("page must be 0 or more and size between 1 and " + MAX_SIZE + ".");
        }
        if ((long) page * size > Integer.MAX_VALUE) {
            throw new InvalidPaging("page is beyond the last possible page.");
        }
    }

    /** Reads {@code page} and {@code size} query values (blank: page 0, {@link #DEFAULT_SIZE}). */
    public static PageRequest parse(String page, String size) {
        return parse(page, size, DEFAULT_SIZE);
    }

    /** Reads {@code page} and {@code size} query values (blank: page 0, {@code defaultSize}); bad numbers are {@link InvalidPaging}. */
    public static PageRequest parse(String page, String size, int defaultSize) {
        return new PageRequest(number("page", page, 0), number("size", size, defaultSize));
    }

    /** The index of the page's first item. */
    public int offset() {
        return page * size;
    }

    private static int number(String name, String value, int fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new InvalidPaging("'" + name + "' must be a whole number.");
        }
    }
}
