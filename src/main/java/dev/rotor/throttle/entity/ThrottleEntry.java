package dev.rotor.throttle.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;

/**
 * The failures counted against one key (an account's username HMAC, or a client address) and
 * until when it must wait. One row per key, shared by every instance through the database.
 */
@Entity
@Table(name = "sign_in_throttle")
@IdClass(ThrottleEntry.Key.class)
@NamedQuery(name = "ThrottleEntry.delete", query = "DELETE FROM ThrottleEntry t WHERE t.kind = :kind AND t.subject = :subject")
@NamedQuery(name = "ThrottleEntry.blocked",
        query = "SELECT t FROM ThrottleEntry t WHERE t.kind = :kind AND t.blockedUntil > :now ORDER BY t.blockedUntil DESC")
@NamedQuery(name = "ThrottleEntry.purge",
        query = "DELETE FROM ThrottleEntry t WHERE t.lastFailureAt < :cutoff AND (t.blockedUntil IS NULL OR t.blockedUntil < :now)")
public class ThrottleEntry {

    @Id
    private String kind;

    @Id
    private String subject;

    private int failures;

    /* TIMESTAMP WITH TIME ZONE columns, mapped as JPA 3.1's OffsetDateTime (always UTC here). */
    @Column(name = "first_failure_at")
    private OffsetDateTime firstFailureAt;

    @Column(name = "last_failure_at")
    private OffsetDateTime lastFailureAt;

    @Column(name = "blocked_until")
    private OffsetDateTime blockedUntil;

    protected ThrottleEntry() {
    }

    /** A key with no failures yet; {@link #fail} counts the first. */
    public ThrottleEntry(ThrottleKind kind, String subject, Instant now) {
        this.kind = kind.name();
        this.subject = subject;
        this.failures = 0;
        this.firstFailureAt = utc(now);
        this.lastFailureAt = utc(now);
    }

    /** The form the timestamp columns and query parameters take. */
    public static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    /**
     * Counts one failure and sets how long the key must now wait. Returns true when this failure
     * reached the limit, i.e. once per lockout, so a lockout is reported once.
     */
    public boolean fail(Instant now, ThrottlePolicy policy) {
        if (failures > 0 && !now.isBefore(firstFailureAt().plus(policy.window())) && retryAfter(now).isEmpty()) {
            failures = 0;
        }
        if (failures == 0) {
            firstFailureAt = utc(now);
        }
        failures++;
        lastFailureAt = utc(now);
        Duration delay = policy.delayAfter(failures);
        blockedUntil = delay.isZero() ? null : utc(now.plus(delay));
        return failures == policy.maxFailures();
    }

    /**
     * Takes back one failure counted for an attempt that turned out right, and any wait set since
     * it was counted: the attempt was let in, so the key did not have to wait before it, and what
     * is left is one failure fewer than what earned the wait.
     */
    public void refund() {
        if (failures > 0) {
            failures--;
        }
        blockedUntil = null;
    }

    /** How long the key must still wait, if it must. */
    public Optional<Duration> retryAfter(Instant now) {
        return blockedUntil != null && now.isBefore(blockedUntil())
                ? Optional.of(Duration.between(now, blockedUntil()))
                : Optional.empty();
    }

    public ThrottleKind kind() { return ThrottleKind.valueOf(kind); }
    public String subject() { return subject; }
    public int failures() { return failures; }
    public Instant firstFailureAt() { return instant(firstFailureAt); }
    public Instant lastFailureAt() { return instant(lastFailureAt); }
    public Instant blockedUntil() { return instant(blockedUntil); }

    /** The primary key: (kind, subject). */
    public static class Key implements Serializable {
        private String kind;
        private String subject;

        public Key() {
        }

        public Key(ThrottleKind kind, String subject) {
            this.kind = kind.name();
            this.subject = subject;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && kind.equals(key.kind) && subject.equals(key.subject);
        }

        @Override
        public int hashCode() {
            return Objects.hash(kind, subject);
        }
    }
}
