package dev.rotor.admin.boundary;

import dev.rotor.throttle.entity.ThrottleEntry;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;

/** Failed sign-ins counted against a username or an address, and whether they block it at {@code now}. */
@JsonbNillable
@JsonbPropertyOrder({"blocked", "failures", "lastFailureAt", "blockedUntil"})
public record ThrottleView(boolean blocked, int failures, Instant lastFailureAt, Instant blockedUntil) {

    public static ThrottleView of(ThrottleEntry entry, Instant now) {
        return new ThrottleView(entry.retryAfter(now).isPresent(), entry.failures(), entry.lastFailureAt(), entry.blockedUntil());
    }
}
