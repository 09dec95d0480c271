package dev.rotor.oauth.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ResourceServerClientsTest {

    private static final String SECRET = "orders-secret-0123456789";

    private final ResourceServerClients cut = new ResourceServerClients();

    private void configure(String list) {
        cut.configured = Optional.of(list);
        cut.init();
    }

    @Test
    void configuredClientWithItsSecretIsAuthenticated() {
        configure("orders:" + SecretHash.of(SECRET, 1024).format() + ", billing:" + SecretHash.of("other-secret-0123456", 1024).format());
        assertTrue(cut.authenticate("orders", SECRET));
        assertTrue(cut.authenticate("orders", SECRET), "the remembered check answers the same");
        assertFalse(cut.authenticate("billing", SECRET));
    }

    @Test
    void wrongSecretAndUnknownClientAreRefused() {
        configure("orders:" + SecretHash.of(SECRET, 1024).format());
        assertFalse(cut.authenticate("orders", SECRET + "x"));
        assertFalse(cut.authenticate("nobody", SECRET));
        assertFalse(cut.authenticate("orders", null));
    }

    @Test
    void anUnknownClientIdIsRefusedWithoutTheSlowHash() {
        configure("orders:" + SecretHash.of(SECRET, 1024).format());
        assertFalse(cut.authenticate("nobody", SECRET));
        assertFalse(cut.authenticate(null, SECRET));
        assertEquals(0, cut.slowChecks(), "an id that is not configured costs no PBKDF2");
        assertFalse(cut.authenticate("orders", SECRET + "x"));
        assertEquals(1, cut.slowChecks());
        assertTrue(cut.authenticate("orders", SECRET));
        assertTrue(cut.remembered("orders", SECRET));
        assertTrue(cut.authenticate("orders", SECRET));
        assertEquals(2, cut.slowChecks(), "the accepted secret is remembered, not hashed again");
    }

    @Test
    void noConfigurationAuthenticatesNobody() {
        configure("");
        assertFalse(cut.any());
        assertFalse(cut.authenticate("orders", SECRET));
    }

    @Test
    void malformedEntryStopsTheStartNamingTheClientButNotTheValue() {
        var thrown = assertThrows(IllegalStateException.class, () -> configure("orders:plaintext-secret"));
        assertTrue(thrown.getMessage().contains("'orders'"), thrown.getMessage());
        assertFalse(thrown.getMessage().contains("plaintext-secret"), thrown.getMessage());
        assertThrows(IllegalStateException.class, () -> configure("orders"));
    }

    @Test
    void hashRoundTripsThroughItsConfiguredForm() {
        SecretHash hash = SecretHash.of(SECRET, 2048);
        SecretHash read = SecretHash.parse(hash.format());
        assertEquals(2048, read.iterations());
        assertTrue(read.matches(SECRET));
        assertFalse(read.matches("not the secret at all"));
    }
}
