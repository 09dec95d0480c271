package dev.rotor.admin.boundary;

import dev.rotor.admin.control.AuditFilter;
import dev.rotor.admin.control.InvalidInstant;
import dev.rotor.admin.control.UnknownAuditType;
import dev.rotor.audit.entity.AuditType;
import jakarta.ws.rs.QueryParam;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The audit listing's filter query values, as a {@code @BeanParam}: {@code userId}, {@code type} (an
 * {@link AuditType} name), {@code from} and {@code to} (ISO-8601 instants). Blank values do not
 * filter; bad ones are 400 problems ({@link UnknownAuditType}, {@link InvalidInstant}), not the 404
 * JAX-RS gives a query value it cannot convert.
 */
public class AuditQuery {

    @QueryParam("userId")
    String userId;

    @QueryParam("type")
    String type;

    @QueryParam("from")
    String from;

    @QueryParam("to")
    String to;

    public AuditFilter filter() {
        return new AuditFilter(userId, type(), instant("from", from), instant("to", to));
    }

    private AuditType type() {
        if (type == null || type.isBlank()) {
            return null;
        }
        try {
            return AuditType.valueOf(type.strip());
        } catch (IllegalArgumentException e) {
            throw new UnknownAuditType();
        }
    }

    private static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new InvalidInstant(name);
        }
    }
}
