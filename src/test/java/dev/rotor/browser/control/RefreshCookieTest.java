package dev.rotor.browser.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.http.HttpServletRequest;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The refresh cookie is read and parsed once per request, however many ask for it. */
class RefreshCookieTest {

    static final String SESSION = "11111111-2222-3333-4444-555555555555";

    final AtomicInteger reads = new AtomicInteger();

    private RefreshCookie holding(String value) {
        var cut = new RefreshCookie();
        cut.cookies = new BrowserCookies() {
            @Override
            public String refreshToken(HttpServletRequest request) {
                reads.incrementAndGet();
                return value;
            }
        };
        return cut;
    }

    @Test
    void aRefreshTokenIsReadOnceAndParsedIntoItsParts() {
        var cut = holding(SESSION + ".7." + "A".repeat(43));
        assertTrue(cut.present(null));
        assertEquals(SESSION, cut.token(null).orElseThrow().sessionId());
        assertEquals(7, cut.token(null).orElseThrow().generation());
        assertEquals(1, reads.get(), "the CSRF check and the endpoint share one read");
    }

    @Test
    void aCookieThatIsNotARefreshTokenIsPresentButHasNoToken() {
        var cut = holding("not-a-refresh-token");
        assertTrue(cut.present(null), "the CSRF check still applies to it");
        assertTrue(cut.token(null).isEmpty());
        assertEquals(1, reads.get());
    }

    @Test
    void noCookieIsNeitherPresentNorAToken() {
        var cut = holding(null);
        assertFalse(cut.present(null));
        assertTrue(cut.token(null).isEmpty());
    }
}
