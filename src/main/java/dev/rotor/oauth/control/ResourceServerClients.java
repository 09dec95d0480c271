package dev.rotor.oauth.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The resource servers that may introspect and follow the revocation feed, configured as
 * {@code rotor.resource-servers=orders:pbkdf2-sha256...,billing:pbkdf2-sha256...} (see {@link HashSecret}).
 *
 * <p>PBKDF2 is deliberately slow, and a resource server calls on every introspection and every
 * long-poll, so after one successful check the SHA-256 of the accepted secret is remembered in
 * memory and later calls compare against that (constant time). An unknown client id costs the
 * same PBKDF2 work as a wrong secret, so timing does not tell which client ids exist.
 */
@ApplicationScoped
public class ResourceServerClients {

    private static final SecretHash UNKNOWN = SecretHash.of("no client has this secret", SecretHash.DEFAULT_ITERATIONS);

    /** A String: Payara cannot inject Optional<List<String>> (PAYARA-FACTS.md). */
    @Inject
    @ConfigProperty(name = "rotor.resource-servers")
    Optional<String> configured;

    private final Map<String, SecretHash> clients = new ConcurrentHashMap<>();
    private final Map<String, byte[]> verified = new ConcurrentHashMap<>();

    @PostConstruct
    void init() {
        clients.putAll(parse(configured.orElse("")));
    }

    /** Reads the configured list; a malformed entry stops the start, naming the client but not the hash. */
    static Map<String, SecretHash> parse(String list) {
        Map<String, SecretHash> parsed = new ConcurrentHashMap<>();
        for (String entry : list.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int colon = entry.indexOf(':');
            String id = colon < 0 ? entry.strip() : entry.substring(0, colon).strip();
            if (colon <= 0 || id.isEmpty()) {
                throw new IllegalStateException("rotor.resource-servers: each entry is <client id>:<hash>; '" + id + "' has no hash");
            }
            try {
                parsed.put(id, SecretHash.parse(entry.substring(colon + 1)));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("rotor.resource-servers: the hash of client '" + id + "' is malformed: " + e.getMessage());
            }
        }
        return parsed;
    }

    /** True when {@code clientId} is configured and {@code secret} is its secret. */
    public boolean authenticate(String clientId, String secret) {
        if (clientId == null || secret == null) {
            return false;
        }
        byte[] presented = SecretHash.sha256(secret);
        byte[] known = verified.get(clientId);
        if (known != null && MessageDigest.isEqual(known, presented)) {
            return true;
        }
        SecretHash hash = clients.get(clientId);
        boolean matches = (hash == null ? UNKNOWN : hash).matches(secret) && hash != null;
        if (matches) {
            verified.put(clientId, presented);
        }
        return matches;
    }

    public boolean any() {
        return !clients.isEmpty();
    }
}
