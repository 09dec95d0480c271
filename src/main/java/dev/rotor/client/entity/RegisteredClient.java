package dev.rotor.client.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * An OAuth client an admin registered (the built-ins of {@code rotor.clients} are not stored). Its
 * lists are kept as text, one URI per line and grants/scopes space-separated; the getters give lists.
 */
@Entity
@Table(name = "oauth_client")
@NamedQuery(name = "RegisteredClient.all", query = "SELECT c FROM RegisteredClient c ORDER BY c.clientId")
@NamedQuery(name = "RegisteredClient.count", query = "SELECT COUNT(c) FROM RegisteredClient c")
@NamedQuery(name = "RegisteredClient.enabled", query = "SELECT c FROM RegisteredClient c WHERE c.enabled = TRUE")
@NamedQuery(name = "RegisteredClient.byTokenSid", query = "SELECT c FROM RegisteredClient c WHERE c.tokenSid = :sid")
public class RegisteredClient {

    @Id
    @Column(name = "client_id")
    private String clientId;

    private String name;

    @Enumerated(EnumType.STRING)
    @Column(name = "client_type")
    private ClientType type;

    private boolean enabled;

    @Column(name = "first_party")
    private boolean firstParty;

    @Column(name = "redirect_uris")
    private String redirectUris;

    @Column(name = "web_origins")
    private String webOrigins;

    @Column(name = "post_logout_redirect_uris")
    private String postLogoutRedirectUris;

    @Column(name = "grant_types")
    private String grantTypes;

    private String scopes;

    private String audience;

    @Column(name = "token_sid")
    private String tokenSid;

    /** Where Rotor POSTs a logout token when a session of this client ends (Back-Channel Logout 1.0); null for none. */
    @Column(name = "backchannel_logout_uri")
    private String backchannelLogoutUri;

    /** Whether this client asked for the {@code sid} claim in logout tokens (Rotor always sends it). */
    @Column(name = "backchannel_logout_session_required")
    private boolean backchannelLogoutSessionRequired;

    @Column(name = "created_at")
    private Instant createdAt;

    @Column(name = "updated_at")
    private Instant updatedAt;

    @Version
    private long version;

    protected RegisteredClient() {
    }

    public RegisteredClient(String clientId, ClientType type, Instant now) {
        this.clientId = clientId;
        this.type = type;
        this.name = clientId;
        this.enabled = true;
        this.redirectUris = "";
        this.webOrigins = "";
        this.postLogoutRedirectUris = "";
        this.grantTypes = "";
        this.scopes = "";
        this.tokenSid = java.util.UUID.randomUUID().toString();
        this.createdAt = now;
        this.updatedAt = now;
    }

    public String clientId() { return clientId; }
    public String name() { return name; }
    public ClientType type() { return type; }
    public boolean isEnabled() { return enabled; }
    public boolean isFirstParty() { return firstParty; }
    public List<String> redirectUris() { return lines(redirectUris); }
    public List<String> webOrigins() { return lines(webOrigins); }
    public List<String> postLogoutRedirectUris() { return lines(postLogoutRedirectUris); }
    public List<String> grantTypes() { return words(grantTypes); }
    public List<String> scopes() { return words(scopes); }
    public String audience() { return audience; }
    /** The {@code sid} its client-credentials tokens carry (a session id of their own, ended on disable). */
    public String tokenSid() { return tokenSid; }
    public String backchannelLogoutUri() { return backchannelLogoutUri; }
    public boolean backchannelLogoutSessionRequired() { return backchannelLogoutSessionRequired; }
    public Instant createdAt() { return createdAt; }
    public Instant updatedAt() { return updatedAt; }

    public void rename(String name, Instant now) { this.name = name; touched(now); }
    public void setFirstParty(boolean firstParty, Instant now) { this.firstParty = firstParty; touched(now); }
    public void setRedirectUris(List<String> uris, Instant now) { this.redirectUris = String.join("\n", uris); touched(now); }
    public void setWebOrigins(List<String> origins, Instant now) { this.webOrigins = String.join("\n", origins); touched(now); }
    public void setPostLogoutRedirectUris(List<String> uris, Instant now) { this.postLogoutRedirectUris = String.join("\n", uris); touched(now); }
    public void setGrantTypes(List<String> grants, Instant now) { this.grantTypes = String.join(" ", grants); touched(now); }
    public void setScopes(List<String> scopes, Instant now) { this.scopes = String.join(" ", scopes); touched(now); }
    public void setAudience(String audience, Instant now) { this.audience = audience; touched(now); }
    /** The back-channel logout URI; null or blank removes it. The caller checked it (absolute, https or loopback http, no fragment). */
    public void setBackchannelLogoutUri(String uri, Instant now) {
        this.backchannelLogoutUri = uri == null || uri.isBlank() ? null : uri;
        touched(now);
    }
    public void setBackchannelLogoutSessionRequired(boolean required, Instant now) { this.backchannelLogoutSessionRequired = required; touched(now); }

    /**
     * Enables or disables. Disabling gives its client-credentials tokens a new {@code sid}: the old
     * one is ended in the revocation log by the caller, so those tokens die and a re-enabled client's new ones live.
     */
    public void setEnabled(boolean enabled, Instant now) {
        if (this.enabled && !enabled) {
            tokenSid = java.util.UUID.randomUUID().toString();
        }
        this.enabled = enabled;
        touched(now);
    }

    private void touched(Instant now) {
        this.updatedAt = now;
    }

    private static List<String> lines(String text) {
        return text == null || text.isBlank() ? List.of() : Arrays.stream(text.split("\n")).filter(s -> !s.isBlank()).toList();
    }

    private static List<String> words(String text) {
        return text == null || text.isBlank() ? List.of() : Arrays.stream(text.trim().split("\\s+")).toList();
    }
}
