package dev.rotor.platform;

import java.util.List;

/** One page of a listing: which page, how big, the items, and how many there are in all. */
public record Page<T>(int page, int size, long total, List<T> items) {

    public static final int MAX_SIZE = 100;

    /** The page {@code request} asked for, holding {@code items} of {@code total}. */
    public static <T> Page<T> of(PageRequest request, long total, List<T> items) {
        return new Page<>(request.page(), request.size(), total, items);
    }
}
