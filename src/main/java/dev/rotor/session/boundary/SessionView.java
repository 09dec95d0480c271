package dev.rotor.session.boundary;

import dev.rotor.session.entity.Session;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;

/** A session as both its owner and an admin see it; an unknown device fact is {@code null}, not missing. */
@JsonbNillable
@JsonbPropertyOrder({"id", "clientId", "createdAt", "lastUsedAt", "expiresAt", "current", "deviceName", "userAgent", "ip"})
public record SessionView(String id, String clientId, Instant createdAt, Instant lastUsedAt, Instant expiresAt,
                          boolean current, String deviceName, String userAgent, String ip) {

    /** {@code currentSessionId}: the caller's own session, marked {@code current}; {@code null} for an admin. */
    public static SessionView of(Session session, String currentSessionId) {
        return new SessionView(session.id(), session.clientId(), session.createdAt(), session.lastUsedAt(), session.expiresAt(),
                session.id().equals(currentSessionId), session.deviceName(), session.userAgent(), session.clientIp());
    }
}
