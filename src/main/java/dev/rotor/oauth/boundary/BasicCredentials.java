package dev.rotor.oauth.boundary;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Client credentials sent with HTTP Basic as RFC 6749 §2.3.1 says: id and secret each
 * form-urlencoded, joined by a colon, then base64. {@code id} is null when the header uses the
 * Basic scheme but cannot be read (not base64, no colon, bad percent-encoding).
 */
record BasicCredentials(String id, String secret) {

    private static final String SCHEME = "Basic ";

    /** The credentials of an {@code Authorization} header in the Basic scheme; empty for none or another scheme. */
    static Optional<BasicCredentials> of(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return Optional.empty();
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring(SCHEME.length()).strip()),
                    StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                return Optional.of(new BasicCredentials(null, null));
            }
            return Optional.of(new BasicCredentials(URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
                    URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8)));
        } catch (IllegalArgumentException malformed) {
            return Optional.of(new BasicCredentials(null, null));
        }
    }

    boolean readable() {
        return id != null;
    }
}
