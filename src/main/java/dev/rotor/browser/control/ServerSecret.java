package dev.rotor.browser.control;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A random key every instance shares, e.g. the one that signs CSRF tokens. */
@Entity
@Table(name = "server_secret")
public class ServerSecret {

    @Id
    private String name;

    private String secret;

    @Column(name = "created_at")
    private Instant createdAt;

    protected ServerSecret() {
    }

    public ServerSecret(String name, String secret, Instant createdAt) {
        this.name = name;
        this.secret = secret;
        this.createdAt = createdAt;
    }

    public String secret() {
        return secret;
    }

    @Override
    public String toString() {
        return "ServerSecret[" + name + "]";
    }
}
