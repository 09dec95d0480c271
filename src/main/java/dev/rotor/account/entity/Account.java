package dev.rotor.account.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/** A person or service that signs in: a normalized username, a password hash, roles. */
@Entity
@Table(name = "account")
@NamedQuery(name = "Account.byUsername", query = "SELECT a FROM Account a WHERE a.username = :username")
@NamedQuery(name = "Account.count", query = "SELECT COUNT(a) FROM Account a")
public class Account {

    @Id
    private String id;

    private String username;

    @Column(name = "password_hash")
    private String passwordHash;

    private String roles;

    private boolean enabled;

    @Column(name = "created_at")
    private Instant createdAt;

    /** When access tokens were last cut off (shown to admins; the check uses {@link #tokenVersion}). */
    @Column(name = "tokens_valid_after")
    private Instant tokensValidAfter;

    /** Access tokens carry this as claim {@code tv}; a token with a lower one is cut off. */
    @Column(name = "token_version")
    private long tokenVersion;

    /** Set with a temporary password from an admin: sign-in is refused until the owner picks a new one. */
    @Column(name = "password_change_required")
    private boolean passwordChangeRequired;

    /** Until when a temporary password works (null: no limit, or not temporary). */
    @Column(name = "temporary_password_expires_at")
    private Instant temporaryPasswordExpiresAt;

    @Version
    private long version;

    protected Account() {
    }

    public Account(Username username, String passwordHash, Collection<String> roles, Instant now) {
        this.id = UUID.randomUUID().toString();
        this.username = username.value();
        this.passwordHash = passwordHash;
        this.roles = String.join(",", new TreeSet<>(roles));
        this.enabled = true;
        this.createdAt = now;
    }

    public String id() {
        return id;
    }

    public String username() {
        return username;
    }

    public String passwordHash() {
        return passwordHash;
    }

    public Set<String> roles() {
        return roles.isEmpty() ? Set.of() : new TreeSet<>(Arrays.asList(roles.split(",")));
    }

    public boolean isEnabled() {
        return enabled;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant tokensValidAfter() {
        return tokensValidAfter;
    }

    public long tokenVersion() {
        return tokenVersion;
    }

    /**
     * Cuts off every access token issued so far: they carry a lower token version than the one
     * this returns. A counter, so a token issued in the same second as the cut-off is cut off too.
     */
    public long cutOffTokens(Instant now) {
        this.tokensValidAfter = now;
        return ++tokenVersion;
    }

    public void disable() {
        this.enabled = false;
    }

    public void enable() {
        this.enabled = true;
    }

    public void grantRoles(Collection<String> newRoles) {
        this.roles = String.join(",", new TreeSet<>(newRoles));
    }

    public boolean passwordChangeRequired() {
        return passwordChangeRequired;
    }

    /** Whether the password is a temporary one whose time is up: it then opens nothing at all. */
    public boolean temporaryPasswordExpired(Instant now) {
        return passwordChangeRequired && temporaryPasswordExpiresAt != null && !now.isBefore(temporaryPasswordExpiresAt);
    }

    public Instant temporaryPasswordExpiresAt() {
        return temporaryPasswordExpiresAt;
    }

    /** The same password, hashed again with the current settings. */
    public void rehash(String newHash) {
        this.passwordHash = newHash;
    }

    /** The owner's own new password: any temporary one is gone. */
    public void changePassword(String newHash) {
        this.passwordHash = newHash;
        this.passwordChangeRequired = false;
        this.temporaryPasswordExpiresAt = null;
    }

    /** A password an admin chose: good for one thing only, choosing a new one, until {@code expiresAt} (null: no limit). */
    public void setTemporaryPassword(String newHash, Instant expiresAt) {
        this.passwordHash = newHash;
        this.passwordChangeRequired = true;
        this.temporaryPasswordExpiresAt = expiresAt;
    }
}
