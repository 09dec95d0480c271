package dev.rotor.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PageRequestTest {

    @Test
    void blankValuesAskForTheFirstPageOfTheDefaultSize() {
        assertEquals(new PageRequest(0, 50), PageRequest.parse(null, " ", 50));
    }

    @Test
    void withoutADefaultSizeAListingShowsTwentyItems() {
        assertEquals(new PageRequest(0, 20), PageRequest.parse("", null));
    }

    @Test
    void valuesAreReadAroundWhitespace() {
        PageRequest request = PageRequest.parse(" 2 ", "10", 20);
        assertEquals(new PageRequest(2, 10), request);
        assertEquals(20, request.offset());
    }

    @Test
    void anythingButAWholeNumberInRangeIsInvalidPaging() {
        assertThrows(InvalidPaging.class, () -> PageRequest.parse("x", null, 20));
        assertThrows(InvalidPaging.class, () -> PageRequest.parse(null, "1.5", 20));
        assertThrows(InvalidPaging.class, () -> PageRequest.parse("-1", null, 20));
        assertThrows(InvalidPaging.class, () -> PageRequest.parse(null, "0", 20));
        assertThrows(InvalidPaging.class, () -> PageRequest.parse(null, String.valueOf(PageRequest.MAX_SIZE + 1), 20));
        assertThrows(InvalidPaging.class, () -> PageRequest.parse("99999999999", null, 20));
    }

    @Test
    void aPageWhoseFirstItemIsBeyondTheIntRangeIsInvalidPagingNotAnOverflow() {
        assertThrows(InvalidPaging.class, () -> PageRequest.parse("30000000", "100", 20));
        assertEquals(Integer.MAX_VALUE - 7, PageRequest.parse(String.valueOf(Integer.MAX_VALUE - 7), "1", 20).offset());
    }
}
