package dev.rotor.admin.control;

import dev.rotor.platform.Refusal;

/** An audit event type filter that names no {@link dev.rotor.audit.entity.AuditType}. */
public class UnknownAuditType extends Refusal {
    public UnknownAuditType() {
        super("invalid-type", 400, "Unknown audit event type.");
    }
}
