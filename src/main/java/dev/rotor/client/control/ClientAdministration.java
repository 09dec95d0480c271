package dev.rotor.client.control;

import dev.rotor.audit.control.AuditLog;
import dev.rotor.audit.entity.AuditType;
import dev.rotor.client.entity.ClientSecret;
import dev.rotor.client.entity.ClientType;
import dev.rotor.client.entity.RegisteredClient;
import dev.rotor.platform.Page;
import dev.rotor.platform.PageRequest;
import dev.rotor.platform.RequestFacts;
import dev.rotor.session.control.RevocationLog;
import dev.rotor.session.control.SessionEnds;
import dev.rotor.session.entity.SessionStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What an admin does to OAuth clients: register, change, enable or disable, delete, add and remove
 * secrets. Every change is checked against the rules below, audited with the actor
 * ({@code CLIENT_*}, the client's id in the detail), and announced ({@link ClientsChanged}) so the
 * web origins count at once. Disabling or deleting a client ends all its sessions (reason
 * {@link SessionStatus#CLIENT_DISABLED}) and its client-credentials tokens, through the revocation
 * log; deleting also drops its secrets, its users' consents and its pending authorization requests
 * and codes. Built-in clients ({@code rotor.clients}) are listed but cannot be changed.
 * <p>
 * The rules: id {@value #ID_PATTERN} (≤ 36, the revocation log holds it as a token's subject), never a
 * built-in's (400; a registered client's id is a 409); a name of 1 to 128 characters; redirect and post-logout redirect URIs as
 * {@link RedirectUris#problemWith} says, at least one redirect URI when the client may use
 * {@code authorization_code}; web origins as {@link WebOrigins#problemWith} says; grants from
 * {@link OAuthClient#GRANTS}, {@code client_credentials} only for a confidential client; scopes
 * from {@link Scopes#known()}; an audience that is an absolute URI or a plain name; a back-channel logout
 * URI as {@link BackchannelLogoutUris#problemWith} says (no plain http beyond loopback here).
 */
@ApplicationScoped
public class ClientAdministration {

    public static final String ID_PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,35}";
    /** At most this many secrets per client: one in use and its replacement. */
    public static final int MAX_SECRETS = 2;
    /** At most this many entries in each list (redirect URIs, origins, ...). */
    static final int MAX_ENTRIES = 20;

    private static final Pattern ID = Pattern.compile(ID_PATTERN);
    private static final Pattern PLAIN_AUDIENCE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]{0,255}");
    private static final List<String> DEFAULT_GRANTS = List.of(OAuthClient.AUTHORIZATION_CODE, OAuthClient.REFRESH_TOKEN);

    @PersistenceContext(unitName = "rotor")
    EntityManager em;

    @Inject
    Clients clients;

    @Inject
    Scopes scopes;

    @Inject
    SessionEnds sessions;

    @Inject
    RevocationLog revocations;

    @Inject
    AuditLog audit;

    @Inject
    Event<ClientsChanged> changed;

    @Inject
    Clock clock;

    /**
     * What an admin sends to register or change a client; a null field is absent (on a change: left
     * as it is; on registering: its default). {@code audience} and {@code backchannelLogoutUri} null
     * are absent, empty (or blank) is "none".
     */
    public record ClientChange(String clientId, String name, ClientType type, Boolean firstParty, List<String> redirectUris,
                               List<String> webOrigins, List<String> postLogoutRedirectUris, List<String> grantTypes,
                               List<String> scopes, Optional<String> audience, Boolean enabled,
                               Optional<String> backchannelLogoutUri, Boolean backchannelLogoutSessionRequired) {

        /** A change that leaves back-channel logout as it is. */
        public ClientChange(String clientId, String name, ClientType type, Boolean firstParty, List<String> redirectUris,
                            List<String> webOrigins, List<String> postLogoutRedirectUris, List<String> grantTypes,
                            List<String> scopes, Optional<String> audience, Boolean enabled) {
            this(clientId, name, type, firstParty, redirectUris, webOrigins, postLogoutRedirectUris, grantTypes, scopes, audience,
                    enabled, null, null);
        }
    }

    /** A client as the admin API shows it: its settings, its secrets (never their values), and warnings. */
    public record ClientDetails(OAuthClient client, List<SecretInfo> secrets, Instant createdAt, Instant updatedAt,
                                List<String> warnings) {
    }

    /** A secret without its value. */
    public record SecretInfo(String id, Instant createdAt, Instant expiresAt) {
        static SecretInfo of(ClientSecret secret) {
            return new SecretInfo(secret.id(), secret.createdAt(), secret.expiresAt());
        }
    }

    /** A new secret: its value, shown this once and kept only as a hash. */
    public record IssuedSecret(SecretInfo info, String secret) {
    }

    /** A registered client, and for a confidential one its first secret (shown once). */
    public record Registered(ClientDetails details, IssuedSecret secret) {
    }

    /** Built-ins first, then registered clients by id. */
    public Page<ClientDetails> list(PageRequest paging) {
        List<ClientDetails> builtIns = clients.builtIns().stream().map(id -> details(clients.find(id).orElseThrow())).toList();
        long registered = em.createNamedQuery("RegisteredClient.count", Long.class).getSingleResult();
        List<ClientDetails> page = new ArrayList<>();
        int offset = paging.offset();
        for (int i = offset; i < builtIns.size() && page.size() < paging.size(); i++) {
            page.add(builtIns.get(i));
        }
        if (page.size() < paging.size()) {
            em.createNamedQuery("RegisteredClient.all", RegisteredClient.class)
                    .setFirstResult(Math.max(0, offset - builtIns.size()))
                    .setMaxResults(paging.size() - page.size())
                    .getResultList()
                    .forEach(client -> page.add(details(client)));
        }
        return Page.of(paging, builtIns.size() + registered, page);
    }

    /** The client {@code clientId}, built-in or registered; {@link NoSuchClient} otherwise. */
    public ClientDetails find(String clientId) {
        if (clientId != null && clients.isBuiltIn(clientId)) {
            return details(clients.find(clientId).orElseThrow());
        }
        return details(registered(clientId, false));
    }

    @Transactional
    public Registered register(ClientChange spec, String actorId, RequestFacts facts) {
        String clientId = spec.clientId() == null ? UUID.randomUUID().toString() : spec.clientId();
        if (!ID.matcher(clientId).matches()) {
            throw new InvalidClientSetting("invalid-client-id",
                    "A client id is 1 to 36 letters, digits, '.', '_' or '-', starting with a letter or digit.");
        }
        if (clients.isBuiltIn(clientId)) {
            throw new InvalidClientSetting("invalid-client-id", "Client id " + clientId + " belongs to a built-in client (rotor.clients).");
        }
        if (em.find(RegisteredClient.class, clientId) != null) {
            throw ClientConflict.idTaken(clientId);
        }
        if (spec.type() == null) {
            throw new InvalidClientSetting("invalid-client-type", "Field 'type' is required: public or confidential.");
        }
        Instant now = clock.instant();
        var client = new RegisteredClient(clientId, spec.type(), now);
        client.rename(name(spec.name() == null ? "" : spec.name()), now);
        client.setFirstParty(Boolean.TRUE.equals(spec.firstParty()), now);
        apply(client, new ClientChange(null, null, null, null,
                orEmpty(spec.redirectUris()), orEmpty(spec.webOrigins()), orEmpty(spec.postLogoutRedirectUris()),
                spec.grantTypes() == null ? DEFAULT_GRANTS : spec.grantTypes(),
                spec.scopes() == null ? Scopes.BUILT_IN : spec.scopes(),
                spec.audience() == null ? Optional.empty() : spec.audience(), null,
                spec.backchannelLogoutUri(), spec.backchannelLogoutSessionRequired()), now);
        if (Boolean.FALSE.equals(spec.enabled())) {
            client.setEnabled(false, now);
        }
        em.persist(client);
        em.flush(); // the client's row before its secret's (no mapped relation orders them)
        audit.record(AuditType.CLIENT_REGISTERED, null, actorId, null, facts,
                "client=" + clientId + " type=" + client.type() + " grants=" + client.grantTypes() + backchannel(client, false));
        IssuedSecret secret = client.type() == ClientType.CONFIDENTIAL ? newSecret(client, null, now) : null;
        em.flush();
        changed.fire(new ClientsChanged(clientId));
        return new Registered(details(client), secret);
    }

    /**
     * Changes the fields {@code change} names. The type and the id stay (register a new client
     * instead); disabling ends the client's sessions and client-credentials tokens.
     */
    @Transactional
    public ClientDetails update(String clientId, ClientChange change, String actorId, RequestFacts facts) {
        RegisteredClient client = registered(clientId, true);
        if (change.clientId() != null && !change.clientId().equals(clientId)) {
            throw new InvalidClientSetting("invalid-client-id", "A client's id cannot change; register a new client.");
        }
        if (change.type() != null && change.type() != client.type()) {
            throw new InvalidClientSetting("invalid-client-type", "A client's type cannot change; register a new client.");
        }
        Instant now = clock.instant();
        if (change.name() != null) {
            client.rename(name(change.name()), now);
        }
        if (change.firstParty() != null) {
            client.setFirstParty(change.firstParty(), now);
        }
        apply(client, change, now);
        if (hasSettings(change)) {
            audit.record(AuditType.CLIENT_UPDATED, null, actorId, null, facts,
                    "client=" + clientId + " grants=" + client.grantTypes() + " firstParty=" + client.isFirstParty()
                            + backchannel(client, change.backchannelLogoutUri() != null
                                    || change.backchannelLogoutSessionRequired() != null));
        }
        if (Boolean.FALSE.equals(change.enabled()) && client.isEnabled()) {
            String endedSid = client.tokenSid();
            client.setEnabled(false, now);
            int ended = endEverything(client, endedSid, actorId, facts);
            audit.record(AuditType.CLIENT_DISABLED, null, actorId, null, facts, "client=" + clientId + " sessions ended=" + ended);
        } else if (Boolean.TRUE.equals(change.enabled()) && !client.isEnabled()) {
            client.setEnabled(true, now);
            audit.record(AuditType.CLIENT_ENABLED, null, actorId, null, facts, "client=" + clientId);
        }
        em.flush();
        changed.fire(new ClientsChanged(clientId));
        return details(client);
    }

    /** Deletes the client, its secrets, its consents and its pending requests and codes; its sessions and tokens end. */
    @Transactional
    public void delete(String clientId, String actorId, RequestFacts facts) {
        RegisteredClient client = registered(clientId, true);
        int ended = endEverything(client, client.tokenSid(), actorId, facts);
        em.createQuery("DELETE FROM ClientSecret s WHERE s.clientId = :clientId").setParameter("clientId", clientId).executeUpdate();
        // The consents and pending authorizations belong to the authorize package, which comes later: named by query and table.
        em.createNamedQuery("Consent.deleteByClient").setParameter("clientId", clientId).executeUpdate();
        em.createNativeQuery("DELETE FROM authorization_code WHERE client_id = ?").setParameter(1, clientId).executeUpdate();
        em.createNativeQuery("DELETE FROM authorization_request WHERE client_id = ?").setParameter(1, clientId).executeUpdate();
        em.remove(client);
        audit.record(AuditType.CLIENT_DELETED, null, actorId, null, facts, "client=" + clientId + " sessions ended=" + ended);
        em.flush();
        changed.fire(new ClientsChanged(clientId));
    }

    /** A new secret for a confidential client; {@link ClientConflict#tooManySecrets()} when it has {@value #MAX_SECRETS}. */
    @Transactional
    public IssuedSecret addSecret(String clientId, Instant expiresAt, String actorId, RequestFacts facts) {
        RegisteredClient client = registered(clientId, true);
        if (client.type() != ClientType.CONFIDENTIAL) {
            throw ClientConflict.publicClient(clientId);
        }
        Instant now = clock.instant();
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            throw new InvalidClientSetting("invalid-expiry", "A secret's expiry must lie in the future.");
        }
        if (secretsOf(clientId).size() >= MAX_SECRETS) {
            throw ClientConflict.tooManySecrets();
        }
        IssuedSecret secret = newSecret(client, expiresAt, now);
        audit.record(AuditType.CLIENT_SECRET_ADDED, null, actorId, null, facts,
                "client=" + clientId + " secret=" + secret.info().id() + (expiresAt == null ? "" : " expires=" + expiresAt));
        return secret;
    }

    @Transactional
    public void removeSecret(String clientId, String secretId, String actorId, RequestFacts facts) {
        registered(clientId, true);
        ClientSecret secret = secretId == null ? null : em.find(ClientSecret.class, secretId);
        if (secret == null || !secret.clientId().equals(clientId)) {
            throw new NoSuchClientSecret();
        }
        em.remove(secret);
        audit.record(AuditType.CLIENT_SECRET_REMOVED, null, actorId, null, facts, "client=" + clientId + " secret=" + secretId);
    }

    private IssuedSecret newSecret(RegisteredClient client, Instant expiresAt, Instant now) {
        String value = ClientSecrets.generate();
        var secret = new ClientSecret(UUID.randomUUID().toString(), client.clientId(), ClientSecrets.hash(value), now, expiresAt);
        em.persist(secret);
        return new IssuedSecret(SecretInfo.of(secret), value);
    }

    /** Ends the client's sessions and the client-credentials tokens whose sid is {@code tokenSid}. */
    private int endEverything(RegisteredClient client, String tokenSid, String actorId, RequestFacts facts) {
        revocations.clientTokensEnded(client.clientId(), tokenSid);
        return sessions.endAllOfClient(client.clientId(), SessionStatus.CLIENT_DISABLED, actorId, facts);
    }

    private RegisteredClient registered(String clientId, boolean forChange) {
        if (clientId != null && clients.isBuiltIn(clientId)) {
            throw ClientConflict.builtIn(clientId);
        }
        RegisteredClient client = clientId == null || clientId.length() > 64 ? null
                : forChange ? em.find(RegisteredClient.class, clientId, LockModeType.PESSIMISTIC_WRITE)
                : em.find(RegisteredClient.class, clientId);
        if (client == null) {
            throw new NoSuchClient();
        }
        return client;
    }

    private List<ClientSecret> secretsOf(String clientId) {
        return em.createNamedQuery("ClientSecret.byClient", ClientSecret.class).setParameter("clientId", clientId).getResultList();
    }

    /** Checks and sets the list fields and the audience {@code change} names, then the rules that tie them together. */
    private void apply(RegisteredClient client, ClientChange change, Instant now) {
        if (change.redirectUris() != null) {
            client.setRedirectUris(checked(change.redirectUris(), "invalid-redirect-uri", "redirect URI", 4000,
                    uri -> RedirectUris.problemWith(uri), Function.identity()), now);
        }
        if (change.webOrigins() != null) {
            client.setWebOrigins(checked(change.webOrigins(), "invalid-web-origin", "web origin", 2000,
                    WebOrigins::problemWith, WebOrigins::normalized), now);
        }
        if (change.postLogoutRedirectUris() != null) {
            client.setPostLogoutRedirectUris(checked(change.postLogoutRedirectUris(), "invalid-post-logout-redirect-uri",
                    "post-logout redirect URI", 4000, RedirectUris::problemWith, Function.identity()), now);
        }
        if (change.grantTypes() != null) {
            client.setGrantTypes(checked(change.grantTypes(), "invalid-grant-type", "grant type", 256,
                    grant -> OAuthClient.GRANTS.contains(grant) ? Optional.empty()
                            : Optional.of("Unknown grant type " + grant + "; Rotor knows " + OAuthClient.GRANTS + "."),
                    Function.identity()), now);
        }
        if (change.scopes() != null) {
            Set<String> known = scopes.known();
            client.setScopes(checked(change.scopes(), "invalid-client-scope", "scope", 1000,
                    scope -> known.contains(scope) ? Optional.empty()
                            : Optional.of("Unknown scope " + scope + "; Rotor knows " + known + " (rotor.scopes adds more)."),
                    Function.identity()), now);
        }
        if (change.audience() != null) {
            client.setAudience(audience(change.audience().orElse("")), now);
        }
        if (change.backchannelLogoutUri() != null) {
            String uri = change.backchannelLogoutUri().map(String::strip).orElse("");
            BackchannelLogoutUris.problemWith(uri, false).ifPresent(why -> {
                throw new InvalidClientSetting("invalid-backchannel-logout-uri", why);
            });
            client.setBackchannelLogoutUri(uri.isEmpty() ? null : uri, now);
        }
        if (change.backchannelLogoutSessionRequired() != null) {
            client.setBackchannelLogoutSessionRequired(change.backchannelLogoutSessionRequired(), now);
        }
        List<String> grants = client.grantTypes();
        if (grants.contains(OAuthClient.CLIENT_CREDENTIALS) && client.type() != ClientType.CONFIDENTIAL) {
            throw new InvalidClientSetting("invalid-grant-type", "Only a confidential client may use client_credentials.");
        }
        if (client.scopes().contains(Scopes.ADMIN)
                && (client.type() != ClientType.CONFIDENTIAL || !grants.equals(List.of(OAuthClient.CLIENT_CREDENTIALS)))) {
            throw new InvalidClientSetting("invalid-client-scope",
                    "Only a confidential client with the client_credentials grant alone may have the admin scope.");
        }
        if (grants.contains(OAuthClient.AUTHORIZATION_CODE) && client.redirectUris().isEmpty()) {
            throw new InvalidClientSetting("invalid-redirect-uri", "A client that uses authorization_code needs at least one redirect URI.");
        }
    }

    private static List<String> checked(List<String> values, String type, String what, int maxChars,
                                        Function<String, Optional<String>> problem, Function<String, String> normal) {
        if (values.size() > MAX_ENTRIES) {
            throw new InvalidClientSetting(type, "At most " + MAX_ENTRIES + " of each: too many " + what + "s.");
        }
        var kept = new LinkedHashSet<String>();
        for (String value : values) {
            if (value == null) {
                throw new InvalidClientSetting(type, "A " + what + " cannot be null.");
            }
            Optional<String> why = problem.apply(value);
            if (why.isPresent()) {
                throw new InvalidClientSetting(type, why.get());
            }
            kept.add(normal.apply(value));
        }
        if (String.join("\n", kept).length() > maxChars) {
            throw new InvalidClientSetting(type, "The " + what + "s are longer than " + maxChars + " characters together.");
        }
        return List.copyOf(kept);
    }

    private static String name(String name) {
        String stripped = name.strip();
        if (stripped.isEmpty() || stripped.length() > 128 || stripped.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidClientSetting("invalid-client-name", "A client's name is 1 to 128 characters, no control characters.");
        }
        return stripped;
    }

    /** Null for none; an absolute URI or a plain name otherwise. */
    private static String audience(String audience) {
        String value = audience.strip();
        if (value.isEmpty()) {
            return null;
        }
        boolean ok;
        if (value.length() > 256 || value.chars().anyMatch(c -> c <= ' ' || c == 127)) {
            ok = false;
        } else if (value.contains(":")) {
            try {
                URI uri = new URI(value);
                ok = uri.isAbsolute() && uri.getRawFragment() == null && !value.contains("*");
            } catch (URISyntaxException e) {
                ok = false;
            }
        } else {
            ok = PLAIN_AUDIENCE.matcher(value).matches();
        }
        if (!ok) {
            throw new InvalidClientSetting("invalid-audience",
                    "An audience is an absolute URI (no fragment) or a plain name of letters, digits, '.', '_', '-', at most 256 characters.");
        }
        return value;
    }

    private static boolean hasSettings(ClientChange change) {
        return Stream.of(change.name(), change.firstParty(), change.redirectUris(), change.webOrigins(),
                change.postLogoutRedirectUris(), change.grantTypes(), change.scopes(), change.audience(),
                change.backchannelLogoutUri(), change.backchannelLogoutSessionRequired()).anyMatch(v -> v != null);
    }

    /**
     * The audit detail's back-channel part when one is set or {@code always}: the URI without its
     * query (the rules refuse user info; a query could carry a value nobody should read in the trail).
     */
    private static String backchannel(RegisteredClient client, boolean always) {
        String uri = client.backchannelLogoutUri();
        if (uri == null && !always) {
            return "";
        }
        int query = uri == null ? -1 : uri.indexOf('?');
        return " backchannelLogoutUri=" + (uri == null ? "none" : query < 0 ? uri : uri.substring(0, query) + "?...")
                + " sessionRequired=" + client.backchannelLogoutSessionRequired();
    }

    private static List<String> orEmpty(List<String> list) {
        return list == null ? List.of() : list;
    }

    private ClientDetails details(RegisteredClient client) {
        List<SecretInfo> secrets = secretsOf(client.clientId()).stream().map(SecretInfo::of).toList();
        return new ClientDetails(OAuthClient.of(client), secrets, client.createdAt(), client.updatedAt(),
                warnings(OAuthClient.of(client), secrets));
    }

    private ClientDetails details(OAuthClient builtIn) {
        return new ClientDetails(builtIn, List.of(), null, null, warnings(builtIn, List.of()));
    }

    /** What an admin should know: the password grant is allowed; a confidential client has no valid secret. */
    private List<String> warnings(OAuthClient client, List<SecretInfo> secrets) {
        var warnings = new ArrayList<String>();
        if (client.allowsGrant(OAuthClient.PASSWORD)) {
            warnings.add("This client may use the password grant: it collects users' passwords itself. OAuth 2.1 and "
                    + "RFC 9700 rule that grant out; use authorization_code with PKCE"
                    + (client.builtIn() ? " (rotor.clients.password-grant=false turns it off for the built-ins)." : "."));
        }
        Instant now = clock.instant();
        if (client.isConfidential() && secrets.stream().noneMatch(s -> s.expiresAt() == null || now.isBefore(s.expiresAt()))) {
            warnings.add("This confidential client has no valid secret: it cannot authenticate until one is added.");
        }
        if (!client.enabled()) {
            warnings.add("This client is disabled: it cannot sign anyone in or get tokens.");
        }
        return warnings;
    }
}
