package dev.rotor.factor.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A WebAuthn credential (passkey) of an account. Binary values are base64url text; the public key
 * is COSE as registered. The signature counter and the backup flags are checked and stored on every
 * use.
 */
@Entity
@Table(name = "passkey")
@NamedQuery(name = "Passkey.byAccount", query = "SELECT p FROM Passkey p WHERE p.accountId = :accountId ORDER BY p.createdAt, p.id")
@NamedQuery(name = "Passkey.byCredentialId", query = "SELECT p FROM Passkey p WHERE p.credentialId = :credentialId")
@NamedQuery(name = "Passkey.countByAccount", query = "SELECT COUNT(p) FROM Passkey p WHERE p.accountId = :accountId")
public class Passkey {

    @Id
    private String id;

    @Column(name = "account_id")
    private String accountId;

    @Column(name = "credential_id")
    private String credentialId;

    @Column(name = "public_key_cose")
    private String publicKeyCose;

    @Column(name = "signature_count")
    private long signatureCount;

    @Column(name = "backup_eligible")
    private boolean backupEligible;

    @Column(name = "backed_up")
    private boolean backedUp;

    private String transports;

    private String name;

    @Column(name = "created_at")
    private Instant createdAt;

    @Column(name = "last_used_at")
    private Instant lastUsedAt;

    protected Passkey() {
    }

    public Passkey(String accountId, String credentialId, String publicKeyCose, long signatureCount,
                   boolean backupEligible, boolean backedUp, String transports, String name, Instant now) {
        this.id = UUID.randomUUID().toString();
        this.accountId = accountId;
        this.credentialId = credentialId;
        this.publicKeyCose = publicKeyCose;
        this.signatureCount = signatureCount;
        this.backupEligible = backupEligible;
        this.backedUp = backedUp;
        this.transports = transports;
        this.name = name;
        this.createdAt = now;
    }

    /** A verified use: the new counter and backup state. */
    public void used(long signatureCount, boolean backedUp, Instant now) {
        this.signatureCount = signatureCount;
        this.backedUp = backedUp;
        this.lastUsedAt = now;
    }

    public void rename(String name) {
        this.name = name;
    }

    public String id() { return id; }
    public String accountId() { return accountId; }
    public String credentialId() { return credentialId; }
    public String publicKeyCose() { return publicKeyCose; }
    public long signatureCount() { return signatureCount; }
    public boolean backupEligible() { return backupEligible; }
    public boolean backedUp() { return backedUp; }
    public String transports() { return transports; }
    public String name() { return name; }
    public Instant createdAt() { return createdAt; }
    public Instant lastUsedAt() { return lastUsedAt; }
}
