package dev.rotor.admin.boundary;

import dev.rotor.throttle.entity.ThrottleEntry;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;

/** A client address whose sign-ins are throttled: a {@link ThrottleView} and the address. */
@JsonbNillable
@JsonbPropertyOrder({"blocked", "failures", "lastFailureAt", "blockedUntil", "address"})
public record BlockedAddress(boolean blocked, int failures, Instant lastFailureAt, Instant blockedUntil, String address) {

    public static BlockedAddress of(ThrottleEntry entry, Instant now) {
        var throttle = ThrottleView.of(entry, now);
        return new BlockedAddress(throttle.blocked(), throttle.failures(), throttle.lastFailureAt(), throttle.blockedUntil(),
                entry.subject());
    }
}
