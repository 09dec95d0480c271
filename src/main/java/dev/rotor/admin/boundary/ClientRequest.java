package dev.rotor.admin.boundary;

import dev.rotor.client.control.ClientAdministration.ClientChange;
import dev.rotor.client.entity.ClientType;
import dev.rotor.problem.JsonBody;
import dev.rotor.problem.ProblemException;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.InputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The bodies of {@code POST /admin/api/clients} and {@code PATCH /admin/api/clients/{id}}: every
 * field optional here (a missing field is null: on a change it stays as it is; {@code name} and
 * {@code type} are checked as required by the registration), read strictly with {@link JsonBody}:
 * a wrong type is a 400 naming the field. {@code audience} and {@code backchannelLogoutUri} sent as
 * null (or blank) remove the value. The rules on the values are the control's.
 */
final class ClientRequest {

    private ClientRequest() {
    }

    static ClientChange read(InputStream body) {
        JsonBody json = JsonBody.read(body);
        return new ClientChange(json.optionalString("clientId", 64).orElse(null),
                json.optionalString("name", 1000).orElse(null),
                type(json),
                bool(json, "firstParty"),
                strings(json, "redirectUris"),
                strings(json, "webOrigins"),
                strings(json, "postLogoutRedirectUris"),
                strings(json, "grantTypes"),
                strings(json, "scopes"),
                json.has("audience") ? json.optionalString("audience", 1000) : null,
                bool(json, "enabled"),
                json.has("backchannelLogoutUri") ? json.optionalString("backchannelLogoutUri", 4 * 2048) : null,
                bool(json, "backchannelLogoutSessionRequired"));
    }

    /** The {@code expiresAt} of {@code POST .../secrets}: an ISO-8601 instant, or null; an empty body is none. */
    static Instant expiresAt(InputStream body) {
        byte[] bytes;
        try {
            bytes = body == null ? new byte[0] : body.readNBytes(JsonBody.MAX_BYTES + 1);
        } catch (java.io.IOException e) {
            throw ProblemException.badRequest("malformed-body", "The request body could not be read.");
        }
        if (new String(bytes, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            return null;
        }
        Optional<String> text = JsonBody.read(new java.io.ByteArrayInputStream(bytes)).optionalString("expiresAt", 64);
        try {
            return text.map(String::strip).filter(s -> !s.isEmpty()).map(Instant::parse).orElse(null);
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest("invalid-expiry", "Field 'expiresAt' must be an ISO-8601 instant such as 2027-01-01T00:00:00Z.");
        }
    }

    private static ClientType type(JsonBody json) {
        return json.optionalString("type", 32).map(type -> switch (type.toLowerCase(Locale.ROOT)) {
            case "public" -> ClientType.PUBLIC;
            case "confidential" -> ClientType.CONFIDENTIAL;
            default -> throw ProblemException.badRequest("invalid-client-type", "Field 'type' must be public or confidential.");
        }).orElse(null);
    }

    private static Boolean bool(JsonBody json, String field) {
        JsonValue value = json.json().get(field);
        if (value == null || value == JsonValue.NULL) {
            return null;
        }
        if (value != JsonValue.TRUE && value != JsonValue.FALSE) {
            throw ProblemException.badRequest("invalid-field", "Field '" + field + "' must be true or false.");
        }
        return value == JsonValue.TRUE;
    }

    private static List<String> strings(JsonBody json, String field) {
        JsonValue value = json.json().get(field);
        if (value == null || value == JsonValue.NULL) {
            return null;
        }
        if (value.getValueType() != JsonValue.ValueType.ARRAY) {
            throw ProblemException.badRequest("invalid-field", "Field '" + field + "' must be an array of strings.");
        }
        List<String> strings = new ArrayList<>();
        for (JsonValue item : value.asJsonArray()) {
            if (item.getValueType() != JsonValue.ValueType.STRING) {
                throw ProblemException.badRequest("invalid-field", "Field '" + field + "' must be an array of strings.");
            }
            strings.add(((JsonString) item).getString());
        }
        return strings;
    }
}
