package dev.rotor.browser.boundary;

import dev.rotor.client.control.Clients;
import dev.rotor.platform.RotorSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Which origins may call with the browser's cookies: this service's own origin (the issuer, or the
 * origin the browser addressed), plus the CORS allowlist {@code rotor.cors.allowed-origins}. And
 * which may call cross-origin without credentials (a bearer token, no cookie): the web origins of
 * the enabled registered clients. Such an origin never passes {@link #permitsStateChange}.
 */
@ApplicationScoped
public class OriginPolicy {

    /** What CORS grants an origin. */
    public enum CrossOrigin {
        /** Not allowed: no CORS header. */
        NONE,
        /** A registered client's web origin: echoed, without {@code Access-Control-Allow-Credentials}. */
        WITHOUT_CREDENTIALS,
        /** On {@code rotor.cors.allowed-origins}: echoed with {@code Access-Control-Allow-Credentials: true}. */
        WITH_CREDENTIALS
    }

    @Inject
    RotorSettings settings;

    @Inject
    Clients clients;

    /** Comma-separated origins; a String because Payara cannot inject Optional<List<String>>. */
    @Inject
    @ConfigProperty(name = "rotor.cors.allowed-origins")
    Optional<String> allowedOrigins;

    /** True when the CORS allowlist names this exact origin. */
    public boolean isAllowedCrossOrigin(String origin) {
        return origin != null && allowedOrigins.stream()
                .flatMap(list -> Arrays.stream(list.split(",")))
                .anyMatch(allowed -> !allowed.isBlank() && allowed.strip().equalsIgnoreCase(origin));
    }

    /** What CORS grants {@code origin}: the cookie allowlist first, then the clients' web origins. */
    public CrossOrigin crossOrigin(String origin) {
        if (origin == null || origin.isEmpty() || "null".equals(origin)) {
            return CrossOrigin.NONE;
        }
        if (isAllowedCrossOrigin(origin)) {
            return CrossOrigin.WITH_CREDENTIALS;
        }
        return clients.isWebOrigin(origin) ? CrossOrigin.WITHOUT_CREDENTIALS : CrossOrigin.NONE;
    }

    /**
     * A state-changing cookie request passes when its {@code Sec-Fetch-Site} is not
     * {@code cross-site} and its {@code Origin}, if any, is ours or allowlisted. A registered
     * client's web origin is not enough: it calls with bearer tokens, never with the cookies.
     */
    public boolean permitsStateChange(String origin, String fetchSite, String scheme, String host) {
        if ("cross-site".equalsIgnoreCase(fetchSite)) {
            return false;
        }
        if (origin == null) {
            return true;
        }
        return isOwnOrigin(origin, scheme, host) || isAllowedCrossOrigin(origin);
    }

    private boolean isOwnOrigin(String origin, String scheme, String host) {
        String normalized = origin.toLowerCase(Locale.ROOT);
        if (normalized.equals(originOf(settings.issuer()))) {
            return true;
        }
        return host != null && normalized.equals((scheme + "://" + host).toLowerCase(Locale.ROOT));
    }

    private static String originOf(String url) {
        try {
            URI uri = URI.create(url);
            return (uri.getScheme() + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort()))
                    .toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}
