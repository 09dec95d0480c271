package dev.rotor.session.entity;

import dev.rotor.platform.RequestFacts;
import dev.rotor.token.entity.Authentication;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * A session: one sign-in on one device, and the refresh-token family it owns.
 * Holds only a hash of the current refresh secret and the seed that links generations
 * (see {@code RefreshTokens}), so storage stays the same however often it rotates.
 */
@Entity
@Table(name = "session_family")
@NamedQuery(name = "Session.activeByAccount",
        query = "SELECT f FROM Session f WHERE f.accountId = :accountId AND f.status = dev.rotor.session.entity.SessionStatus.ACTIVE ORDER BY f.createdAt")
@NamedQuery(name = "Session.liveByAccount",
        query = "SELECT f FROM Session f WHERE f.accountId = :accountId AND f.status = dev.rotor.session.entity.SessionStatus.ACTIVE "
                + "AND f.absoluteExpiresAt > :now AND f.idleExpiresAt > :now ORDER BY f.createdAt, f.id")
@NamedQuery(name = "Session.liveCountByAccount",
        query = "SELECT COUNT(f) FROM Session f WHERE f.accountId = :accountId AND f.status = dev.rotor.session.entity.SessionStatus.ACTIVE "
                + "AND f.absoluteExpiresAt > :now AND f.idleExpiresAt > :now")
@NamedQuery(name = "Session.activeCountsByAccounts",
        query = "SELECT f.accountId, COUNT(f) FROM Session f WHERE f.accountId IN :ids AND f.status = dev.rotor.session.entity.SessionStatus.ACTIVE "
                + "AND f.absoluteExpiresAt > :now AND f.idleExpiresAt > :now GROUP BY f.accountId")
@NamedQuery(name = "Session.idsToPurge",
        query = "SELECT f.id FROM Session f WHERE (f.status <> dev.rotor.session.entity.SessionStatus.ACTIVE AND f.endedAt < :cutoff) OR f.absoluteExpiresAt < :cutoff")
@NamedQuery(name = "Session.expiredActive",
        query = "SELECT f.id FROM Session f WHERE f.status = dev.rotor.session.entity.SessionStatus.ACTIVE "
                + "AND (f.absoluteExpiresAt <= :now OR f.idleExpiresAt <= :now) ORDER BY f.id")
@NamedQuery(name = "Session.deleteByIds", query = "DELETE FROM Session f WHERE f.id IN :ids")
@NamedQuery(name = "Session.activeByClient",
        query = "SELECT f FROM Session f WHERE f.clientId = :clientId AND f.status = dev.rotor.session.entity.SessionStatus.ACTIVE")
@NamedQuery(name = "Session.activeBySignIn",
        query = "SELECT f FROM Session f WHERE f.signInId = :signInId AND f.status = dev.rotor.session.entity.SessionStatus.ACTIVE")
@NamedQuery(name = "Session.withAccount",
        query = "SELECT f, a FROM Session f, Account a WHERE f.id = :id AND a.id = f.accountId")
@NamedQuery(name = "Session.advance",
        query = "UPDATE Session f SET f.generation = :generation, f.currentHash = :currentHash, f.rotatedAt = :rotatedAt, "
                + "f.lastUsedAt = :rotatedAt, f.idleExpiresAt = :idleExpiresAt, f.clientIp = :clientIp "
                + "WHERE f.id = :id AND f.generation = :expected AND f.status = dev.rotor.session.entity.SessionStatus.ACTIVE")
public class Session {

    @Id
    private String id;

    @Column(name = "account_id")
    private String accountId;

    @Column(name = "client_id")
    private String clientId;

    @Column(name = "created_at")
    private Instant createdAt;

    @Column(name = "last_used_at")
    private Instant lastUsedAt;

    @Column(name = "absolute_expires_at")
    private Instant absoluteExpiresAt;

    @Column(name = "idle_expires_at")
    private Instant idleExpiresAt;

    private long generation;

    @Column(name = "rotated_at")
    private Instant rotatedAt;

    @Column(name = "current_hash")
    private String currentHash;

    @Column(name = "chain_seed")
    private String chainSeed;

    @Enumerated(EnumType.STRING)
    private SessionStatus status;

    @Column(name = "ended_at")
    private Instant endedAt;

    @Column(name = "user_agent")
    private String userAgent;

    @Column(name = "client_ip")
    private String clientIp;

    @Column(name = "device_name")
    private String deviceName;

    /** The Rotor sign-in (a browser session) that authorized this app's session; null for a direct sign-in. */
    @Column(name = "sign_in_id")
    private String signInId;

