package dev.rotor.browser.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rotor.platform.RotorSettings;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OriginPolicyTest {

    OriginPolicy cut = new OriginPolicy();

    OriginPolicyTest() {
        cut.settings = RotorSettings.defaults().withIssuer("https://auth.shop.example");
        cut.allowedOrigins = Optional.of("https://app.shop.example, https://admin.shop.example");
        cut.clients = new dev.rotor.client.control.Clients() {
            @Override
            public boolean isWebOrigin(String origin) {
                return "https://spa.partner.example".equalsIgnoreCase(origin);
            }
        };
    }

    @Test
    void aRegisteredClientsWebOriginMayCallWithoutCredentialsButNeverChangeStateByCookie() {
        assertEquals(OriginPolicy.CrossOrigin.WITHOUT_CREDENTIALS, cut.crossOrigin("https://spa.partner.example"));
        assertEquals(OriginPolicy.CrossOrigin.WITH_CREDENTIALS, cut.crossOrigin("https://app.shop.example"));
        assertEquals(OriginPolicy.CrossOrigin.NONE, cut.crossOrigin("https://evil.example"));
        assertEquals(OriginPolicy.CrossOrigin.NONE, cut.crossOrigin(null));
        assertFalse(cut.isAllowedCrossOrigin("https://spa.partner.example"));
        assertFalse(cut.permitsStateChange("https://spa.partner.example", "same-site", "https", "auth.shop.example"));
    }

    @Test
    void ownOriginByIssuerOrByTheAddressedHostMayChangeState() {
        assertTrue(cut.permitsStateChange("https://auth.shop.example", "same-origin", "https", "auth.shop.example"));
        assertTrue(cut.permitsStateChange("http://localhost:9090", null, "http", "localhost:9090"));
    }

    @Test
    void allowlistedOriginsMayChangeStateAndOthersMayNot() {
        assertTrue(cut.permitsStateChange("https://app.shop.example", "same-site", "https", "auth.shop.example"));
        assertFalse(cut.permitsStateChange("https://evil.example", null, "https", "auth.shop.example"));
        assertFalse(cut.permitsStateChange("null", null, "https", "auth.shop.example"), "an opaque origin is foreign");
    }

    @Test
    void crossSiteFetchMetadataIsRefusedWhateverTheOrigin() {
        assertFalse(cut.permitsStateChange("https://auth.shop.example", "cross-site", "https", "auth.shop.example"));
    }

    @Test
    void aClientWithoutOriginOrFetchMetadataPassesThisCheck() {
        assertTrue(cut.permitsStateChange(null, null, "https", "auth.shop.example"), "the CSRF header still applies to it");
    }

    @Test
    void theAllowlistMatchesWholeOriginsOnly() {
        assertFalse(cut.isAllowedCrossOrigin("https://app.shop.example.evil.example"));
        assertFalse(cut.isAllowedCrossOrigin("https://app.shop.exampl"));
        assertTrue(cut.isAllowedCrossOrigin("HTTPS://APP.SHOP.EXAMPLE"));
        assertFalse(cut.isAllowedCrossOrigin(null));
    }
}
