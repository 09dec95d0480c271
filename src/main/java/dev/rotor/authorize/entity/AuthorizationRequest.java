package dev.rotor.authorize.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * An authorization request {@code /oauth2/authorize} has checked (client, redirect URI, PKCE,
 * scope), kept while the user signs in on the hosted page. Its id is in the page's URL; it carries
 * no secret of the user's.
 */
@Entity
@Table(name = "authorization_request")
@NamedQuery(name = "AuthorizationRequest.deleteExpired", query = "DELETE FROM AuthorizationRequest r WHERE r.expiresAt < :now")
public class AuthorizationRequest {

    @Id
    private String id;

    @Column(name = "client_id")
    private String clientId;

    /** The redirect URI the code goes to (the registered one when the request named none). */
    @Column(name = "redirect_uri")
    private String redirectUri;

    /** Whether the request named it (then the code exchange must name it too). */
    @Column(name = "redirect_uri_sent")
    private boolean redirectUriSent;

    private String state;

    private String scope;

    @Column(name = "code_challenge")
    private String codeChallenge;

    private String nonce;

    private String prompt;

    @Column(name = "max_age")
    private Long maxAge;

    @Column(name = "login_hint")
    private String loginHint;

    /** The account an {@code id_token_hint} named, or null: only that account's sign-in may answer. */
    @Column(name = "id_token_hint_subject")
    private String idTokenHintSubject;

    /** {@code mfa} when the request's {@code acr_values} asked for it (then only a multi-factor sign-in answers), or null. */
    @Column(name = "acr_values")
    private String acrValues;

    @Column(name = "created_at")
    private Instant createdAt;

    @Column(name = "expires_at")
    private Instant expiresAt;

    protected AuthorizationRequest() {
    }

    public AuthorizationRequest(String id, String clientId, String redirectUri, boolean redirectUriSent, String state, String scope,
                                String codeChallenge, String nonce, String prompt, Long maxAge, String loginHint,
                                Instant createdAt, Instant expiresAt) {
        this.id = id;
        this.clientId = clientId;
        this.redirectUri = redirectUri;
        this.redirectUriSent = redirectUriSent;
        this.state = state;
        this.scope = scope;
        this.codeChallenge = codeChallenge;
        this.nonce = nonce;
        this.prompt = prompt;
        this.maxAge = maxAge;
        this.loginHint = loginHint;
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
    }

    public String id() { return id; }
    public String clientId() { return clientId; }
    public String redirectUri() { return redirectUri; }
    public boolean redirectUriSent() { return redirectUriSent; }
    public String state() { return state; }
    public String scope() { return scope; }
    public String codeChallenge() { return codeChallenge; }
    public String nonce() { return nonce; }
    public String prompt() { return prompt; }
    public Long maxAge() { return maxAge; }
    public String loginHint() { return loginHint; }
    public String idTokenHintSubject() { return idTokenHintSubject; }
    public Instant createdAt() { return createdAt; }

    /** Records the account the request's {@code id_token_hint} named. */
    public AuthorizationRequest hinting(String subject) {
        this.idTokenHintSubject = subject;
        return this;
    }
    public Instant expiresAt() { return expiresAt; }
    public String acrValues() { return acrValues; }

    /** Whether the request's {@code acr_values} asked for a multi-factor sign-in. */
    public boolean requiresMfa() { return "mfa".equals(acrValues); }

    /** Records what Rotor keeps of the request's {@code acr_values} ({@code mfa} or null). */
    public AuthorizationRequest askingFor(String acrValues) {
        this.acrValues = acrValues;
        return this;
    }

    public boolean isExpired(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
