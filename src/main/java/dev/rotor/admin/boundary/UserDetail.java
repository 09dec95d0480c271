package dev.rotor.admin.boundary;

import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.List;

/**
 * One user as the detail view shows them: a {@link UserView}, the throttle on their username
 * ({@code null}: none) and the kinds of second factor they have ({@code passkey}, {@code totp},
 * {@code recovery-code}; never a secret).
 */
@JsonbNillable
@JsonbPropertyOrder({"id", "username", "roles", "enabled", "passwordChangeRequired", "activeSessions", "createdAt", "signInThrottle",
        "secondFactors"})
public record UserDetail(String id, String username, List<String> roles, boolean enabled, boolean passwordChangeRequired,
                         long activeSessions, Instant createdAt, ThrottleView signInThrottle, List<String> secondFactors) {

    public static UserDetail of(UserView user, ThrottleView signInThrottle, List<String> secondFactors) {
        return new UserDetail(user.id(), user.username(), user.roles(), user.enabled(), user.passwordChangeRequired(),
                user.activeSessions(), user.createdAt(), signInThrottle, secondFactors);
    }
}
