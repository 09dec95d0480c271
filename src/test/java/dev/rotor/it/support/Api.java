package dev.rotor.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/** A small HTTP client for Rotor's endpoints, as an app (not a browser) would call them. */
public final class Api {

    public static final String CLIENT = "rotor-cli";
    public static final String PASSWORD = "correct horse battery staple";

    private final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public Api(URL base) {
        String text = base.toString();
        this.base = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }

    public String base() {
        return base;
    }

    /** A fresh username, so tests never depend on each other's accounts. */
    public static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public Reply register(String username, String password) {
        return postJson("/auth/register", "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}");
    }

    /** Registers a new user and returns the username. */
    public String newUser(String prefix) {
        String name = uniqueName(prefix);
        Reply reply = register(name, PASSWORD);
        if (reply.status() != 201) {
            throw new AssertionError("register failed: " + reply);
        }
        return name;
    }

    public Reply passwordGrant(String username, String password, String clientId) {
        var form = new LinkedHashMap<String, String>();
        form.put("grant_type", "password");
        form.put("username", username);
        form.put("password", password);
        form.put("client_id", clientId);
        return postForm("/oauth2/token", form);
    }

    public Tokens login(String username) {
        return login(username, PASSWORD);
    }

    public Tokens login(String username, String password) {
        Reply reply = passwordGrant(username, password, CLIENT);
        if (reply.status() != 200) {
            throw new AssertionError("login failed: " + reply);
        }
        return Tokens.of(reply);
    }

    public Reply refresh(String refreshToken, String clientId) {
        return postForm("/oauth2/token", Map.of("grant_type", "refresh_token", "refresh_token", refreshToken, "client_id", clientId));
    }

    public Reply refresh(String refreshToken) {
        return refresh(refreshToken, CLIENT);
    }

    public Reply get(String path, String bearer) {
        return send(request(path, bearer).GET().build());
    }

    public Reply me(String bearer) {
        return get("/api/me", bearer);
    }

    public Reply post(String path, String bearer) {
        return send(request(path, bearer).POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    public Reply delete(String path, String bearer) {
        return send(request(path, bearer).DELETE().build());
    }

    public Reply postJson(String path, String json) {
        return postBytes(path, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    public Reply postBytes(String path, String contentType, byte[] body) {
        return send(request(path, null).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    public Reply postForm(String path, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        return postBytes(path, "application/x-www-form-urlencoded", body.getBytes(StandardCharsets.UTF_8));
    }

    public Reply send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpRequest.Builder request(String path, String bearer) {
        var builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (bearer != null) {
            builder.header("Authorization", "Bearer " + bearer);
        }
        return builder;
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /**
     * Refresh tokens that name the session of {@code real} but are not its token: a made-up secret
     * at its generation, its secret with one character changed, its secret at the next generation.
     */
    public static List<String> forgeriesOf(String real) {
        String[] parts = real.split("\\.");
        String secret = parts[2];
        int at = secret.length() / 2;
        String flipped = secret.substring(0, at) + (secret.charAt(at) == 'A' ? 'B' : 'A') + secret.substring(at + 1);
        long generation = Long.parseLong(parts[1]);
        return List.of(parts[0] + "." + generation + "." + "A".repeat(secret.length()),
                parts[0] + "." + generation + "." + flipped,
                parts[0] + "." + (generation + 1) + "." + secret);
    }

    /** An access token and a refresh token from one answer of the token endpoint. */
    public record Tokens(String access, String refresh) {
        public static Tokens of(Reply reply) {
            return new Tokens(reply.string("access_token"), reply.string("refresh_token"));
        }
    }
}
