package dev.rotor.factor.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * An account's authenticator app (TOTP, RFC 6238). The shared secret is sealed with the key
 * encryption key and bound to this row; {@link #confirmedAt} is null until the first valid code;
 * {@link #lastUsedStep} is the highest time step accepted, so a code is accepted once.
 */
@Entity
@Table(name = "totp_authenticator")
@NamedQuery(name = "TotpAuthenticator.advance",
        query = "UPDATE TotpAuthenticator t SET t.lastUsedStep = :step, t.lastUsedAt = :now WHERE t.accountId = :accountId AND t.lastUsedStep < :step")
@NamedQuery(name = "TotpAuthenticator.all", query = "SELECT t FROM TotpAuthenticator t ORDER BY t.accountId")
public class TotpAuthenticator implements SealedTotpSecret {

    @Id
    @Column(name = "account_id")
    private String accountId;

    @Column(name = "secret_kek_id")
    private String secretKekId;

    @Column(name = "secret_sealed")
    private String secretSealed;

    @Column(name = "created_at")
    private Instant createdAt;

    @Column(name = "confirmed_at")
    private Instant confirmedAt;

    @Column(name = "last_used_step")
    private long lastUsedStep;

    @Column(name = "last_used_at")
    private Instant lastUsedAt;

    protected TotpAuthenticator() {
    }

    public TotpAuthenticator(String accountId, String secretKekId, String secretSealed, Instant now) {
        this.accountId = accountId;
        this.secretKekId = secretKekId;
        this.secretSealed = secretSealed;
        this.createdAt = now;
        this.lastUsedStep = -1;
    }

    @Override
    public String sealBindingFor(String kekId) {
        return "totp_authenticator:" + accountId + ":" + kekId;
    }

    @Override
    public void resealed(String kekId, String sealed) {
        this.secretKekId = kekId;
        this.secretSealed = sealed;
    }

    public void confirm(long step, Instant now) {
        this.confirmedAt = now;
        this.lastUsedStep = step;
        this.lastUsedAt = now;
    }

    @Override public String accountId() { return accountId; }
    @Override public String secretKekId() { return secretKekId; }
    @Override public String secretSealed() { return secretSealed; }
    public Instant createdAt() { return createdAt; }
    public Instant confirmedAt() { return confirmedAt; }
    public boolean isConfirmed() { return confirmedAt != null; }
    public long lastUsedStep() { return lastUsedStep; }
    public Instant lastUsedAt() { return lastUsedAt; }
}
