package dev.rotor.client.control;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Web origin rules: the origins a browser client calls Rotor from form the CORS allowlist for
 * calls without credentials, so each is one exact origin ({@code scheme://host[:port]}, RFC 6454),
 * never a pattern: {@code https}, or {@code http} on {@code localhost} or a loopback address for
 * development. Kept as the browser sends its {@code Origin} header: lower case, no default port.
 */
public final class WebOrigins {

    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]");

    private WebOrigins() {
    }

    /** Why {@code origin} cannot be registered, or empty when it can. */
    public static Optional<String> problemWith(String origin) {
        if (origin == null || origin.isBlank() || origin.length() > 300) {
            return Optional.of("A web origin must be 1 to 300 characters.");
        }
        if (origin.contains("*")) {
            return Optional.of("A web origin is one exact origin, no wildcards: " + origin);
        }
        URI uri;
        try {
            uri = new URI(origin);
        } catch (URISyntaxException e) {
            return Optional.of("Not an origin: " + origin);
        }
        if (!uri.isAbsolute() || uri.isOpaque() || uri.getHost() == null || uri.getRawUserInfo() != null) {
            return Optional.of("A web origin is scheme://host[:port]: " + origin);
        }
        if (!uri.getRawPath().isEmpty() || uri.getRawQuery() != null || uri.getRawFragment() != null || origin.contains("#")
                || origin.contains("?")) {
            return Optional.of("A web origin has no path, query or fragment (not even a trailing /): " + origin);
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("https")) {
            return Optional.empty();
        }
        if (scheme.equals("http")) {
            return LOOPBACK.contains(uri.getHost().toLowerCase(Locale.ROOT)) ? Optional.empty()
                    : Optional.of("http is only for localhost and loopback origins; use https: " + origin);
        }
        return Optional.of("A web origin is https (or http on localhost): " + origin);
    }

    /** The origin as a browser sends it: lower case, without the scheme's default port. Call after {@link #problemWith}. */
    public static String normalized(String origin) {
        URI uri = URI.create(origin);
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort();
        boolean defaultPort = port == -1 || scheme.equals("https") && port == 443 || scheme.equals("http") && port == 80;
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    }
}
