package dev.rotor.token.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A signing key pair as JWK JSON, shared by every instance through the database.
 * The private half never leaves this row and the in-memory signer.
 */
@Entity
@Table(name = "signing_key")
@NamedQuery(name = "SigningKey.all", query = "SELECT k FROM SigningKey k ORDER BY k.createdAt DESC")
@NamedQuery(name = "SigningKey.byAlgorithm", query = "SELECT k FROM SigningKey k WHERE k.algorithm = :algorithm ORDER BY k.createdAt DESC")
public class SigningKey {

    @Id
    private String kid;

    private String algorithm;

    @Column(name = "private_jwk")
    private String privateJwk;

    @Column(name = "public_jwk")
    private String publicJwk;

    @Column(name = "created_at")
    private Instant createdAt;

    protected SigningKey() {
    }

    public SigningKey(String kid, String algorithm, String privateJwk, String publicJwk, Instant createdAt) {
        this.kid = kid;
        this.algorithm = algorithm;
        this.privateJwk = privateJwk;
        this.publicJwk = publicJwk;
        this.createdAt = createdAt;
    }

    public String kid() { return kid; }
    public String algorithm() { return algorithm; }
    public String privateJwk() { return privateJwk; }
    public String publicJwk() { return publicJwk; }
    public Instant createdAt() { return createdAt; }

    @Override
    public String toString() {
        return "SigningKey[kid=" + kid + ", algorithm=" + algorithm + "]";
    }
}
