package dev.rotor.client.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Which redirect URIs may be registered (OAuth 2.1 §2.3.1, RFC 8252) and which presented ones match a registered one. */
class RedirectUrisTest {

    @Test
    void httpsLoopbackHttpAndPrivateUseSchemesMayBeRegistered() {
        Stream.of("https://shop.example/callback", "https://shop.example:8443/cb?tenant=1", "http://127.0.0.1/callback",
                        "http://127.0.0.1:8400/callback", "http://[::1]/cb", "com.example.app:/oauth2redirect", "com.example.app://callback")
                .forEach(uri -> assertEquals(Optional.empty(), RedirectUris.problemWith(uri), uri));
    }

    @Test
    void everythingElseIsRefusedWithAReason() {
        Stream.of("https://*.shop.example/cb", "https://shop.example/*", "https://shop.example/cb#section", "https://shop.example/cb#",
                        "/callback", "callback", "//shop.example/cb", "http://shop.example/cb", "http://localhost:8080/cb",
                        "http://10.0.0.1/cb", "myapp:/cb", "javascript:alert(1)", "data:text/html,hi", "file:///etc/passwd",
                        "https:/no-host", "", " ", "https://shop.example/" + "a".repeat(2000), "https://shop example/cb")
                .forEach(uri -> assertTrue(RedirectUris.problemWith(uri).isPresent(), uri));
        assertTrue(RedirectUris.problemWith(null).isPresent());
    }

    @Test
    void aPresentedUriMatchesExactly() {
        var registered = List.of("https://shop.example/callback", "com.example.app:/oauth2redirect");
        assertTrue(RedirectUris.anyMatches(registered, "https://shop.example/callback"));
        assertTrue(RedirectUris.anyMatches(registered, "com.example.app:/oauth2redirect"));
        Stream.of("https://shop.example/callback/", "https://shop.example/callback/evil", "https://shop.example/callbac",
                        "https://shop.example/callback?x=1", "https://shop.example/callback#f", "https://SHOP.example/callback",
                        "https://shop.example/Callback", "HTTPS://shop.example/callback", "https://shop.example:443/callback",
                        "https://shop.example.evil.example/callback", "http://shop.example/callback", "https://shop.example:8443/callback")
                .forEach(uri -> assertFalse(RedirectUris.anyMatches(registered, uri), "prefix, case, port, scheme or fragment: " + uri));
    }

    @Test
    void aLoopbackRedirectMatchesOnAnyPortAndOnlyThat() {
        assertTrue(RedirectUris.matches("http://127.0.0.1/callback", "http://127.0.0.1:53123/callback"));
        assertTrue(RedirectUris.matches("http://127.0.0.1:8400/callback", "http://127.0.0.1:1/callback"));
        assertTrue(RedirectUris.matches("http://[::1]/cb", "http://[::1]:49152/cb"));
        assertFalse(RedirectUris.matches("http://127.0.0.1/callback", "http://127.0.0.1:53123/callback/x"), "the path still matches exactly");
        assertFalse(RedirectUris.matches("http://127.0.0.1/callback", "http://127.0.0.1:53123/callback?x=1"), "and the query");
        assertFalse(RedirectUris.matches("http://127.0.0.1/callback", "http://127.0.0.1:53123/callback#f"));
        assertFalse(RedirectUris.matches("http://127.0.0.1/callback", "http://[::1]:53123/callback"), "another host");
        assertFalse(RedirectUris.matches("http://127.0.0.1/callback", "http://localhost:53123/callback"));
        assertFalse(RedirectUris.matches("http://127.0.0.1/callback", "http://user@127.0.0.1:53123/callback"));
        assertFalse(RedirectUris.matches("https://shop.example/cb", "https://shop.example:8443/cb"), "not for https");
        assertFalse(RedirectUris.matches("http://127.0.0.1/callback", "not a uri ::"));
    }
}
