package dev.rotor.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The forwarded address is believed only from a trusted proxy, and only as far as the first untrusted hop. */
class TrustedProxiesTest {

    TrustedProxies proxies = TrustedProxies.parse("10.0.0.0/8, 192.0.2.7, 2001:db8::/32");

    @Test
    void withoutTrustedProxiesTheHeaderIsIgnored() {
        assertEquals("10.1.2.3", TrustedProxies.parse("").clientAddress("10.1.2.3", List.of("203.0.113.9")));
        assertEquals("10.1.2.3", TrustedProxies.NONE.clientAddress("10.1.2.3", List.of("203.0.113.9")));
    }

    @Test
    void aTrustedProxyNamesTheClient() {
        assertEquals("203.0.113.9", proxies.clientAddress("10.1.2.3", List.of("203.0.113.9")));
        assertEquals("203.0.113.9", proxies.clientAddress("192.0.2.7", List.of("203.0.113.9")));
        assertEquals("2001:db9::1", proxies.clientAddress("2001:db8::5", List.of("2001:db9::1")));
    }

    @Test
    void anUntrustedSenderCannotChooseItsAddress() {
        assertEquals("198.51.100.1", proxies.clientAddress("198.51.100.1", List.of("203.0.113.9")));
        assertEquals("192.0.2.8", proxies.clientAddress("192.0.2.8", List.of("10.0.0.1")));
    }

    @Test
    void theRightMostUntrustedHopIsTheClientWhateverTheClientPrepended() {
        // The client sent "X-Forwarded-For: 1.1.1.1"; an outer proxy 10.9.9.9 appended the real client, then ours appended 10.9.9.9.
        assertEquals("203.0.113.9", proxies.clientAddress("10.1.2.3", List.of("1.1.1.1, 203.0.113.9, 10.9.9.9")));
        assertEquals("203.0.113.9", proxies.clientAddress("10.1.2.3", List.of("1.1.1.1", "203.0.113.9", "10.9.9.9")),
                "several header lines read in order");
    }

    @Test
    void aMalformedHopStopsTheWalk() {
        assertEquals("10.9.9.9", proxies.clientAddress("10.1.2.3", List.of("evil.example, 10.9.9.9")));
        assertEquals("10.1.2.3", proxies.clientAddress("10.1.2.3", List.of("unknown")));
        assertEquals("10.1.2.3", proxies.clientAddress("10.1.2.3", List.of()));
    }

    @Test
    void onlyTrustedHopsMeansTheLeftMostOne() {
        assertEquals("10.0.0.1", proxies.clientAddress("10.1.2.3", List.of("10.0.0.1, 10.0.0.2")));
    }

    @Test
    void blocksMatchBitByBit() {
        var narrow = TrustedProxies.parse("127.0.99.0/24");
        assertTrue(narrow.trusted("127.0.99.200"));
        assertFalse(narrow.trusted("127.0.98.200"));
        assertFalse(narrow.trusted("::1"));
        assertTrue(TrustedProxies.parse("0.0.0.0/0").trusted("8.8.8.8"));
    }

    @Test
    void aBadSettingStopsTheStart() {
        assertThrows(IllegalStateException.class, () -> TrustedProxies.parse("proxy.internal"));
        assertThrows(IllegalStateException.class, () -> TrustedProxies.parse("10.0.0.0/33"));
        assertThrows(IllegalStateException.class, () -> TrustedProxies.parse("10.0.0.0/x"));
    }
}
