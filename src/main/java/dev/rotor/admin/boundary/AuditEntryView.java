package dev.rotor.admin.boundary;

import dev.rotor.audit.entity.AuditEvent;
import dev.rotor.audit.entity.AuditType;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;

/** One audit event; a fact the event does not have is {@code null}, not missing. */
@JsonbNillable
@JsonbPropertyOrder({"id", "type", "occurredAt", "accountId", "actorId", "sessionId", "clientIp", "userAgent", "detail"})
public record AuditEntryView(String id, AuditType type, Instant occurredAt, String accountId, String actorId, String sessionId,
                             String clientIp, String userAgent, String detail) {

    public static AuditEntryView of(AuditEvent event) {
        return new AuditEntryView(event.id(), event.type(), event.occurredAt(), event.accountId(), event.actorId(),
                event.sessionId(), event.clientIp(), event.userAgent(), event.detail());
    }
}
