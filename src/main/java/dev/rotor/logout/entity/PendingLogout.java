package dev.rotor.logout.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * One back-channel logout to deliver (a row of the logout outbox): which client, at which URI, is
 * told that the session {@code sid} of account {@code accountId} ended. Due while
 * {@code nextAttemptAt} is set; a sender claims it by moving {@code nextAttemptAt} forward and
 * counting the attempt in one compare-and-set on {@code attempts} ({@code PendingLogout.claim}), so
 * only one sender holds it at a time, and only the holder of the latest attempt writes its outcome.
 */
@Entity
@Table(name = "logout_outbox")
@NamedQuery(name = "PendingLogout.due",
        query = "SELECT p FROM PendingLogout p WHERE p.nextAttemptAt <= :now ORDER BY p.nextAttemptAt")
@NamedQuery(name = "PendingLogout.claim",
        query = "UPDATE PendingLogout p SET p.attempts = p.attempts + 1, p.lastAttemptAt = :now, p.nextAttemptAt = :leaseEnds "
                + "WHERE p.id = :id AND p.attempts = :attempts AND p.nextAttemptAt <= :now")
@NamedQuery(name = "PendingLogout.delivered",
        query = "UPDATE PendingLogout p SET p.deliveredAt = :now, p.nextAttemptAt = NULL "
                + "WHERE p.id = :id AND p.attempts = :attempts AND p.nextAttemptAt IS NOT NULL")
@NamedQuery(name = "PendingLogout.failed",
        query = "UPDATE PendingLogout p SET p.lastError = :error, p.nextAttemptAt = :next "
                + "WHERE p.id = :id AND p.attempts = :attempts AND p.nextAttemptAt IS NOT NULL")
@NamedQuery(name = "PendingLogout.gaveUp",
        query = "UPDATE PendingLogout p SET p.lastError = :error, p.gaveUpAt = :now, p.nextAttemptAt = NULL "
                + "WHERE p.id = :id AND p.attempts = :attempts AND p.nextAttemptAt IS NOT NULL")
@NamedQuery(name = "PendingLogout.lastDelivered",
        query = "SELECT MAX(p.deliveredAt) FROM PendingLogout p WHERE p.clientId = :clientId")
@NamedQuery(name = "PendingLogout.pendingCount",
        query = "SELECT COUNT(p) FROM PendingLogout p WHERE p.clientId = :clientId AND p.nextAttemptAt IS NOT NULL")
@NamedQuery(name = "PendingLogout.undeliveredFailures",
        query = "SELECT p FROM PendingLogout p WHERE p.clientId = :clientId AND p.deliveredAt IS NULL AND p.lastError IS NOT NULL "
                + "ORDER BY p.lastAttemptAt DESC")
@NamedQuery(name = "PendingLogout.deleteFinishedBefore",
        query = "DELETE FROM PendingLogout p WHERE p.nextAttemptAt IS NULL "
                + "AND ((p.deliveredAt IS NOT NULL AND p.deliveredAt < :cutoff) OR (p.gaveUpAt IS NOT NULL AND p.gaveUpAt < :cutoff))")
public class PendingLogout {

    /** The longest {@link #lastError} kept. */
    public static final int MAX_ERROR = 256;

    @Id
    private String id;

    @Column(name = "client_id")
    private String clientId;

    @Column(name = "account_id")
    private String accountId;

    /** The {@code sid} the client knows: the Rotor sign-in the ended session was linked to, else the session itself. */
    private String sid;

    @Column(name = "session_id")
    private String sessionId;

    private String uri;

    @Column(name = "created_at")
    private Instant createdAt;

    @Column(name = "next_attempt_at")
    private Instant nextAttemptAt;

    private int attempts;

    @Column(name = "last_attempt_at")
    private Instant lastAttemptAt;

    @Column(name = "last_error")
    private String lastError;

    @Column(name = "delivered_at")
    private Instant deliveredAt;

    @Column(name = "gave_up_at")
    private Instant gaveUpAt;

    protected PendingLogout() {
    }

    /** A logout due at once. */
    public PendingLogout(String clientId, String accountId, String sid, String sessionId, String uri, Instant now) {
        this.id = UUID.randomUUID().toString();
        this.clientId = clientId;
        this.accountId = accountId;
        this.sid = sid;
        this.sessionId = sessionId;
        this.uri = uri;
        this.createdAt = now;
        this.nextAttemptAt = now;
        this.attempts = 0;
    }

    /** {@code error} cut to what the column holds. */
    public static String errorText(String error) {
        return error == null || error.length() <= MAX_ERROR ? error : error.substring(0, MAX_ERROR);
    }

    public String id() { return id; }
    public String clientId() { return clientId; }
    public String accountId() { return accountId; }
    public String sid() { return sid; }
    public String sessionId() { return sessionId; }
    public String uri() { return uri; }
    public Instant createdAt() { return createdAt; }
    /** When it is due next; null once delivered or given up. */
    public Instant nextAttemptAt() { return nextAttemptAt; }
    public int attempts() { return attempts; }
    public Instant lastAttemptAt() { return lastAttemptAt; }
    public String lastError() { return lastError; }
    public Instant deliveredAt() { return deliveredAt; }
    public Instant gaveUpAt() { return gaveUpAt; }
}
