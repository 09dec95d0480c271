package dev.rotor.admin.boundary;

import dev.rotor.admin.control.UserAdministration.ManagedUser;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.List;

/** A user in the admin API's lists and answers. */
@JsonbPropertyOrder({"id", "username", "roles", "enabled", "passwordChangeRequired", "activeSessions", "createdAt"})
public record UserView(String id, String username, List<String> roles, boolean enabled, boolean passwordChangeRequired,
                       long activeSessions, Instant createdAt) {

    public static UserView of(ManagedUser user) {
        var account = user.account();
        return new UserView(account.id(), account.username(), List.copyOf(account.roles()), account.isEnabled(),
                account.passwordChangeRequired(), user.activeSessions(), account.createdAt());
    }
}
