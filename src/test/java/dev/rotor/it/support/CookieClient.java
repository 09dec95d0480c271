package dev.rotor.it.support;

import java.net.http.HttpRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A browser's cookie jar, kept by hand: Java's CookieManager never sends Secure cookies over
 * plain http, while browsers do for localhost. Honours Path=/auth and Max-Age=0.
 */
public final class CookieClient {

    public static final String ACCESS = "__Host-rotor-at";
    public static final String REFRESH = "__Secure-rotor-rt";
    public static final String CSRF = "__Host-rotor-csrf";

    private final Api api;
    private final Map<String, String> jar = new LinkedHashMap<>();
    private final Map<String, String> paths = new LinkedHashMap<>();
    private String origin;

    public CookieClient(Api api) {
        this.api = api;
        this.origin = api.base();
    }

    public CookieClient origin(String origin) {
        this.origin = origin;
        return this;
    }

    public String cookie(String name) {
        return jar.get(name);
    }

    public void set(String name, String value, String path) {
        jar.put(name, value);
        paths.put(name, path);
    }

    public Reply login(String username, String password) {
        return send(builder("/auth/login").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + username + "\",\"password\":\"" + password
                        + "\",\"deviceName\":\"Test browser\"}")));
    }

    /** POST with the CSRF header taken from the CSRF cookie, as the page does. */
    public Reply post(String path) {
        return post(path, jar.get(CSRF));
    }

    public Reply post(String path, String csrfHeader) {
        var builder = builder(path).POST(HttpRequest.BodyPublishers.noBody());
        if (csrfHeader != null) {
            builder.header("X-CSRF-Token", csrfHeader);
        }
        return send(builder);
    }

    public Reply delete(String path) {
        var builder = builder(path).DELETE();
        if (jar.get(CSRF) != null) {
            builder.header("X-CSRF-Token", jar.get(CSRF));
        }
        return send(builder);
    }

    public Reply get(String path) {
        return send(builder(path).GET());
    }

    public HttpRequest.Builder builder(String path) {
        var builder = api.request(path, null);
        String cookies = jar.entrySet().stream()
                .filter(e -> path.startsWith(paths.getOrDefault(e.getKey(), "/")))
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("; "));
        if (!cookies.isEmpty()) {
            builder.header("Cookie", cookies);
        }
        if (origin != null) {
            builder.header("Origin", origin);
        }
        return builder;
    }

    public Reply send(HttpRequest.Builder builder) {
        Reply reply = api.send(builder.build());
        for (String header : reply.headers("Set-Cookie")) {
            SetCookie cookie = SetCookie.parse(header);
            if (cookie.maxAge() == 0) {
                jar.remove(cookie.name());
            } else {
                set(cookie.name(), cookie.value(), cookie.attributes().getOrDefault("path", "/"));
            }
        }
        return reply;
    }

    /** One Set-Cookie header: name, value, attributes by lower-case name (flags map to ""). */
    public record SetCookie(String name, String value, Map<String, String> attributes) {

        public static SetCookie parse(String header) {
            List<String> parts = List.of(header.split(";"));
            String[] pair = parts.get(0).split("=", 2);
            Map<String, String> attributes = new LinkedHashMap<>();
            for (String part : parts.subList(1, parts.size())) {
                String[] attribute = part.strip().split("=", 2);
                attributes.put(attribute[0].toLowerCase(), attribute.length > 1 ? attribute[1] : "");
            }
            return new SetCookie(pair[0].strip(), pair.length > 1 ? pair[1] : "", attributes);
        }

        public long maxAge() {
            return Long.parseLong(attributes.getOrDefault("max-age", "-1"));
        }

        public boolean has(String flag) {
            return attributes.containsKey(flag.toLowerCase());
        }
    }

    public static Map<String, SetCookie> setCookies(Reply reply) {
        Map<String, SetCookie> cookies = new LinkedHashMap<>();
        reply.headers("Set-Cookie").forEach(header -> {
            SetCookie cookie = SetCookie.parse(header);
            cookies.put(cookie.name(), cookie);
        });
        return cookies;
    }
}
