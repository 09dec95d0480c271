package dev.rotor.custody.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A random key every instance shares, e.g. the one that signs CSRF tokens (see {@code SealedSecrets}).
 * Stored sealed with the key encryption key ({@code kekId} names it) and bound to its name, KEK id
 * and creation instant (no id = a plaintext row from before key custody, refused unless that start
 * upgrades the database).
 */
@Entity
@Table(name = "server_secret")
public class ServerSecret {

    @Id
    private String name;

    @Column(name = "secret")
    private String sealedSecret;

    @Column(name = "kek_id")
    private String kekId;

    @Column(name = "created_at")
    private Instant createdAt;

    protected ServerSecret() {
    }

    public ServerSecret(String name, String kekId, String sealedSecret, Instant createdAt) {
        this.name = name;
        this.kekId = kekId;
        this.sealedSecret = sealedSecret;
        this.createdAt = createdAt.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }

    /** The associated data its value is sealed with. */
    public String sealName() {
        return sealName(name);
    }

    /** The row's name: the associated data values were sealed with before rows were bound to their columns. */
    public static String sealName(String name) {
        return "server_secret/" + name;
    }

    /** What its value is bound to when sealed under the KEK {@code sealingKekId}: its name, that KEK's id and its creation instant. */
    public String sealBinding(String sealingKekId) {
        return sealBinding(name, sealingKekId, createdAt);
    }

    public static String sealBinding(String name, String sealingKekId, Instant createdAt) {
        return sealName(name) + "|kek=" + sealingKekId + "|created=" + createdAt.toEpochMilli();
    }

    public String name() {
        return name;
    }

    public String kekId() {
        return kekId;
    }

    public String sealedSecret() {
        return sealedSecret;
    }

    public void sealed(String newKekId, String sealed) {
        this.kekId = newKekId;
        this.sealedSecret = sealed;
    }

    @Override
    public String toString() {
        return "ServerSecret[" + name + "]";
    }
}
