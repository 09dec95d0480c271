package dev.rotor.platform;

import jakarta.json.JsonObjectBuilder;

/** JSON answers name every field: an unknown value is {@code null}, not a missing key. */
public final class JsonFields {

    private JsonFields() {
    }

    public static JsonObjectBuilder addNullable(JsonObjectBuilder json, String name, String value) {
        return value == null ? json.addNull(name) : json.add(name, value);
    }
}
