package dev.rotor.admin.control;

import dev.rotor.audit.entity.AuditType;
import java.time.Instant;

/** Which audit events to show; a {@code null} part does not filter. {@code to} is exclusive. */
public record AuditFilter(String accountId, AuditType type, Instant from, Instant to) {
}
