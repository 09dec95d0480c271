package dev.rotor.admin.boundary;

import dev.rotor.platform.Page;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.List;
import java.util.function.Function;

/** A page of a listing on the wire: {@code {items, page, size, total}}. */
@JsonbPropertyOrder({"items", "page", "size", "total"})
public record Paged<T>(List<T> items, int page, int size, long total) {

    public static <E, T> Paged<T> of(Page<E> found, Function<E, T> view) {
        return new Paged<>(found.items().stream().map(view).toList(), found.page(), found.size(), found.total());
    }
}
