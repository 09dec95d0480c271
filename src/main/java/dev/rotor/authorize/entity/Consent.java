package dev.rotor.authorize.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/** A user's consent to a third-party client's scopes, remembered until the user revokes it. */
@Entity
@Table(name = "client_consent")
@IdClass(Consent.Key.class)
@NamedQuery(name = "Consent.byAccount", query = "SELECT c FROM Consent c WHERE c.accountId = :accountId ORDER BY c.grantedAt")
@NamedQuery(name = "Consent.deleteByClient", query = "DELETE FROM Consent c WHERE c.clientId = :clientId")
public class Consent {

    @Id
    @Column(name = "account_id")
    private String accountId;

    @Id
    @Column(name = "client_id")
    private String clientId;

    private String scopes;

    @Column(name = "granted_at")
    private Instant grantedAt;

    protected Consent() {
    }

    public Consent(String accountId, String clientId, List<String> scopes, Instant grantedAt) {
        this.accountId = accountId;
        this.clientId = clientId;
        this.scopes = String.join(" ", scopes);
        this.grantedAt = grantedAt;
    }

    public String accountId() { return accountId; }
    public String clientId() { return clientId; }
    public Instant grantedAt() { return grantedAt; }

    public List<String> scopes() {
        return scopes == null || scopes.isBlank() ? List.of() : Arrays.asList(scopes.trim().split("\\s+"));
    }

    public void grant(List<String> scopes, Instant now) {
        this.scopes = String.join(" ", scopes);
        this.grantedAt = now;
    }

    /** The composite key (account, client). */
    public static class Key implements Serializable {
        private String accountId;
        private String clientId;

        public Key() {
        }

        public Key(String accountId, String clientId) {
            this.accountId = accountId;
            this.clientId = clientId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(accountId, k.accountId) && Objects.equals(clientId, k.clientId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(accountId, clientId);
        }
    }
}
