package dev.rotor.platform;

import java.util.List;

/** One page of a listing: which page, how big, the items, and how many there are in all. */
public record Page<T>(int page, int size, long total, List<T> items) {

    public static final int MAX_SIZE = 100;

    /** Reads {@code page} (from 0) and {@code size} (1..100, default 20) query values; bad numbers are {@link InvalidPaging}. */
    public static int[] request(String page, String size) {
        return request(page, size, 20);
    }

    /** As {@link #request(String, String)}, with another default size. */
    public static int[] request(String page, String size, int defaultSize) {
        int p = parse("page", page, 0);
        int s = parse("size", size, defaultSize);
        if (p < 0 || s < 1 || s > MAX_SIZE) {
            throw new InvalidPaging("page must be 0 or more and size between 1 and " + MAX_SIZE + ".");
        }
        return new int[] {p, s};
    }

    private static int parse(String name, String value, int fallback) {
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
