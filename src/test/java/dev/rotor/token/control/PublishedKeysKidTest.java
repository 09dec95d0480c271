package dev.rotor.token.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** {@link PublishedKeys#kidOf}: the kid a token's header names, remembered per header. */
class PublishedKeysKidTest {

    @Test
    void readsTheKidOfEachHeaderAndAnswersTheSameWhenAskedAgain() {
        String a = token("{\"kid\":\"key-a\",\"alg\":\"RS256\"}");
        String b = token("{\"kid\":\"key-b\",\"alg\":\"RS256\"}");

        assertEquals("key-a", PublishedKeys.kidOf(a));
        assertEquals("key-b", PublishedKeys.kidOf(b));
        assertEquals("key-a", PublishedKeys.kidOf(a));
        assertEquals("key-b", PublishedKeys.kidOf(b.substring(0, b.indexOf('.')) + ".other.claims"),
                "the same header names the same key whatever follows");
    }

    @Test
    void answersNullForNoKidNoJwsAndAnUnreadableHeader() {
        assertNull(PublishedKeys.kidOf(token("{\"alg\":\"RS256\"}")));
        assertNull(PublishedKeys.kidOf("no-dots-here"));
        assertNull(PublishedKeys.kidOf(null));
        assertNull(PublishedKeys.kidOf("bm90IGpzb24.e30.sig"), "a header that is not JSON");
        assertNull(PublishedKeys.kidOf(token("{\"kid\":\"key-x\"}")), "a header without alg is not a JWS header");
    }

    @Test
    void staysRightPastTheNumberOfHeadersItRemembers() {
        for (int i = 0; i < PublishedKeys.KNOWN_HEADERS_MAX * 3; i++) {
            String kid = "k" + i;
            assertEquals(kid, PublishedKeys.kidOf(token("{\"kid\":\"" + kid + "\",\"alg\":\"ES256\"}")));
        }
        assertEquals("k0", PublishedKeys.kidOf(token("{\"kid\":\"k0\",\"alg\":\"ES256\"}")));
    }

    private static String token(String header) {
        var encoder = Base64.getUrlEncoder().withoutPadding();
        return encoder.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + encoder.encodeToString("{}".getBytes(StandardCharsets.UTF_8)) + ".c2ln";
    }
}
