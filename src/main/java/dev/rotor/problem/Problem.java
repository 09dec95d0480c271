package dev.rotor.problem;

import static dev.rotor.platform.JsonSupport.JSON;

import jakarta.json.JsonObject;
import jakarta.ws.rs.core.Response;
import java.util.Locale;

/**
 * An RFC 9457 problem: a stable {@code type} per case, a human title, a status and a detail
 * that never holds a stack trace, a class name or a secret.
 */
public record Problem(String type, String title, int status, String detail) {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_BASE = "https://rotor.dev/problems/";

    public static Problem of(String slug, String title, int status, String detail) {
        return new Problem(TYPE_BASE + slug, title, status, detail);
    }

    /** A problem titled with the status's reason phrase in sentence case ("Not found", "Too many requests"). */
    public static Problem of(String slug, int status, String detail) {
        var reason = Response.Status.fromStatusCode(status);
        String phrase = reason == null ? (status < 500 ? "Client error" : "Internal error") : reason.getReasonPhrase();
        return of(slug, phrase.charAt(0) + phrase.substring(1).toLowerCase(Locale.ROOT), status, detail);
    }

    public JsonObject toJson() {
        var json = JSON.createObjectBuilder()
                .add("type", type)
                .add("title", title)
                .add("status", status);
        if (detail != null) {
            json.add("detail", detail);
        }
        return json.build();
    }

    public Response toResponse() {
        return Response.status(status)
                .type(MEDIA_TYPE)
                .header("Cache-Control", "no-store")
                .entity(toJson().toString())
                .build();
    }
}
