package dev.rotor.admin.boundary;

import dev.rotor.problem.JsonBody;
import java.io.InputStream;
import java.util.List;

/** The body of {@code POST /admin/api/users}: {@code {username, password, roles?}}; roles default to {@code ["user"]}. */
public record NewUser(String username, String password, List<String> roles) {

    /**
     * Read with {@link JsonBody} rather than bound by JSON-B, here and in the other admin bodies:
     * JSON-B has no size limit and turns {@code "yes"} into {@code false}; the strict reader answers a
     * wrong type with a 400 naming the field.
     */
    public static NewUser read(InputStream body) {
        JsonBody json = JsonBody.read(body);
        return new NewUser(json.requiredString("username", 256), json.requiredString("password", 4096),
                UserChange.roles(json).orElse(List.of("user")));
    }
}
