package dev.rotor.oauth.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.rotor.platform.RequestFacts;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ResourceServerGateTest {

    /**
     * With no resource server configured there is nothing to authenticate against: the answer is
     * a refusal at once. The throttle and the audit log are left null here, so touching either
     * (a database write) would fail the test; no secret is hashed.
     */
    @Test
    void withNoResourceServerConfiguredEveryCallerIsRefusedAtOnce() {
        var clients = new ResourceServerClients();
        clients.configured = Optional.empty();
        clients.init();
        var gate = new ResourceServerGate();
        gate.clients = clients;
        var facts = new RequestFacts("192.0.2.7", "test", null);
        for (String id : new String[] {"orders", null, "x".repeat(500)}) {
            var decision = gate.authenticate(id, "orders-secret-0123456789", facts);
            assertFalse(decision.accepted());
            assertNull(decision.retryAfter());
        }
        assertEquals(0, clients.slowChecks());
    }
}
