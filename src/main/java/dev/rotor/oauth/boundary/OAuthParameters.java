package dev.rotor.oauth.boundary;

import dev.rotor.problem.OAuthError;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.List;
import java.util.Optional;

/** Form parameters of an OAuth request, read as RFC 6749 §3.2 says: each at most once, none empty. */
public final class OAuthParameters {

    private static final int MAX_CHARS = 2048;
    private final MultivaluedMap<String, String> form;

    public OAuthParameters(MultivaluedMap<String, String> form) {
        this.form = form;
    }

    public String required(String name) {
        return optional(name).orElseThrow(() -> OAuthError.invalidRequest("Missing parameter: " + name + "."));
    }

    /**
     * A token parameter: present and not repeated, but of any length, so that an oversized token
     * gets the same answer as every other bad token (the token's own parser bounds it).
     */
    public String requiredToken(String name) {
        return value(name).orElseThrow(() -> OAuthError.invalidRequest("Missing parameter: " + name + "."));
    }

    public Optional<String> optional(String name) {
        Optional<String> value = value(name);
        if (value.isPresent() && value.get().length() > MAX_CHARS) {
            throw OAuthError.invalidRequest("Parameter " + name + " is too long.");
        }
        return value;
    }

    private Optional<String> value(String name) {
        List<String> values = form == null ? null : form.get(name);
        if (values == null || values.isEmpty()) {
            return Optional.empty();
        }
        if (values.size() > 1) {
            throw OAuthError.invalidRequest("Parameter " + name + " is repeated.");
        }
        String value = values.get(0);
        return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
    }
}
