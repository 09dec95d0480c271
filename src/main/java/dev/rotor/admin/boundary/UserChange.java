package dev.rotor.admin.boundary;

import dev.rotor.problem.JsonBody;
import dev.rotor.problem.ProblemException;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The body of {@code PATCH /admin/api/users/{id}}: {@code {enabled?, roles?}}; an absent field ({@code null}) stays as it is. */
public record UserChange(Boolean enabled, List<String> roles) {

    public static UserChange read(InputStream body) {
        JsonBody json = JsonBody.read(body);
        return new UserChange(enabled(json), roles(json).orElse(null));
    }

    private static Boolean enabled(JsonBody json) {
        if (!json.has("enabled")) {
            return null;
        }
        JsonValue value = json.json().get("enabled");
        if (value != JsonValue.TRUE && value != JsonValue.FALSE) {
            throw ProblemException.badRequest("invalid-field", "Field 'enabled' must be true or false.");
        }
        return value == JsonValue.TRUE;
    }

    /** The {@code roles} field, an array of strings when present. */
    static Optional<List<String>> roles(JsonBody json) {
        if (!json.has("roles")) {
            return Optional.empty();
        }
        JsonValue value = json.json().get("roles");
        if (value.getValueType() != JsonValue.ValueType.ARRAY) {
            throw ProblemException.badRequest("invalid-roles", "Field 'roles' must be an array of strings.");
        }
        List<String> roles = new ArrayList<>();
        for (JsonValue role : value.asJsonArray()) {
            if (role.getValueType() != JsonValue.ValueType.STRING) {
                throw ProblemException.badRequest("invalid-roles", "Field 'roles' must be an array of strings.");
            }
            roles.add(((JsonString) role).getString());
        }
        return Optional.of(roles);
    }
}
