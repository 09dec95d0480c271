package dev.rotor.kit;

import jakarta.json.spi.JsonProvider;
import jakarta.ws.rs.core.Response;

/** The kit's refusals, as RFC 9457 problems with the same types Rotor uses. */
final class KitProblems {

    /** Looked up once: {@code Json.create…} runs a ServiceLoader scan on every call. */
    private static final JsonProvider JSON = JsonProvider.provider();

    private static final String TYPE_BASE = "https://rotor.dev/problems/";

    private KitProblems() {
    }

    /** 401 with {@code WWW-Authenticate: Bearer error="invalid_token"} (RFC 6750 §3.1). */
    static Response unauthorized(String slug, String detail) {
        return Response.fromResponse(problem(slug, "Unauthorized", 401, detail))
                .header("WWW-Authenticate", "Bearer realm=\"rotor\", error=\"invalid_token\"")
                .build();
    }

    static Response problem(String slug, String title, int status, String detail) {
        var body = JSON.createObjectBuilder()
                .add("type", TYPE_BASE + slug)
                .add("title", title)
                .add("status", status)
                .add("detail", detail)
                .build();
        return Response.status(status)
                .type("application/problem+json")
                .header("Cache-Control", "no-store")
                .entity(body.toString())
                .build();
    }
}
