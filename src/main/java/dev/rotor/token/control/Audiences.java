package dev.rotor.token.control;

import dev.rotor.platform.RotorSettings;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;

/**
 * Who an access token is for ({@code aud}). Rotor's own API has {@code rotor.audience}; every
 * resource server listed in {@code rotor.resource-servers} has its own audience, the absolute URI
 * {@code rotor.resource-servers.<id>.audience} or, unset, {@code urn:rotor:resource-server:<id>}.
 * A token carries exactly one of them (the browser's cookie token: Rotor's, plus those of the
 * resource servers named in {@code rotor.cookies.resource-servers}, which share Rotor's host and
 * see that cookie anyway), so a token handed to one resource server is refused by every other and
 * by Rotor's own API, which MicroProfile JWT checks against {@code rotor.audience} alone.
 */
@ApplicationScoped
public class Audiences {

    private static final Logger LOG = Logger.getLogger(Audiences.class.getName());

    /** The audience of a resource server whose {@code rotor.resource-servers.<id>.audience} is unset: this and its id. */
    public static final String DEFAULT_PREFIX = "urn:rotor:resource-server:";

    @Inject
    RotorSettings settings;

    @Inject
    Config config;

    private String own;
    private Map<String, String> byClient;
    private List<String> browser;

    /** For CDI. */
    public Audiences() {
    }

    /** Reads the configuration now; throws, naming the key, when it cannot work. */
    @PostConstruct
    void init() {
        String servers = config.getOptionalValue("rotor.resource-servers", String.class).orElse("");
        Map<String, Optional<String>> configured = new LinkedHashMap<>();
        for (String id : ids(servers)) {
            configured.put(id, config.getOptionalValue("rotor.resource-servers." + id + ".audience", String.class));
        }
        String cookies = config.getOptionalValue("rotor.cookies.resource-servers", String.class).orElse("");
        set(settings.audience(), configured, ids(cookies));
    }

    /** Explicit values, for tests: {@code configured} maps each resource server's id to its configured audience, if any. */
    public static Audiences of(String own, Map<String, Optional<String>> configured, List<String> cookieServers) {
        var audiences = new Audiences();
        audiences.set(own, configured, cookieServers);
        return audiences;
    }

    private void set(String ownAudience, Map<String, Optional<String>> configured, List<String> cookieServers) {
        List<String> problems = new ArrayList<>();
        Map<String, String> audiences = new LinkedHashMap<>();
        Set<String> seen = new LinkedHashSet<>(Set.of(ownAudience));
        configured.forEach((id, audience) -> {
            String value = audience.map(String::strip).orElse(DEFAULT_PREFIX + id);
            String key = "rotor.resource-servers." + id + ".audience";
            if (!isAbsoluteUriWithoutFragment(value)) {
                problems.add(key + " must be an absolute URI without a fragment (RFC 8707), not '" + value + "'");
            } else if (value.contains(",")) {
                problems.add(key + " must not contain a comma (MicroProfile JWT splits its audiences at commas)");
            } else if (!seen.add(value)) {
                problems.add(key + " '" + value + "' is also the audience of Rotor or of another resource server");
            }
            audiences.put(id, value);
        });
        List<String> cookieAudiences = new ArrayList<>(List.of(ownAudience));
        for (String id : cookieServers) {
            if (!audiences.containsKey(id)) {
                problems.add("rotor.cookies.resource-servers names '" + id + "', which is not in rotor.resource-servers");
            } else if (!cookieAudiences.contains(audiences.get(id))) {
                cookieAudiences.add(audiences.get(id));
            }
        }
        if (!problems.isEmpty()) {
            String line = "Rotor configuration cannot work: " + String.join("; ", problems);
            LOG.severe(line);
            throw new IllegalStateException(line);
        }
        own = ownAudience;
        byClient = Collections.unmodifiableMap(audiences);
        browser = List.copyOf(cookieAudiences);
    }

    /** The ids of a comma-separated list, each cut at its first colon ({@code rotor.resource-servers} is {@code id:hash,…}). */
    private static List<String> ids(String list) {
        List<String> ids = new ArrayList<>();
        for (String entry : list.split(",")) {
            int colon = entry.indexOf(':');
            String id = (colon < 0 ? entry : entry.substring(0, colon)).strip();
            if (!id.isEmpty()) {
                ids.add(id);
            }
        }
        return ids;
    }

    private static boolean isAbsoluteUriWithoutFragment(String value) {
        try {
            URI uri = new URI(value);
            return uri.isAbsolute() && uri.getRawFragment() == null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** Rotor's own API ({@code rotor.audience}): the only audience {@code /api/*} and {@code /admin/api/*} accept. */
    public List<String> own() {
        return List.of(own);
    }

    /**
     * The audience a token request's {@code resource} (RFC 8707) asks for: none means Rotor's own
     * API; a registered resource server's audience (or Rotor's) means that one alone; anything
     * else is empty (the caller answers {@code invalid_target}).
     */
    public Optional<List<String>> forResource(String resource) {
        if (resource == null || resource.equals(own)) {
            return Optional.of(own());
        }
        return byClient.containsValue(resource) ? Optional.of(List.of(resource)) : Optional.empty();
    }

    /** The browser's access cookie: Rotor's audience and those of the resource servers that share its host. */
    public List<String> browser() {
        return browser;
    }

    /** The audience of the resource server with this client id, if it is registered. */
    public Optional<String> ofResourceServer(String clientId) {
        return Optional.ofNullable(clientId == null ? null : byClient.get(clientId));
    }

    /** Every audience Rotor issues tokens to: its own and every resource server's. */
    public Set<String> all() {
        Set<String> all = new LinkedHashSet<>(byClient.values());
        all.add(own);
        return all;
    }
}
