package dev.rotor.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class PageTest {

    @Test
    void aPageRepeatsWhatWasAskedAndHowManyThereAreInAll() {
        assertEquals(new Page<>(List.of("a", "b"), 2, 10, 37L), Page.of(new PageRequest(2, 10), 37, List.of("a", "b")));
    }

    @Test
    void mappingShowsEachItemAndKeepsThePaging() {
        Page<Integer> found = Page.of(new PageRequest(1, 3), 5, List.of(4, 5));
        assertEquals(new Page<>(List.of("#4", "#5"), 1, 3, 5L), found.map(n -> "#" + n));
    }
}
