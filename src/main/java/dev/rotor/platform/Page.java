package dev.rotor.platform;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.List;
import java.util.function.Function;

/**
 * One page of a listing, and on the wire {@code {items, page, size, total}}: the items, which page
 * and how big (as asked), and how many there are in all, from which a caller knows whether a next
 * page exists.
 */
@JsonbPropertyOrder({"items", "page", "size", "total"})
public record Page<T>(List<T> items, int page, int size, long total) {

    /** The page {@code request} asked for, holding {@code items} of {@code total}. */
    public static <T> Page<T> of(PageRequest request, long total, List<T> items) {
        return new Page<>(items, request.page(), request.size(), total);
    }

    /** The same page with each item shown as {@code view} shows it. */
    public <V> Page<V> map(Function<T, V> view) {
        return new Page<>(items.stream().map(view).toList(), page, size, total);
    }
}
