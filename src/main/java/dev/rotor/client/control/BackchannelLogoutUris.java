package dev.rotor.client.control;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * Rules for a client's {@code backchannel_logout_uri} (OpenID Connect Back-Channel Logout 1.0 §2.2):
 * absolute, at most 2048 characters, no fragment, no user info (it would be stored and audited);
 * {@code https} with a host, or {@code http} to a loopback host ({@code localhost}, {@code 127.0.0.1},
 * {@code [::1]}) or anywhere when {@code allowHttp} (an admin's choice for a trusted network).
 * Rotor POSTs logout tokens there from the server, so only an admin may register it.
 */
public final class BackchannelLogoutUris {

    public static final int MAX_LENGTH = 2048;

    private BackchannelLogoutUris() {
    }

    /** Why {@code uri} cannot be a back-channel logout URI, or empty when it can (null or blank means none, which is fine). */
    public static Optional<String> problemWith(String uri, boolean allowHttp) {
        if (uri == null || uri.isBlank()) {
            return Optional.empty();
        }
        if (uri.length() > MAX_LENGTH) {
            return Optional.of("A back-channel logout URI has at most " + MAX_LENGTH + " characters.");
        }
        URI parsed;
        try {
            parsed = new URI(uri);
        } catch (URISyntaxException e) {
            return Optional.of("Not a URI: " + uri);
        }
        if (!parsed.isAbsolute() || parsed.isOpaque() || parsed.getHost() == null) {
            return Optional.of("A back-channel logout URI must be absolute, with a host: " + uri);
        }
        if (parsed.getRawFragment() != null || uri.contains("#")) {
            return Optional.of("A back-channel logout URI has no fragment: " + uri);
        }
        if (parsed.getRawUserInfo() != null) {
            return Optional.of("A back-channel logout URI carries no user name or password: " + uri);
        }
        String scheme = parsed.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("https")) {
            return Optional.empty();
        }
        if (scheme.equals("http")) {
            String host = parsed.getHost().toLowerCase(Locale.ROOT);
            boolean loopback = host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]");
            return loopback || allowHttp ? Optional.empty()
                    : Optional.of("A back-channel logout URI is https (http only to localhost, 127.0.0.1 or [::1]): " + uri);
        }
        return Optional.of("A back-channel logout URI is https or http: " + uri);
    }
}
