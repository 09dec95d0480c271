package dev.rotor.client.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The scopes Rotor knows: {@code openid}, {@code profile}, {@code admin} (automation, see {@link #ADMIN}), and the shop's own
 * ({@code rotor.scopes}, comma-separated, none by default: e.g. {@code orders.read,orders.write}).
 * A client is registered with a subset; a request asks for a subset of the client's.
 */
@ApplicationScoped
public class Scopes {

    public static final String OPENID = "openid";
    public static final String PROFILE = "profile";
    public static final List<String> BUILT_IN = List.of(OPENID, PROFILE);
    /**
     * Rotor's admin API for automation: only a confidential client with the client_credentials grant
     * alone may be registered with it, and its client-credentials tokens carry the {@code admin}
     * group (a person's admin rights need a second factor; a service's need its client secret).
     */
    public static final String ADMIN = "admin";
    /** RFC 6749 §3.3 scope-token: printable ASCII but space, " and \. */
    private static final Pattern TOKEN = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]{1,64}");

    @Inject
    @ConfigProperty(name = "rotor.scopes")
    Optional<String> configured;

    /** Every known scope, built-ins first. */
    public Set<String> known() {
        var all = new LinkedHashSet<>(BUILT_IN);
        all.add(ADMIN);
        configured.ifPresent(list -> Arrays.stream(list.split(",")).map(String::strip).filter(s -> !s.isEmpty()).forEach(all::add));
        return all;
    }

    public boolean isKnown(String scope) {
        return known().contains(scope);
    }

    /** Whether a space-separated scope string (a session's, a token's) holds {@code openid}. */
    public static boolean includesOpenId(String scopes) {
        return scopes != null && java.util.Arrays.asList(scopes.trim().split(" +")).contains(OPENID);
    }

    /** Whether {@code scope} is a well-formed scope token. */
    public static boolean wellFormed(String scope) {
        return scope != null && TOKEN.matcher(scope).matches();
    }

    /**
     * The scopes a request asks for, in order, without repeats: each well-formed, known and allowed
     * to {@code client}; otherwise {@link InvalidScope}. Null or blank asks for none.
     */
    public List<String> requested(String scopeParameter, OAuthClient client) {
        if (scopeParameter == null || scopeParameter.isBlank()) {
            return List.of();
        }
        var asked = new LinkedHashSet<String>();
        for (String scope : scopeParameter.trim().split(" +")) {
            if (!wellFormed(scope) || !isKnown(scope) || !client.scopes().contains(scope)) {
                throw new InvalidScope();
            }
            asked.add(scope);
        }
        return new ArrayList<>(asked);
    }
}
