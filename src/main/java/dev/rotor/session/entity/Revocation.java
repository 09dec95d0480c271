package dev.rotor.session.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One entry of the revocation log: a session ended, an account's access tokens were cut off, or a
 * signing key was revoked.
 * Written in the transaction that makes the change; every instance and every resource server
 * applies the entries in {@code seq} order to its cut-off cache. Read through JPA, written by
 * {@code RevocationLog} with one plain insert: EclipseLink's identity read-back does not work on H2 2.
 */
@Entity
@Table(name = "revocation")
@NamedQuery(name = "Revocation.since", query = "SELECT r FROM Revocation r WHERE r.seq > :cursor ORDER BY r.seq")
@NamedQuery(name = "Revocation.between", query = "SELECT r FROM Revocation r WHERE r.seq >= :low AND r.seq <= :high ORDER BY r.seq")
@NamedQuery(name = "Revocation.head", query = "SELECT MAX(r.seq) FROM Revocation r")
@NamedQuery(name = "Revocation.deleteBefore", query = "DELETE FROM Revocation r WHERE r.recordedAt < :cutoff AND r.seq < :head")
public class Revocation {

    /** What was revoked. */
    public enum Kind {
        /** One session ended: tokens whose {@code sid} is {@link #sessionId()} are refused. */
        SESSION,
        /** Tokens of {@link #accountId()} whose {@code tv} is below {@link #minTokenVersion()} are refused. */
        ACCOUNT,
        /** The signing key {@link #keyId()} was revoked: every token it signed is refused. */
        KEY
    }

    /** Given by the database (an identity column) when the entry is written; 0 before. */
    @Id
    private long seq;

    @Enumerated(EnumType.STRING)
    private Kind kind;

    @Column(name = "account_id")
    private String accountId;

    @Column(name = "session_id")
    private String sessionId;

    @Column(name = "min_token_version")
    private Long minTokenVersion;

    private String reason;

    @Column(name = "key_id")
    private String keyId;

    @Column(name = "recorded_at")
    private Instant recordedAt;

    protected Revocation() {
    }

    private Revocation(Kind kind, String accountId, String sessionId, Long minTokenVersion, String reason, Instant now) {
        this.kind = kind;
        this.accountId = accountId;
        this.sessionId = sessionId;
        this.minTokenVersion = minTokenVersion;
        this.reason = reason;
        this.recordedAt = now;
    }

    public static Revocation sessionEnded(String accountId, String sessionId, SessionStatus reason, Instant now) {
        return new Revocation(Kind.SESSION, accountId, sessionId, null, reason.name(), now);
    }

    public static Revocation accountCutOff(String accountId, long minTokenVersion, String reason, Instant now) {
        return new Revocation(Kind.ACCOUNT, accountId, null, minTokenVersion, reason, now);
    }

    public static Revocation keyRevoked(String kid, Instant now) {
        var revocation = new Revocation(Kind.KEY, null, null, null, "KEY_REVOKED", now);
        revocation.keyId = kid;
        return revocation;
    }

    public long seq() { return seq; }
    public Kind kind() { return kind; }
    public String accountId() { return accountId; }
    public String sessionId() { return sessionId; }
    public Long minTokenVersion() { return minTokenVersion; }
    public String reason() { return reason; }
    public String keyId() { return keyId; }
    public Instant recordedAt() { return recordedAt; }
}
