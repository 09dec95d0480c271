package dev.rotor.client.control;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Redirect URI rules. Registering (OAuth 2.1 §2.3.1, RFC 8252): absolute, no fragment, no wildcard;
 * {@code https}, or {@code http} only on a loopback IP literal ({@code 127.0.0.1}, {@code [::1]}) for
 * native apps, or a private-use scheme with a dot in it ({@code com.example.app:/callback}).
 * Matching an authorization request: exact string comparison, except that a loopback redirect's
 * port may differ (RFC 8252 §7.3: a native app listens on whatever port it got).
 */
public final class RedirectUris {

    private RedirectUris() {
    }

    /** Why {@code uri} cannot be registered, or empty when it can. */
    public static Optional<String> problemWith(String uri) {
        if (uri == null || uri.isBlank() || uri.length() > 2000) {
            return Optional.of("A redirect URI must be 1 to 2000 characters.");
        }
        if (uri.contains("*")) {
            return Optional.of("A redirect URI has no wildcards: " + uri);
        }
        URI parsed;
        try {
            parsed = new URI(uri);
        } catch (URISyntaxException e) {
            return Optional.of("Not a URI: " + uri);
        }
        if (!parsed.isAbsolute() || parsed.isOpaque() && !isPrivateUse(parsed)) {
            return Optional.of("A redirect URI must be absolute: " + uri);
        }
        if (parsed.getRawFragment() != null || uri.contains("#")) {
            return Optional.of("A redirect URI has no fragment: " + uri);
        }
        String scheme = parsed.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("https")) {
            return parsed.getHost() == null ? Optional.of("An https redirect URI names a host: " + uri) : Optional.empty();
        }
        if (scheme.equals("http")) {
            return isLoopback(parsed) ? Optional.empty()
                    : Optional.of("http is only for loopback redirects (http://127.0.0.1 or http://[::1]): " + uri);
        }
        return isPrivateUse(parsed) ? Optional.empty()
                : Optional.of("A redirect URI is https, loopback http, or a private-use scheme like com.example.app: " + uri);
    }

    /** Whether {@code presented} is one of {@code registered}, as {@link RedirectUris} says. */
    public static boolean anyMatches(List<String> registered, String presented) {
        return registered.stream().anyMatch(uri -> matches(uri, presented));
    }

    /** Exact match; for a loopback {@code http} registration, any port. */
    public static boolean matches(String registered, String presented) {
        if (registered.equals(presented)) {
            return true;
        }
        try {
            URI r = new URI(registered);
            URI p = new URI(presented);
            return "http".equals(r.getScheme()) && "http".equals(p.getScheme()) && isLoopback(r) && isLoopback(p)
                    && r.getHost().equals(p.getHost())
                    && equal(r.getRawPath(), p.getRawPath()) && equal(r.getRawQuery(), p.getRawQuery())
                    && r.getRawUserInfo() == null && p.getRawUserInfo() == null
                    && r.getRawFragment() == null && p.getRawFragment() == null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static boolean isLoopback(URI uri) {
        String host = uri.getHost();
        return "127.0.0.1".equals(host) || "[::1]".equals(host);
    }

    /** RFC 8252 §7.1: a reverse-domain scheme (it has a dot), never a web or well-known one. */
    private static boolean isPrivateUse(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        return scheme.contains(".") && !List.of("javascript", "data", "file", "vbscript", "http", "https").contains(scheme);
    }

    private static boolean equal(String a, String b) {
        return a == null ? b == null : a.equals(b);
    }
}
