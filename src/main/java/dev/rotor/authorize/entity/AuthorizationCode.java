package dev.rotor.authorize.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * An authorization code, kept as its SHA-256 only, bound to its client, redirect URI, PKCE
 * challenge, nonce, scope and the Rotor sign-in that authorized it. Used once: {@code usedAt} is
 * set by a compare-and-set; {@code sessionId} is the session that use started.
 */
@Entity
@Table(name = "authorization_code")
@NamedQuery(name = "AuthorizationCode.markUsed",
        query = "UPDATE AuthorizationCode c SET c.usedAt = :now WHERE c.codeHash = :codeHash AND c.usedAt IS NULL")
@NamedQuery(name = "AuthorizationCode.deleteExpired", query = "DELETE FROM AuthorizationCode c WHERE c.expiresAt < :cutoff")
public class AuthorizationCode {

    @Id
    @Column(name = "code_hash")
    private String codeHash;

    @Column(name = "client_id")
    private String clientId;

    @Column(name = "account_id")
    private String accountId;

    @Column(name = "sign_in_id")
    private String signInId;

    @Column(name = "redirect_uri")
    private String redirectUri;

    @Column(name = "redirect_uri_sent")
    private boolean redirectUriSent;

    @Column(name = "code_challenge")
    private String codeChallenge;

    private String nonce;

    private String scope;

    @Column(name = "auth_time")
    private Instant authTime;

    @Column(name = "created_at")
    private Instant createdAt;

    @Column(name = "expires_at")
    private Instant expiresAt;

    @Column(name = "used_at")
    private Instant usedAt;

    @Column(name = "session_id")
    private String sessionId;

    protected AuthorizationCode() {
    }

    public AuthorizationCode(String codeHash, AuthorizationRequest request, String accountId, String signInId, Instant authTime,
                             Instant now, Instant expiresAt) {
        this.codeHash = codeHash;
        this.clientId = request.clientId();
        this.redirectUri = request.redirectUri();
        this.redirectUriSent = request.redirectUriSent();
        this.codeChallenge = request.codeChallenge();
        this.nonce = request.nonce();
        this.scope = request.scope();
        this.accountId = accountId;
        this.signInId = signInId;
        this.authTime = authTime;
        this.createdAt = now;
        this.expiresAt = expiresAt;
    }

    public String codeHash() { return codeHash; }
    public String clientId() { return clientId; }
    public String accountId() { return accountId; }
    public String signInId() { return signInId; }
    public String redirectUri() { return redirectUri; }
    public boolean redirectUriSent() { return redirectUriSent; }
    public String codeChallenge() { return codeChallenge; }
    public String nonce() { return nonce; }
    public String scope() { return scope; }
    public Instant authTime() { return authTime; }
    public Instant createdAt() { return createdAt; }
    public Instant expiresAt() { return expiresAt; }
    public Instant usedAt() { return usedAt; }
    public String sessionId() { return sessionId; }

    public boolean isExpired(Instant now) {
        return !now.isBefore(expiresAt);
    }

    /** Records the session the code's one use started. */
    public void startedSession(String sessionId) {
        this.sessionId = sessionId;
    }
}
