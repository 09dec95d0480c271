package dev.rotor.kit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class CookieBridgeTest {

    private static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");

    private static String token(String payload) {
        var encoder = Base64.getUrlEncoder().withoutPadding();
        return encoder.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + encoder.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + ".c2ln";
    }

    @Test
    void cookieWhoseTokenHasNotExpiredIsHandedOn() {
        assertTrue(CookieBridge.unexpired(token("{\"exp\":" + (NOW.getEpochSecond() + 60) + "}"), NOW));
    }

    @Test
    void expiredOrUnreadableCookieIsLeftOut() {
        assertFalse(CookieBridge.unexpired(token("{\"exp\":" + NOW.getEpochSecond() + "}"), NOW));
        assertFalse(CookieBridge.unexpired(token("{\"sub\":\"x\"}"), NOW));
        assertFalse(CookieBridge.unexpired(token("not json"), NOW));
        assertFalse(CookieBridge.unexpired(token("{\"exp\":99999999999999999999}"), NOW));
        assertFalse(CookieBridge.unexpired("a.b", NOW));
        assertFalse(CookieBridge.unexpired("a.!!!.c", NOW));
    }
}
