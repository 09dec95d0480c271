package dev.rotor.platform;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Reads the facts about a request that sessions and audit events keep. The client's address is
 * the connection's, or the forwarded one when the connection comes from a trusted proxy
 * ({@link TrustedProxies}).
 */
public final class Requests {

    private static volatile TrustedProxies proxies;

    private Requests() {
    }

    public static RequestFacts facts(HttpServletRequest request) {
        if (request == null) {
            return RequestFacts.NONE;
        }
        TrustedProxies proxies = trustedProxies();
        String client = proxies.isEmpty() ? request.getRemoteAddr()
                : proxies.clientAddress(request.getRemoteAddr(), Collections.list(request.getHeaders("X-Forwarded-For")));
        return new RequestFacts(client, request.getHeader("User-Agent"), null);
    }

    /** {@code rotor.http.trusted-proxies}, read once; {@code StartUp} reads it first, so a bad value stops the start. */
    public static TrustedProxies trustedProxies() {
        TrustedProxies known = proxies;
        if (known == null) {
            known = TrustedProxies.parse(ConfigProvider.getConfig().getOptionalValue("rotor.http.trusted-proxies", String.class).orElse(""));
            proxies = known;
        }
        return known;
    }
}
