package dev.rotor.factor.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A step that waits for the browser (see {@link ChallengePurpose}), kept on the server: the browser
 * holds only a random value whose SHA-256 is {@link #idHash}. It is used once ({@code used_at} set by
 * compare-and-set), expires, and counts wrong answers, so an abandoned, replayed or guessed step
 * gives nothing.
 */
@Entity
@Table(name = "auth_challenge")
@NamedQuery(name = "AuthChallenge.use",
        query = "UPDATE AuthChallenge c SET c.usedAt = :now WHERE c.idHash = :idHash AND c.usedAt IS NULL AND c.expiresAt > :now")
@NamedQuery(name = "AuthChallenge.countFailure",
        query = "UPDATE AuthChallenge c SET c.failures = c.failures + 1 WHERE c.idHash = :idHash AND c.usedAt IS NULL")
@NamedQuery(name = "AuthChallenge.voidAfterFailures",
        query = "UPDATE AuthChallenge c SET c.usedAt = :now WHERE c.idHash = :idHash AND c.usedAt IS NULL AND c.failures >= :max")
@NamedQuery(name = "AuthChallenge.openFromAddress",
        query = "SELECT COUNT(c) FROM AuthChallenge c WHERE c.purpose = :purpose AND c.clientIp = :clientIp AND c.usedAt IS NULL AND c.expiresAt > :now")
@NamedQuery(name = "AuthChallenge.deleteExpired", query = "DELETE FROM AuthChallenge c WHERE c.expiresAt < :cutoff")
public class AuthChallenge {

    @Id
    @Column(name = "id_hash")
    private String idHash;

    @Enumerated(EnumType.STRING)
    private ChallengePurpose purpose;

    @Column(name = "account_id")
    private String accountId;

    /** The session a registration belongs to (PASSKEY_REGISTRATION). */
    @Column(name = "session_id")
    private String sessionId;

    /** The client the sign-in is for (the browser's rotor-web). */
    @Column(name = "client_id")
    private String clientId;

    /** What the first step proved (RFC 8176, space-separated), e.g. {@code pwd}. */
    private String amr;

    /** SHA-256 of the account's password hash when the first step passed. */
    @Column(name = "password_fingerprint")
    private String passwordFingerprint;

    /** The account's token version when the first step passed. */
    @Column(name = "token_version")
    private Long tokenVersion;

    /** The WebAuthn request as the library serialises it (its challenge included), for the ceremony's second half. */
    @Column(name = "webauthn_request")
    private String webauthnRequest;

    @Column(name = "device_name")
    private String deviceName;

    @Column(name = "user_agent")
    private String userAgent;

    @Column(name = "client_ip")
    private String clientIp;

    private int failures;

    @Column(name = "created_at")
    private Instant createdAt;

    @Column(name = "expires_at")
    private Instant expiresAt;

    @Column(name = "used_at")
    private Instant usedAt;

    protected AuthChallenge() {
    }

    public AuthChallenge(String idHash, ChallengePurpose purpose, String accountId, Instant now, Instant expiresAt) {
        this.idHash = idHash;
        this.purpose = purpose;
        this.accountId = accountId;
        this.createdAt = now;
        this.expiresAt = expiresAt;
    }

    /** The first step this challenge continues: what it proved, and the account state it proved it against. */
    public AuthChallenge afterFirstStep(String clientId, String amr, String passwordFingerprint, long tokenVersion) {
        this.clientId = clientId;
        this.amr = amr;
        this.passwordFingerprint = passwordFingerprint;
        this.tokenVersion = tokenVersion;
        return this;
    }

    public AuthChallenge forSession(String sessionId) {
        this.sessionId = sessionId;
        return this;
    }

    public AuthChallenge withWebauthnRequest(String requestJson) {
        this.webauthnRequest = requestJson;
        return this;
    }

    public AuthChallenge from(String deviceName, String userAgent, String clientIp) {
        this.deviceName = deviceName;
        this.userAgent = userAgent;
        this.clientIp = clientIp;
        return this;
    }

    public String idHash() { return idHash; }
    public ChallengePurpose purpose() { return purpose; }
    public String accountId() { return accountId; }
    public String sessionId() { return sessionId; }
    public String clientId() { return clientId; }
    public String amr() { return amr; }
    public String passwordFingerprint() { return passwordFingerprint; }
    public Long tokenVersion() { return tokenVersion; }
    public String webauthnRequest() { return webauthnRequest; }
    public String deviceName() { return deviceName; }
    public String userAgent() { return userAgent; }
    public String clientIp() { return clientIp; }
    public int failures() { return failures; }
    public Instant createdAt() { return createdAt; }
    public Instant expiresAt() { return expiresAt; }
    public Instant usedAt() { return usedAt; }

    public boolean isOpen(Instant now) {
        return usedAt == null && expiresAt.isAfter(now);
    }
}
