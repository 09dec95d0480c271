package dev.rotor.client.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;

/** One secret of a confidential client: only its SHA-256 (the secret is 256 random bits Rotor made). */
@Entity
@Table(name = "oauth_client_secret")
@NamedQuery(name = "ClientSecret.byClient", query = "SELECT s FROM ClientSecret s WHERE s.clientId = :clientId ORDER BY s.createdAt")
public class ClientSecret {

    @Id
    private String id;

    @Column(name = "client_id")
    private String clientId;

    @Column(name = "secret_hash")
    private String secretHash;

    @Column(name = "created_at")
    private Instant createdAt;

    @Column(name = "expires_at")
    private Instant expiresAt;

    protected ClientSecret() {
    }

    public ClientSecret(String id, String clientId, String secretHash, Instant createdAt, Instant expiresAt) {
        this.id = id;
        this.clientId = clientId;
        this.secretHash = secretHash;
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
    }

    public String id() { return id; }
    public String clientId() { return clientId; }
    public String secretHash() { return secretHash; }
    public Instant createdAt() { return createdAt; }
    public Instant expiresAt() { return expiresAt; }

    public boolean isValid(Instant now) {
        return expiresAt == null || now.isBefore(expiresAt);
    }
}
