package dev.rotor.admin.boundary;

import dev.rotor.problem.JsonBody;
import java.io.InputStream;

/** The body of {@code POST /admin/api/users/{id}/password}: {@code {temporaryPassword}}. */
public record TemporaryPassword(String temporaryPassword) {

    public static TemporaryPassword read(InputStream body) {
        return new TemporaryPassword(JsonBody.read(body).requiredString("temporaryPassword", 4096));
    }
}
