package dev.rotor.platform;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Stores {@link Instant} in a {@code TIMESTAMP WITH TIME ZONE} column as a UTC
 * {@link OffsetDateTime} (JDBC 4.2), independent of the JVM's default zone. Applied with
 * {@code @Convert} to such columns; the auto-applied {@link InstantConverter} serves the
 * older {@code TIMESTAMP} columns.
 */
@Converter
public class UtcInstantConverter implements AttributeConverter<Instant, OffsetDateTime> {

    @Override
    public OffsetDateTime convertToDatabaseColumn(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    @Override
    public Instant convertToEntityAttribute(OffsetDateTime stored) {
        return stored == null ? null : stored.toInstant();
    }
}
