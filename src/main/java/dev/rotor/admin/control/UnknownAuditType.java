package dev.rotor.admin.control;

/** An audit event type filter that names no {@link dev.rotor.audit.entity.AuditType}. */
public class UnknownAuditType extends RuntimeException {
    public UnknownAuditType() {
        super("Unknown audit event type.");
    }
}
