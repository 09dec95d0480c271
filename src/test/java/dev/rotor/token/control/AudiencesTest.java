package dev.rotor.token.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AudiencesTest {

    private static Map<String, Optional<String>> servers(Object... idAndAudience) {
        Map<String, Optional<String>> servers = new LinkedHashMap<>();
        for (int i = 0; i < idAndAudience.length; i += 2) {
            servers.put((String) idAndAudience[i], Optional.ofNullable((String) idAndAudience[i + 1]));
        }
        return servers;
    }

    private final Audiences audiences = Audiences.of("rotor",
            servers("orders", null, "billing", "https://billing.example/api"), List.of("orders"));

    @Test
    void eachResourceServerHasItsOwnAudienceConfiguredOrDerivedFromItsId() {
        assertEquals(Optional.of("urn:rotor:resource-server:orders"), audiences.ofResourceServer("orders"));
        assertEquals(Optional.of("https://billing.example/api"), audiences.ofResourceServer("billing"));
        assertEquals(Optional.empty(), audiences.ofResourceServer("unknown"));
        assertEquals(Optional.empty(), audiences.ofResourceServer(null));
        assertEquals(Set.of("rotor", "urn:rotor:resource-server:orders", "https://billing.example/api"), audiences.all());
    }

    @Test
    void aTokenRequestGetsExactlyTheAudienceItsResourceNames() {
        assertEquals(Optional.of(List.of("rotor")), audiences.forResource(null), "no resource: Rotor's own API only");
        assertEquals(Optional.of(List.of("rotor")), audiences.forResource("rotor"));
        assertEquals(Optional.of(List.of("https://billing.example/api")), audiences.forResource("https://billing.example/api"));
        assertEquals(Optional.of(List.of("urn:rotor:resource-server:orders")), audiences.forResource("urn:rotor:resource-server:orders"));
        assertEquals(Optional.empty(), audiences.forResource("https://billing.example/api/"), "exact match only");
        assertEquals(Optional.empty(), audiences.forResource("orders"), "a client id is not an audience");
        assertEquals(Optional.empty(), audiences.forResource("urn:rotor:resource-server:unknown"));
    }

    @Test
    void theBrowsersCookieTokenIsForRotorAndTheResourceServersOnItsHostOnly() {
        assertEquals(List.of("rotor", "urn:rotor:resource-server:orders"), audiences.browser());
        assertEquals(List.of("rotor"), Audiences.of("rotor", servers("orders", null), List.of()).browser());
    }

    @Test
    void configurationThatCannotWorkStopsTheStartNamingTheKey() {
        assertProblem("rotor.resource-servers.orders.audience must be an absolute URI",
                () -> Audiences.of("rotor", servers("orders", "orders"), List.of()));
        assertProblem("without a fragment", () -> Audiences.of("rotor", servers("orders", "https://o.example/#x"), List.of()));
        assertProblem("must not contain a comma", () -> Audiences.of("rotor", servers("orders", "https://o.example/a,b"), List.of()));
        assertProblem("is also the audience of Rotor or of another resource server",
                () -> Audiences.of("https://rotor.example", servers("orders", "https://rotor.example"), List.of()));
        assertProblem("is also the audience of Rotor or of another resource server",
                () -> Audiences.of("rotor", servers("orders", "https://x.example", "billing", "https://x.example"), List.of()));
        assertProblem("rotor.cookies.resource-servers names 'shop', which is not in rotor.resource-servers",
                () -> Audiences.of("rotor", servers("orders", null), List.of("shop")));
    }

    private static void assertProblem(String expected, Runnable configure) {
        var e = assertThrows(IllegalStateException.class, configure::run);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
