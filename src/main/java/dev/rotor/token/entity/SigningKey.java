package dev.rotor.token.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A signing key pair, shared by every instance through the database. The private JWK is stored
 * sealed with the key encryption key ({@code kekId} names it; no id = a plaintext row from before
 * key custody, refused unless the start upgrades such a database) and bound to every other column
 * ({@link #sealBinding()}). Its life cycle is a set of instants, so every instance derives the
 * same state from the clock: published from creation, signs from {@code activatesAt}, verifies until
 * {@code retiresAt}, gone at once when revoked.
 */
@Entity
@Table(name = "signing_key")
@NamedQuery(name = "SigningKey.all", query = "SELECT k FROM SigningKey k ORDER BY k.activatesAt DESC, k.createdAt DESC")
public class SigningKey {

    @Id
    private String kid;

    private String algorithm;

    /** The private JWK, sealed (see KeyCustody); the column keeps its historical name. */
    @Column(name = "private_jwk")
    private String sealedPrivateJwk;

    @Column(name = "kek_id")
    private String kekId;

    @Column(name = "public_jwk")
    private String publicJwk;

    @Column(name = "created_at")
    private Instant createdAt;

    @Column(name = "activates_at")
    private Instant activatesAt;

    @Column(name = "retires_at")
    private Instant retiresAt;

    @Column(name = "revoked_at")
    private Instant revokedAt;

    protected SigningKey() {
    }

    public SigningKey(String kid, String algorithm, String kekId, String sealedPrivateJwk, String publicJwk,
                      Instant createdAt, Instant activatesAt) {
        this.kid = kid;
        this.algorithm = algorithm;
        this.kekId = kekId;
        this.sealedPrivateJwk = sealedPrivateJwk;
        this.publicJwk = publicJwk;
        this.createdAt = exact(createdAt);
        this.activatesAt = exact(activatesAt);
    }

    /** The row's name: the associated data its private half was sealed with before rows were bound to their columns. */
    public String sealName() {
        return "signing_key/" + kid;
    }

    /**
     * What the sealed private half is bound to (AES-GCM associated data): every other column, so a
     * changed public key, algorithm, KEK id or life-cycle instant makes the row fail to open.
     * Every change of the life cycle therefore seals the private half again (KeyRotation).
     */
    public String sealBinding() {
        return sealBindingFor(kekId);
    }

    /** {@link #sealBinding()} as it is when sealed under the KEK {@code sealingKekId}. */
    public String sealBindingFor(String sealingKekId) {
        return sealName() + "|alg=" + algorithm + "|kek=" + sealingKekId + "|public=" + publicJwk
                + "|created=" + millis(createdAt) + "|activates=" + millis(activatesAt)
                + "|retires=" + millis(retiresAt) + "|revoked=" + millis(revokedAt);
    }

    /** False once its private half was erased (revoked or retired: it never signs again). */
    public boolean hasPrivateHalf() {
        return sealedPrivateJwk != null && !sealedPrivateJwk.isEmpty();
    }

    /** Erases the private half: a revoked or retired key never signs again, so nothing needs it. */
    public void erasePrivateHalf() {
        sealedPrivateJwk = "";
    }

    /** Millisecond precision, which both databases store exactly: the binding must read back as it was sealed. */
    private static Instant exact(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MILLIS);
    }

    private static String millis(Instant instant) {
        return instant == null ? "-" : Long.toString(instant.toEpochMilli());
    }

    public boolean isRevoked() {
        return revokedAt != null;
    }

    public boolean hasActivated(Instant now) {
        return !activatesAt.isAfter(now);
    }

    public boolean hasRetired(Instant now) {
        return retiresAt != null && !retiresAt.isAfter(now);
    }

    /** Stops signing and verifying at once. */
    public void revoke(Instant now) {
        if (revokedAt == null) {
            revokedAt = exact(now);
        }
    }

    /** Keeps verifying until {@code instant}, the moment every token it signed has expired; never extends an earlier date. */
    public void retireAt(Instant instant) {
        if (retiresAt == null || instant.isBefore(retiresAt)) {
            retiresAt = exact(instant);
        }
    }

    /**
     * Sets the retirement planned from its successor (null: none, it keeps signing), earlier or
     * later than before: for a key that has not been superseded yet, after its successor was revoked.
     */
    public void replanRetirement(Instant instant) {
        retiresAt = exact(instant);
    }

    /** Signs again with no successor planned (after a start with another algorithm had superseded it). */
    public void keepSigning() {
        retiresAt = null;
    }

    public void sealed(String newKekId, String sealed) {
        this.kekId = newKekId;
        this.sealedPrivateJwk = sealed;
    }

    public String kid() { return kid; }
    public String algorithm() { return algorithm; }
    public String kekId() { return kekId; }
    public String sealedPrivateJwk() { return sealedPrivateJwk; }
    public String publicJwk() { return publicJwk; }
    public Instant createdAt() { return createdAt; }
    public Instant activatesAt() { return activatesAt; }
    public Instant retiresAt() { return retiresAt; }
    public Instant revokedAt() { return revokedAt; }

    @Override
    public String toString() {
        return "SigningKey[kid=" + kid + ", algorithm=" + algorithm + "]";
    }
}
