package dev.rotor.it.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import javax.net.ssl.SSLSession;

/**
 * An HTTP/1.1 client whose requests come from an address of its own in 127.0.0.0/8, so that a
 * test's per-address throttle counts are its own (Java's HttpClient cannot choose the local
 * address). One request per connection; just enough HTTP for Rotor's answers.
 */
public final class FromAddress {

    private final String address;
    private final int port;

    private FromAddress(String address, int port) {
        this.address = address;
        this.port = port;
    }

    /** A random loopback address other than 127.0.0.1. */
    public static FromAddress random(java.net.URL base) {
        var random = ThreadLocalRandom.current();
        String address = "127." + random.nextInt(1, 255) + "." + random.nextInt(1, 255) + "." + random.nextInt(2, 255);
        return new FromAddress(address, base.getPort());
    }

    /** A given loopback address (127.0.0.0/8). */
    public static FromAddress at(String address, java.net.URL base) {
        return new FromAddress(address, base.getPort());
    }

    public String address() {
        return address;
    }

    public Reply postJson(String path, String json) {
        return send("POST", path, Map.of("Content-Type", "application/json"), json);
    }

    public Reply postJson(String path, String json, String bearer) {
        return send("POST", path, Map.of("Content-Type", "application/json", "Authorization", "Bearer " + bearer), json);
    }

    public Reply passwordGrant(String username, String password) {
        var form = new LinkedHashMap<String, String>();
        form.put("grant_type", "password");
        form.put("username", username);
        form.put("password", password);
        form.put("client_id", Api.CLIENT);
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send("POST", "/oauth2/token", Map.of("Content-Type", "application/x-www-form-urlencoded"), body);
    }

    public Reply login(String username, String password) {
        return postJson("/auth/login", "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}");
    }

    public Reply register(String username, String password) {
        return postJson("/auth/register", "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}");
    }

    public Reply send(String method, String path, Map<String, String> headers, String body) {
        byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(address, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            socket.setSoTimeout(30_000);
            StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\n")
                    .append("Host: localhost:").append(port).append("\r\n")
                    .append("Connection: close\r\n")
                    .append("Content-Length: ").append(content.length).append("\r\n");
            headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
            OutputStream out = socket.getOutputStream();
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(content);
            out.flush();
            return parse(socket.getInputStream().readAllBytes(), URI.create("http://localhost:" + port + path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Reply parse(byte[] raw, URI uri) {
        int split = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        String[] lines = new String(raw, 0, split, StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.computeIfAbsent(lines[i].substring(0, colon).strip(), k -> new ArrayList<>()).add(lines[i].substring(colon + 1).strip());
        }
        byte[] body = java.util.Arrays.copyOfRange(raw, split + 4, raw.length);
        if (headers.getOrDefault("Transfer-Encoding", List.of()).stream().anyMatch(v -> v.equalsIgnoreCase("chunked"))) {
            body = dechunk(body);
        }
        String text = new String(body, StandardCharsets.UTF_8);
        HttpHeaders httpHeaders = HttpHeaders.of(headers, (a, b) -> true);
        return new Reply(status, new Response(status, httpHeaders, text, uri));
    }

    private static byte[] dechunk(byte[] body) {
        var out = new ByteArrayOutputStream();
        int at = 0;
        while (at < body.length) {
            int lineEnd = indexOf(java.util.Arrays.copyOfRange(body, at, body.length), "\r\n".getBytes(StandardCharsets.ISO_8859_1)) + at;
            int size = Integer.parseInt(new String(body, at, lineEnd - at, StandardCharsets.ISO_8859_1).split(";")[0].strip(), 16);
            if (size == 0) {
                break;
            }
            out.write(body, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] data, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= data.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalStateException("malformed HTTP answer");
    }

    private record Response(int statusCode, HttpHeaders headers, String body, URI uri) implements HttpResponse<String> {
        @Override public HttpRequest request() { return HttpRequest.newBuilder(uri).build(); }
        @Override public Optional<HttpResponse<String>> previousResponse() { return Optional.empty(); }
        @Override public Optional<SSLSession> sslSession() { return Optional.empty(); }
        @Override public HttpClient.Version version() { return HttpClient.Version.HTTP_1_1; }
    }
}
