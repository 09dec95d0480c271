package dev.rotor.oauth.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The resource servers that may introspect and follow the revocation feed, configured as
 * {@code rotor.resource-servers=orders:pbkdf2-sha256...,billing:pbkdf2-sha256...} (make one with {@code dev.rotor.tools.HashSecret}).
 *
 * <p>PBKDF2 is deliberately slow, and a resource server calls on every introspection and every
 * long-poll, so after one successful check the SHA-256 of the accepted secret is remembered in
 * memory and later calls compare against that (constant time). An unknown client id is refused
 * without any hash: a client id is not a secret (RFC 6749 §2.2), and hashing for ids that do not
 * exist would let anyone spend this service's CPU. {@link ResourceServerGate} counts and throttles
 * the slow checks.
 */
@ApplicationScoped
public class ResourceServerClients {

    /** A String: Payara cannot inject Optional<List<String>> (PAYARA-FACTS.md). */
    @Inject
    @ConfigProperty(name = "rotor.resource-servers")
    Optional<String> configured;

    private final Map<String, SecretHash> clients = new ConcurrentHashMap<>();
    private final Map<String, byte[]> verified = new ConcurrentHashMap<>();
    private final AtomicLong slowChecks = new AtomicLong();

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
        return knows(clientId) && (remembered(clientId, secret) || verify(clientId, secret));
    }

    /** Whether {@code clientId} is configured (cheap). */
    public boolean knows(String clientId) {
        return clientId != null && clients.containsKey(clientId);
    }

    /** Whether {@code secret} is the one already accepted for {@code clientId} on this instance (cheap, constant time). */
    public boolean remembered(String clientId, String secret) {
        byte[] known = clientId == null || secret == null ? null : verified.get(clientId);
        return known != null && MessageDigest.isEqual(known, SecretHash.sha256(secret));
    }

    /** The slow check (PBKDF2) of a configured client's secret; a right secret is remembered. */
    public boolean verify(String clientId, String secret) {
        SecretHash hash = clientId == null ? null : clients.get(clientId);
        if (hash == null || secret == null) {
            return false;
        }
        slowChecks.incrementAndGet();
        boolean matches = hash.matches(secret);
        if (matches) {
            verified.put(clientId, SecretHash.sha256(secret));
        }
        return matches;
    }

    /** Slow secret checks made by this instance since it started. */
    public long slowChecks() {
        return slowChecks.get();
    }

    public boolean any() {
        return !clients.isEmpty();
    }
}
