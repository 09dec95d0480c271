package dev.rotor.client.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class BackchannelLogoutUrisTest {

    @Test
    void httpsAndLoopbackHttpAreAccepted() {
        for (String uri : new String[] {"https://shop.example/backchannel-logout", "https://shop.example:8443/bc?x=1",
                "http://localhost:8081/app/backchannel-logout", "http://127.0.0.1/bc", "http://[::1]:9000/bc", null, ""}) {
            assertEquals(Optional.empty(), BackchannelLogoutUris.problemWith(uri, false), uri);
        }
    }

    @Test
    void othersAreRefused() {
        for (String uri : new String[] {"http://shop.example/bc", "/relative", "ftp://shop.example/bc", "https://shop.example/bc#frag",
                "https://user:pw@shop.example/bc", "javascript:alert(1)", "https://", "https://shop.example/" + "a".repeat(2048), "not a uri"}) {
            assertTrue(BackchannelLogoutUris.problemWith(uri, false).isPresent(), uri);
        }
    }

    @Test
    void plainHttpAnywhereOnlyWhenAllowed() {
        assertEquals(Optional.empty(), BackchannelLogoutUris.problemWith("http://shop.internal/bc", true));
    }
}
