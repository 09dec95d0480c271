package dev.rotor.client.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** A web origin is one exact origin, https or http on localhost, kept as a browser sends it. */
class WebOriginsTest {

    @Test
    void exactOriginsMayBeRegistered() {
        Stream.of("https://shop.example", "https://shop.example:8443", "http://localhost:5173", "http://127.0.0.1:8080", "http://[::1]:3000")
                .forEach(origin -> assertEquals(Optional.empty(), WebOrigins.problemWith(origin), origin));
    }

    @Test
    void patternsPathsAndPlainHttpAreRefused() {
        Stream.of("https://*.shop.example", "*", "https://shop.example/", "https://shop.example/app", "https://shop.example?x",
                        "https://shop.example#x", "http://shop.example", "null", "shop.example", "ftp://shop.example",
                        "https://user@shop.example", "", "https://shop example")
                .forEach(origin -> assertTrue(WebOrigins.problemWith(origin).isPresent(), origin));
        assertTrue(WebOrigins.problemWith(null).isPresent());
    }

    @Test
    void keptInLowerCaseWithoutTheDefaultPort() {
        assertEquals("https://shop.example", WebOrigins.normalized("HTTPS://Shop.Example:443"));
        assertEquals("http://localhost", WebOrigins.normalized("http://LOCALHOST:80"));
        assertEquals("https://shop.example:8443", WebOrigins.normalized("https://shop.example:8443"));
    }
}
