package dev.rotor.factor.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One single-use recovery code: only its SHA-256 is kept; {@code used_at} is set once, by compare-and-set. */
@Entity
@Table(name = "recovery_code")
@NamedQuery(name = "RecoveryCode.use",
        query = "UPDATE RecoveryCode r SET r.usedAt = :now WHERE r.accountId = :accountId AND r.codeHash = :codeHash AND r.usedAt IS NULL")
@NamedQuery(name = "RecoveryCode.remaining",
        query = "SELECT COUNT(r) FROM RecoveryCode r WHERE r.accountId = :accountId AND r.usedAt IS NULL")
@NamedQuery(name = "RecoveryCode.deleteByAccount", query = "DELETE FROM RecoveryCode r WHERE r.accountId = :accountId")
public class RecoveryCode {

    @Id
    private String id;

    @Column(name = "account_id")
    private String accountId;

    @Column(name = "code_hash")
    private String codeHash;

    @Column(name = "created_at")
    private Instant createdAt;

    @Column(name = "used_at")
    private Instant usedAt;

    protected RecoveryCode() {
    }

    public RecoveryCode(String accountId, String codeHash, Instant now) {
        this.id = UUID.randomUUID().toString();
        this.accountId = accountId;
        this.codeHash = codeHash;
        this.createdAt = now;
    }

    public String id() { return id; }
    public String accountId() { return accountId; }
    public String codeHash() { return codeHash; }
    public Instant createdAt() { return createdAt; }
    public Instant usedAt() { return usedAt; }
}