    /** The scopes granted, space-separated; null when none were asked for. */
    private String scope;

    /** When the user last proved who they are for this session (carried unchanged by refreshes). */
    @Column(name = "auth_time")
    private Instant authTime;

    /** How (RFC 8176 amr values, space-separated), carried unchanged by refreshes. */
    private String amr;

    protected Session() {
    }

    /** Starts a family at generation 0 whose current secret hashes to {@code currentHash}. */
    public Session(String id, String accountId, String clientId, RequestFacts facts, Instant now,
                  Duration absoluteTtl, Duration idleTtl, String chainSeed, String currentHash) {
        this.id = id;
        this.accountId = accountId;
        this.clientId = clientId;
        this.createdAt = now;
        this.lastUsedAt = now;
        this.absoluteExpiresAt = now.plus(absoluteTtl);
        this.idleExpiresAt = earliest(now.plus(idleTtl), absoluteExpiresAt);
        this.generation = 0;
        this.rotatedAt = now;
        this.chainSeed = chainSeed;
        this.currentHash = currentHash;
        this.status = SessionStatus.ACTIVE;
        this.userAgent = facts.userAgent();
        this.clientIp = facts.clientIp();
        this.deviceName = facts.deviceName();
        this.authTime = now;
        this.amr = Authentication.PWD;
    }

    /** How the user signed in (for a session the front door starts: how the sign-in that authorized it did). */
    public Session signedInWith(Authentication authentication) {
        this.authTime = authentication.time();
        this.amr = authentication.stored();
        return this;
    }

    /** Links a session the front door starts to the sign-in that authorized it, with its scope. */
    public Session linkedTo(String signInId, String scope) {
        this.signInId = signInId;
        this.scope = scope == null || scope.isBlank() ? null : scope;
        return this;
    }

    public static String newId() {
        return UUID.randomUUID().toString();
    }

    public boolean isActive(Instant now) {
        return status == SessionStatus.ACTIVE && !isExpired(now);
    }

    public boolean isExpired(Instant now) {
        return !now.isBefore(absoluteExpiresAt) || !now.isBefore(idleExpiresAt);
    }

    /** Moves to the next generation. The idle expiry moves too, never past the absolute one. */
    public void rotate(String nextHash, Instant now, Duration idleTtl, RequestFacts facts) {
        this.generation++;
        this.currentHash = nextHash;
        this.rotatedAt = now;
        touch(now, idleTtl, facts);
    }

    /** Records a use that does not rotate (a retry inside the grace window). */
    public void touch(Instant now, Duration idleTtl, RequestFacts facts) {
        this.lastUsedAt = now;
        this.idleExpiresAt = earliest(now.plus(idleTtl), absoluteExpiresAt);
        if (facts != null && facts.clientIp() != null) {
            this.clientIp = facts.clientIp();
        }
    }

    /** Ends the session for good; an ended session never comes back. */
    public void end(SessionStatus reason, Instant now) {
        if (reason == SessionStatus.ACTIVE) {
            throw new IllegalArgumentException("A session ends with a reason, not ACTIVE");
        }
        if (status == SessionStatus.ACTIVE) {
            this.status = reason;
            this.endedAt = now;
        }
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    public String id() { return id; }
    public String accountId() { return accountId; }
    public String clientId() { return clientId; }
    public Instant createdAt() { return createdAt; }
    public Instant lastUsedAt() { return lastUsedAt; }
    public Instant absoluteExpiresAt() { return absoluteExpiresAt; }
    public Instant idleExpiresAt() { return idleExpiresAt; }
    public long generation() { return generation; }
    public Instant rotatedAt() { return rotatedAt; }
    public String currentHash() { return currentHash; }
    public String chainSeed() { return chainSeed; }
    public SessionStatus status() { return status; }
    public Instant endedAt() { return endedAt; }
    public String userAgent() { return userAgent; }
    public String clientIp() { return clientIp; }
    public String deviceName() { return deviceName; }
    public String signInId() { return signInId; }
    public String scope() { return scope; }
    /** When the user signed in; the creation time for sessions from before the column existed. */
    public Instant authTime() { return authTime == null ? createdAt : authTime; }

    /** When and how the session signed in: the {@code auth_time} and {@code amr} of its tokens. */
    public Authentication authentication() { return Authentication.of(authTime(), amr); }

    /** The earlier of the two expiries: when this session stops refreshing if left alone. */
    public Instant expiresAt() {
        return earliest(absoluteExpiresAt, idleExpiresAt);
    }
}
