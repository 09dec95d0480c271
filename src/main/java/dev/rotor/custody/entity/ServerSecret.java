package dev.rotor.custody.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A random key every instance shares, e.g. the one that signs CSRF tokens (see {@code SealedSecrets}).
 * Stored sealed with the key encryption key ({@code kekId} names it; no id = a plaintext row from
 * before key custody).
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
        this.createdAt = createdAt;
    }

    /** The associated data its value is sealed with. */
    public String sealName() {
        return sealName(name);
    }

    /** The associated data the secret named {@code name} is sealed with. */
    public static String sealName(String name) {
        return "server_secret/" + name;
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
