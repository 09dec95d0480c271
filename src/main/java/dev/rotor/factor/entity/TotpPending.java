package dev.rotor.factor.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * An authenticator-app enrolment waiting for its first valid code (V14, {@code totp_pending}): kept
 * apart from {@link TotpAuthenticator}, so an account's confirmed authenticator keeps working until
 * a new one is confirmed. The secret is sealed with the key encryption key, bound to this row
 * (another binding than the authenticator's, so neither opens as the other).
 */
@Entity
@Table(name = "totp_pending")
@NamedQuery(name = "TotpPending.all", query = "SELECT t FROM TotpPending t ORDER BY t.accountId")
public class TotpPending implements SealedTotpSecret {

    @Id
    @Column(name = "account_id")
    private String accountId;

    @Column(name = "secret_kek_id")
    private String secretKekId;

    @Column(name = "secret_sealed")
    private String secretSealed;

    @Column(name = "created_at")
    private Instant createdAt;

    protected TotpPending() {
    }

    public TotpPending(String accountId, Instant now) {
        this.accountId = accountId;
        this.secretSealed = "";
        this.createdAt = now;
    }

    @Override
    public String sealBindingFor(String kekId) {
        return "totp_pending:" + accountId + ":" + kekId;
    }

    @Override
    public void resealed(String kekId, String sealed) {
        this.secretKekId = kekId;
        this.secretSealed = sealed;
    }

    /** The enrolment starts again now (its new secret is sealed into it next). */
    public void restarted(Instant now) {
        this.createdAt = now;
    }

    @Override public String accountId() { return accountId; }
    @Override public String secretKekId() { return secretKekId; }
    @Override public String secretSealed() { return secretSealed; }
    public Instant createdAt() { return createdAt; }
}
