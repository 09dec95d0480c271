package dev.rotor.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The kit's handling of feed answers and of the feed URL that discovery names, with a fixed clock. */
class FeedFollowerTest {

    private static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");

    private final KitSettings settings = new KitSettings();
    private final FeedFollower cut = new FeedFollower();

    @BeforeEach
    void wire() {
        settings.baseUrl = "https://rotor.example";
        settings.issuer = Optional.empty();
        settings.maxStaleness = Duration.ofSeconds(10);
        cut.settings = settings;
        cut.clock = Clock.fixed(NOW, ZoneOffset.UTC);
    }

    private static JsonObject page(long cursor, String revocations, long head) {
        String json = "{\"cursor\":" + cursor + ",\"revocations\":[" + revocations + "],\"more\":false,\"horizon_seconds\":960"
                + (head < 0 ? "" : ",\"head\":" + head) + "}";
        try (var reader = JsonProvider.provider().createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }

    private static String session(long seq, String sid) {
        return "{\"seq\":" + seq + ",\"kind\":\"session\",\"sub\":\"a1\",\"sid\":\"" + sid + "\"}";
    }

    @Test
    void aCursorAboveTheRecordsHeadStartsOverFromZeroAndIsStaleUntilCaughtUp() {
        cut.take(0, page(50, session(50, "s50"), 50));
        assertFalse(cut.stale());
        assertEquals(50, cut.cursor());

        cut.take(50, page(50, "", 7)); // Rotor's database was restored: its record ends at 7
        assertEquals(0, cut.cursor(), "reads the record again from the start");
        assertTrue(cut.stale(), "not ready until caught up");

        cut.take(0, page(8, session(8, "s8"), 8));
        assertFalse(cut.stale());
        assertFalse(cut.accepts("a1", "s8", 0), "entries of the restored record are applied");
        assertFalse(cut.accepts("a1", "s50", 0), "what was known before is kept until its horizon");
    }

    @Test
    void anAnswerWithoutAHeadNeverResets() {
        cut.take(0, page(50, session(50, "s50"), 50));
        cut.take(50, page(50, "", -1));
        assertEquals(50, cut.cursor());
        assertFalse(cut.stale());
    }

    @Test
    void aFirstAnswerThatHoldsEverythingBackIsNoContact() {
        cut.take(0, page(0, "", 501)); // a row may still be committing below the first one Rotor keeps
        assertTrue(cut.stale(), "the kit knows nothing yet");
        cut.take(0, page(501, session(500, "s500") + "," + session(501, "s501"), 501));
        assertFalse(cut.stale());
        assertEquals(501, cut.cursor());
    }

    @Test
    void anEmptyRecordIsContact() {
        cut.take(0, page(0, "", 0));
        assertFalse(cut.stale());
    }

    @Test
    void aRevokedKeyIsRemembered() {
        cut.take(0, page(3, "{\"seq\":3,\"kind\":\"key\",\"kid\":\"k-1\"}", 3));
        assertFalse(cut.acceptsKey("k-1"));
        assertTrue(cut.acceptsKey("k-2"));
    }

    @Test
    void theSecretGoesOnlyToAnHttpsFeedOnRotorsOrigin() {
        assertEquals("https://rotor.example/oauth2/revocations", cut.checkedFeed("https://rotor.example/oauth2/revocations"));
        assertEquals("https://rotor.example:443/oauth2/revocations", cut.checkedFeed("https://rotor.example:443/oauth2/revocations"));
        assertThrows(IllegalStateException.class, () -> cut.checkedFeed("https://evil.example/oauth2/revocations"));
        assertThrows(IllegalStateException.class, () -> cut.checkedFeed("https://rotor.example:8443/oauth2/revocations"));
        assertThrows(IllegalStateException.class, () -> cut.checkedFeed("http://rotor.example/oauth2/revocations"));
        assertThrows(IllegalStateException.class, () -> cut.checkedFeed("not a url"));
    }

    @Test
    void theIssuersOriginCountsAsRotorsToo() {
        settings.baseUrl = "https://rotor.internal:8443";
        settings.issuer = Optional.of("https://login.example");
        assertEquals("https://login.example/oauth2/revocations", cut.checkedFeed("https://login.example/oauth2/revocations"));
        assertEquals("https://rotor.internal:8443/oauth2/revocations", cut.checkedFeed("https://rotor.internal:8443/oauth2/revocations"));
    }

    @Test
    void plainHttpOnlyToThisMachineOrWhenAllowed() {
        settings.baseUrl = "http://localhost:8080";
        assertEquals("http://localhost:8080/oauth2/revocations", cut.checkedFeed("http://localhost:8080/oauth2/revocations"));
        settings.baseUrl = "http://127.0.0.1:8080";
        assertEquals("http://127.0.0.1:8080/x", cut.checkedFeed("http://127.0.0.1:8080/x"));
        settings.baseUrl = "http://rotor:8080";
        assertThrows(IllegalStateException.class, () -> cut.checkedFeed("http://rotor:8080/oauth2/revocations"));
        settings.allowHttp = true;
        assertEquals("http://rotor:8080/oauth2/revocations", cut.checkedFeed("http://rotor:8080/oauth2/revocations"));
        assertThrows(IllegalStateException.class, () -> cut.checkedFeed("http://evil:8080/oauth2/revocations"),
                "allow-http does not lift the origin rule");
    }
}
