package dev.rotor.client.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rotor.RecordingEvent;
import dev.rotor.account.entity.Account;
import dev.rotor.account.entity.Username;
import dev.rotor.audit.control.AuditLog;
import dev.rotor.audit.entity.AuditEvent;
import dev.rotor.audit.entity.AuditType;
import dev.rotor.authorize.entity.Consent;
import dev.rotor.client.control.ClientAdministration.ClientChange;
import dev.rotor.client.control.ClientAdministration.Registered;
import dev.rotor.client.entity.ClientSecret;
import dev.rotor.client.entity.ClientType;
import dev.rotor.client.entity.RegisteredClient;
import dev.rotor.platform.InstantConverter;
import dev.rotor.platform.Migrations;
import dev.rotor.platform.MovableClock;
import dev.rotor.platform.PageRequest;
import dev.rotor.platform.Refusal;
import dev.rotor.platform.RequestFacts;
import dev.rotor.platform.RotorSettings;
import dev.rotor.platform.TestPersistence;
import dev.rotor.session.control.RevocationLog;
import dev.rotor.session.control.RevocationSignal;
import dev.rotor.session.control.SessionEnds;
import dev.rotor.session.entity.Revocation;
import dev.rotor.session.entity.Session;
import dev.rotor.session.entity.SessionStatus;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.lang.reflect.Field;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Registering, changing, disabling and deleting clients and their secrets on a migrated in-memory
 * H2 database: the real named queries, audit rows, revocation rows and session ends.
 */
class ClientAdministrationTest {

    static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    static final String ADMIN = "admin-id";

    JdbcDataSource h2;
    EntityManagerFactory emf;
    EntityManager em;
    final MovableClock clock = new MovableClock(NOW);
    final ClientAdministration cut = new ClientAdministration();
    final Clients clients = new Clients();
    final RecordingEvent<ClientsChanged> changes = new RecordingEvent<>();
    Account alice;

    @BeforeEach
    void database() throws Exception {
        h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:clients-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        Migrations.configure(h2, getClass().getClassLoader(), ZoneId.of("UTC")).load().migrate();
        emf = TestPersistence.on(h2, Account.class, Session.class, AuditEvent.class, RegisteredClient.class, ClientSecret.class,
                Consent.class, InstantConverter.class);
        em = emf.createEntityManager();

        var audit = new AuditLog() {
            @Override
            public AuditEvent record(AuditType type, String accountId, String actorId, String sessionId, RequestFacts facts,
                                     String detail) {
                AuditEvent event = super.record(type, accountId, actorId, sessionId, facts, detail);
                clock.advance(Duration.ofMillis(1)); // the audit rows in the order they were written
                return event;
            }
        };
        set(audit, "em", em);
        set(audit, "clock", clock);
        var revocations = new RevocationLog();
        set(revocations, "em", em);
        set(revocations, "revoked", new RecordingEvent<Revocation>());
        set(revocations, "ended", new RecordingEvent<dev.rotor.session.control.SessionEnded>());
        set(revocations, "clock", clock);
        set(revocations, "settings", RotorSettings.defaults());
        var signal = new RevocationSignal();
        set(signal, "postgres", false);
        set(revocations, "signal", signal);
        var ends = new SessionEnds();
        set(ends, "em", em);
        set(ends, "audit", audit);
        set(ends, "revocations", revocations);
        set(ends, "clock", clock);
        clients.em = em;
        clients.builtIns = List.of("rotor-web", "rotor-cli");
        clients.builtInPasswordGrant = true;
        var scopes = new Scopes();
        scopes.configured = Optional.of("orders.read, orders.write");
        cut.em = em;
        cut.clients = clients;
        cut.scopes = scopes;
        cut.sessions = ends;
        cut.revocations = revocations;
        cut.audit = audit;
        cut.changed = changes;
        cut.clock = clock;

        alice = new Account(new Username("alice"), "hash", Set.of("user"), Instant.EPOCH);
        tx(() -> {
            em.persist(alice);
            return null;
        });
    }

    @AfterEach
    void close() {
        em.close();
        emf.close();
    }

    static ClientChange spa(String id) {
        return new ClientChange(id, "Shop front", ClientType.PUBLIC, false, List.of("https://shop.example/callback"),
                List.of("https://shop.example"), List.of("https://shop.example/"), List.of("authorization_code", "refresh_token"),
                List.of("openid", "orders.read"), null, null);
    }

    static ClientChange service(String id) {
        return new ClientChange(id, "Billing batch", ClientType.CONFIDENTIAL, true, List.of(), List.of(), List.of(),
                List.of("client_credentials"), List.of("orders.read"), Optional.of("https://orders.shop.example"), null);
    }

    static ClientChange only(String field, Object value) {
        return new ClientChange(null, field.equals("name") ? (String) value : null, null, null,
                field.equals("redirectUris") ? list(value) : null, field.equals("webOrigins") ? list(value) : null,
                field.equals("postLogoutRedirectUris") ? list(value) : null, field.equals("grantTypes") ? list(value) : null,
                field.equals("scopes") ? list(value) : null,
                field.equals("audience") ? Optional.ofNullable((String) value) : null, field.equals("enabled") ? (Boolean) value : null);
    }

    @SuppressWarnings("unchecked")
    static List<String> list(Object value) {
        return (List<String>) value;
    }

    // --- registering

    @Test
    void aPublicClientIsRegisteredWithoutASecretAndAudited() throws Exception {
        Registered registered = tx(() -> cut.register(spa("shop"), ADMIN, RequestFacts.NONE));

        assertNull(registered.secret(), "a public client holds no secret");
        var client = cut.find("shop").client();
        assertEquals("Shop front", client.name());
        assertEquals(ClientType.PUBLIC, client.type());
        assertTrue(client.enabled());
        assertFalse(client.builtIn());
        assertEquals(List.of("https://shop.example/callback"), client.redirectUris());
        assertEquals(List.of("https://shop.example"), client.webOrigins());
        assertEquals(Set.of("authorization_code", "refresh_token"), client.grantTypes());
        assertEquals(Set.of("openid", "orders.read"), client.scopes());
        assertEquals(List.of("CLIENT_REGISTERED null admin-id client=shop type=PUBLIC grants=[authorization_code, refresh_token]"), audit());
        assertEquals(List.of(new ClientsChanged("shop")), changes.fired);
        assertTrue(cut.find("shop").warnings().isEmpty(), cut.find("shop").warnings().toString());
    }

    @Test
    void aConfidentialClientGetsOneSecretShownOnceAndStoredAsItsHash() throws Exception {
        Registered registered = tx(() -> cut.register(service("billing"), ADMIN, RequestFacts.NONE));

        String secret = registered.secret().secret();
        assertEquals(43, secret.length());
        assertEquals(List.of(ClientSecrets.hash(secret)), rows("SELECT secret_hash FROM oauth_client_secret WHERE client_id = 'billing'"));
        assertEquals(1, cut.find("billing").secrets().size());
        assertEquals("https://orders.shop.example", cut.find("billing").client().audience());
        assertTrue(cut.find("billing").client().firstParty());
    }

    @Test
    void theAdminScopeIsForAConfidentialClientWithClientCredentialsAlone() throws Exception {
        tx(() -> cut.register(with(service("ops"), "scopes", List.of("admin")), ADMIN, RequestFacts.NONE));
        assertEquals(java.util.Set.of("admin"), java.util.Set.copyOf(cut.find("ops").client().scopes()));

        var refused = assertThrows(InvalidClientSetting.class, () -> tx(() -> cut.register(
                with(with(service("ops-2"), "scopes", List.of("admin")), "grantTypes", List.of("client_credentials", "password")),
                ADMIN, RequestFacts.NONE)));
        assertEquals("invalid-client-scope", refused.type());
    }

    @Test
    void anIdIsMadeWhenNoneIsGiven() {
        String id = tx(() -> cut.register(spa(null), ADMIN, RequestFacts.NONE)).details().client().clientId();
        assertTrue(id.matches(ClientAdministration.ID_PATTERN), id);
    }

    @Test
    void aBuiltInsIdOrATakenOneIsRefused() {
        assertEquals("invalid-client-id", refused(() -> cut.register(spa("rotor-web"), ADMIN, RequestFacts.NONE)));
        tx(() -> cut.register(spa("shop"), ADMIN, RequestFacts.NONE));
        assertEquals("client-id-taken", refused(() -> cut.register(spa("shop"), ADMIN, RequestFacts.NONE)));
    }

    @Test
    void badSettingsAreRefusedEachWithItsProblemType() {
        var cases = new ArrayList<String>();
        expect(cases, "invalid-client-id", new ClientChange("-starts-with-dash", "x", ClientType.PUBLIC, null, List.of("https://a.example/cb"), null, null, null, null, null, null));
        expect(cases, "invalid-client-id", new ClientChange("a".repeat(37), "x", ClientType.PUBLIC, null, List.of("https://a.example/cb"), null, null, null, null, null, null));
        expect(cases, "invalid-client-id", new ClientChange("has space", "x", ClientType.PUBLIC, null, List.of("https://a.example/cb"), null, null, null, null, null, null));
        expect(cases, "invalid-client-name", new ClientChange("ok", " ", ClientType.PUBLIC, null, List.of("https://a.example/cb"), null, null, null, null, null, null));
        expect(cases, "invalid-client-name", new ClientChange("ok", null, ClientType.PUBLIC, null, List.of("https://a.example/cb"), null, null, null, null, null, null));
        expect(cases, "invalid-client-type", new ClientChange("ok", "x", null, null, List.of("https://a.example/cb"), null, null, null, null, null, null));
        expect(cases, "invalid-redirect-uri", with(spa("ok"), "redirectUris", List.of("https://*.shop.example/cb")));
        expect(cases, "invalid-redirect-uri", with(spa("ok"), "redirectUris", List.of("http://shop.example/cb")));
        expect(cases, "invalid-redirect-uri", with(spa("ok"), "redirectUris", List.of("https://shop.example/cb#top")));
        expect(cases, "invalid-redirect-uri", with(spa("ok"), "redirectUris", List.of("/cb")));
        expect(cases, "invalid-redirect-uri", with(spa("ok"), "redirectUris", List.of()));
        expect(cases, "invalid-web-origin", with(spa("ok"), "webOrigins", List.of("https://shop.example/")));
        expect(cases, "invalid-web-origin", with(spa("ok"), "webOrigins", List.of("http://shop.example")));
        expect(cases, "invalid-web-origin", with(spa("ok"), "webOrigins", List.of("https://*.shop.example")));
        expect(cases, "invalid-web-origin", with(spa("ok"), "webOrigins", List.of("null")));
        expect(cases, "invalid-post-logout-redirect-uri", with(spa("ok"), "postLogoutRedirectUris", List.of("https://shop.example/#x")));
        expect(cases, "invalid-grant-type", with(spa("ok"), "grantTypes", List.of("implicit")));
        expect(cases, "invalid-grant-type", with(spa("ok"), "grantTypes", List.of("authorization_code", "client_credentials")));
        expect(cases, "invalid-client-scope", with(spa("ok"), "scopes", List.of("admin")));
        expect(cases, "invalid-audience", with(spa("ok"), "audience", "not a name"));
        expect(cases, "invalid-audience", with(spa("ok"), "audience", "https://x.example/#f"));
        assertEquals(List.of(), cases);
        assertEquals(List.of(), rows("SELECT client_id FROM oauth_client"), "nothing registered");
        assertEquals(List.of(), audit());
    }

    @Test
    void goodValuesAreKeptAsBrowsersAndRequestsSendThem() {
        var spec = with(with(spa("native"), "redirectUris", List.of("http://127.0.0.1/callback", "http://[::1]:8400/cb",
                "com.example.app:/oauth2redirect", "https://shop.example/callback", "https://shop.example/callback")),
                "webOrigins", List.of("HTTPS://Shop.Example:443", "http://localhost:5173", "http://127.0.0.1:8080"));
        tx(() -> cut.register(spec, ADMIN, RequestFacts.NONE));
        var client = cut.find("native").client();
        assertEquals(List.of("http://127.0.0.1/callback", "http://[::1]:8400/cb", "com.example.app:/oauth2redirect",
                "https://shop.example/callback"), client.redirectUris(), "in order, without repeats");
        assertEquals(List.of("https://shop.example", "http://localhost:5173", "http://127.0.0.1:8080"), client.webOrigins());
    }

    @Test
    void aConfidentialClientWithoutAuthorizationCodeNeedsNoRedirectUri() {
        tx(() -> cut.register(service("batch"), ADMIN, RequestFacts.NONE));
        assertEquals(List.of(), cut.find("batch").client().redirectUris());
    }

    @Test
    void thePasswordGrantIsAllowedOnlyWhenListedAndThenWarnedAbout() {
        tx(() -> cut.register(spa("shop"), ADMIN, RequestFacts.NONE));
        assertFalse(cut.find("shop").client().allowsGrant("password"));
        tx(() -> cut.update("shop", only("grantTypes", List.of("authorization_code", "password")), ADMIN, RequestFacts.NONE));
        assertTrue(cut.find("shop").client().allowsGrant("password"));
        assertTrue(cut.find("shop").warnings().stream().anyMatch(w -> w.contains("password grant")), cut.find("shop").warnings().toString());
        assertTrue(cut.find("rotor-cli").warnings().stream().anyMatch(w -> w.contains("rotor.clients.password-grant=false")));
    }

    @Test
    void aBackchannelLogoutUriIsCheckedSetRemovedAndAudited() {
        var spec = spa("shop");
        spec = new ClientChange(spec.clientId(), spec.name(), spec.type(), spec.firstParty(), spec.redirectUris(), spec.webOrigins(),
                spec.postLogoutRedirectUris(), spec.grantTypes(), spec.scopes(), spec.audience(), spec.enabled(),
                Optional.of(" https://shop.example/bc?tenant=7 "), true);
        var registered = spec;
        tx(() -> cut.register(registered, ADMIN, RequestFacts.NONE));
        var client = cut.find("shop").client();
        assertEquals("https://shop.example/bc?tenant=7", client.backchannelLogoutUri(), "stripped");
        assertTrue(client.backchannelLogoutSessionRequired());
        assertEquals("CLIENT_REGISTERED null admin-id client=shop type=PUBLIC grants=[authorization_code, refresh_token]"
                + " backchannelLogoutUri=https://shop.example/bc?... sessionRequired=true", audit().get(0), "no query in the trail");

        tx(() -> cut.update("shop", backchannel(Optional.of("http://127.0.0.1:9000/bc"), null), ADMIN, RequestFacts.NONE));
        assertEquals("http://127.0.0.1:9000/bc", cut.find("shop").client().backchannelLogoutUri());
        assertTrue(cut.find("shop").client().backchannelLogoutSessionRequired(), "unchanged");

        tx(() -> cut.update("shop", backchannel(Optional.of("  "), false), ADMIN, RequestFacts.NONE));
        assertNull(cut.find("shop").client().backchannelLogoutUri(), "blank removes it");
        assertFalse(cut.find("shop").client().backchannelLogoutSessionRequired());
        assertTrue(audit().get(audit().size() - 1).endsWith("backchannelLogoutUri=none sessionRequired=false"), audit().toString());

        tx(() -> cut.update("shop", backchannel(Optional.of("https://shop.example/bc"), null), ADMIN, RequestFacts.NONE));
        tx(() -> cut.update("shop", backchannel(Optional.empty(), null), ADMIN, RequestFacts.NONE));
        assertNull(cut.find("shop").client().backchannelLogoutUri(), "null (sent as JSON null) removes it");
        tx(() -> cut.update("shop", only("name", "Shop"), ADMIN, RequestFacts.NONE));
        assertFalse(audit().get(audit().size() - 1).contains("backchannel"), "not named when neither is set nor changed");
    }

    @Test
    void aBadBackchannelLogoutUriIsRefusedAndChangesNothing() {
        var cases = new ArrayList<String>();
        for (String bad : List.of("http://example.com/bc", "https://shop.example/bc#x", "https://user:pw@shop.example/bc", "/bc",
                "ftp://shop.example/bc", "https://shop.example/" + "a".repeat(2048))) {
            String got = refused(() -> cut.register(new ClientChange("shop", "x", ClientType.PUBLIC, null, List.of("https://a.example/cb"),
                    null, null, null, null, null, null, Optional.of(bad), null), ADMIN, RequestFacts.NONE));
            if (!got.equals("invalid-backchannel-logout-uri")) {
                cases.add(bad + " -> " + got);
            }
        }
        assertEquals(List.of(), cases);
        tx(() -> cut.register(spa("shop"), ADMIN, RequestFacts.NONE));
        assertEquals("invalid-backchannel-logout-uri",
                refused(() -> cut.update("shop", backchannel(Optional.of("http://example.com/bc"), true), ADMIN, RequestFacts.NONE)));
        assertNull(cut.find("shop").client().backchannelLogoutUri());
        assertFalse(cut.find("shop").client().backchannelLogoutSessionRequired(), "rolled back with the URI");
        assertNull(cut.find("rotor-web").client().backchannelLogoutUri(), "built-ins have none");
    }

    static ClientChange backchannel(Optional<String> uri, Boolean sessionRequired) {
        return new ClientChange(null, null, null, null, null, null, null, null, null, null, null, uri, sessionRequired);
    }

    // --- changing

    @Test
    void aChangeSetsOnlyTheFieldsItNamesAndIsAudited() {
        tx(() -> cut.register(spa("shop"), ADMIN, RequestFacts.NONE));
        clock.advance(Duration.ofMinutes(5));
        Instant changedAt = clock.instant();
        tx(() -> cut.update("shop", only("webOrigins", List.of("https://www.shop.example")), ADMIN, RequestFacts.NONE));
        var details = cut.find("shop");
        assertEquals(List.of("https://www.shop.example"), details.client().webOrigins());
        assertEquals("Shop front", details.client().name(), "unchanged");
        assertEquals(List.of("https://shop.example/callback"), details.client().redirectUris(), "unchanged");
        assertEquals(changedAt, details.updatedAt());
        assertEquals("CLIENT_UPDATED", audit().get(1).split(" ")[0]);
        tx(() -> cut.update("shop", only("audience", null), ADMIN, RequestFacts.NONE));
        assertNull(cut.find("shop").client().audience());
    }

    @Test
    void aChangeThatBreaksARuleChangesNothing() {
        tx(() -> cut.register(spa("shop"), ADMIN, RequestFacts.NONE));
        assertEquals("invalid-redirect-uri", refused(() -> cut.update("shop", only("redirectUris", List.of()), ADMIN, RequestFacts.NONE)));
        assertEquals("invalid-client-type", refused(() -> cut.update("shop", new ClientChange(null, null, ClientType.CONFIDENTIAL,
                null, null, null, null, null, null, null, null), ADMIN, RequestFacts.NONE)));
        assertEquals(List.of("https://shop.example/callback"), cut.find("shop").client().redirectUris());
    }

    @Test
    void builtInsAreListedFirstAndCannotBeChanged() {
        tx(() -> cut.register(spa("shop"), ADMIN, RequestFacts.NONE));
        var page = cut.list(new PageRequest(0, 20));
        assertEquals(List.of("rotor-web", "rotor-cli", "shop"), page.items().stream().map(d -> d.client().clientId()).toList());
        assertEquals(3, page.total());
        assertTrue(page.items().get(0).client().builtIn());
        assertEquals(List.of("rotor-cli"), cut.list(new PageRequest(1, 1)).items().stream().map(d -> d.client().clientId()).toList());
        assertEquals(List.of("shop"), cut.list(new PageRequest(2, 1)).items().stream().map(d -> d.client().clientId()).toList());
        assertEquals("built-in-client", refused(() -> cut.update("rotor-web", only("name", "x"), ADMIN, RequestFacts.NONE)));
        assertEquals("built-in-client", refused(() -> cut.delete("rotor-cli", ADMIN, RequestFacts.NONE)));
        assertEquals("built-in-client", refused(() -> cut.addSecret("rotor-cli", null, ADMIN, RequestFacts.NONE)));
        assertEquals("not-found", refused(() -> cut.update("nobody", only("name", "x"), ADMIN, RequestFacts.NONE)));
        assertEquals("not-found", refused(() -> cut.find("nobody")));
    }

    // --- secrets

    @Test
    void twoSecretsAtMostThenOneMustGo() {
        String first = tx(() -> cut.register(service("billing"), ADMIN, RequestFacts.NONE)).secret().info().id();
        var second = tx(() -> cut.addSecret("billing", NOW.plus(Duration.ofDays(30)), ADMIN, RequestFacts.NONE));
        assertEquals(NOW.plus(Duration.ofDays(30)), second.info().expiresAt());
        assertEquals("too-many-secrets", refused(() -> cut.addSecret("billing", null, ADMIN, RequestFacts.NONE)));
        tx(() -> {
            cut.removeSecret("billing", first, ADMIN, RequestFacts.NONE);
            return null;
        });
        assertEquals(List.of(second.info().id()), cut.find("billing").secrets().stream().map(s -> s.id()).toList());
        tx(() -> cut.addSecret("billing", null, ADMIN, RequestFacts.NONE));
        assertEquals(2, cut.find("billing").secrets().size());
        assertEquals("not-found", refused(() -> cut.removeSecret("billing", first, ADMIN, RequestFacts.NONE)));
        assertEquals(List.of("CLIENT_REGISTERED", "CLIENT_SECRET_ADDED", "CLIENT_SECRET_REMOVED", "CLIENT_SECRET_ADDED"),
                audit().stream().map(line -> line.split(" ")[0]).toList());
        assertTrue(audit().stream().noneMatch(line -> line.contains(second.secret())), "no secret in the audit");
    }

    @Test
    void aPublicClientGetsNoSecretAndAnExpiryLiesAhead() {
        tx(() -> cut.register(spa("shop"), ADMIN, RequestFacts.NONE));
        tx(() -> cut.register(service("billing"), ADMIN, RequestFacts.NONE));
        assertEquals("public-client", refused(() -> cut.addSecret("shop", null, ADMIN, RequestFacts.NONE)));
        assertEquals("invalid-expiry", refused(() -> cut.addSecret("billing", NOW, ADMIN, RequestFacts.NONE)));
    }

    @Test
    void aConfidentialClientWithoutAValidSecretIsWarnedAbout() {
        String first = tx(() -> cut.register(service("billing"), ADMIN, RequestFacts.NONE)).secret().info().id();
        tx(() -> {
            cut.removeSecret("billing", first, ADMIN, RequestFacts.NONE);
            return null;
        });
        assertTrue(cut.find("billing").warnings().stream().anyMatch(w -> w.contains("no valid secret")));
    }

    // --- disabling and deleting

    @Test
    void disablingEndsTheClientsSessionsAndTokensAndEnablingStartsAfresh() throws Exception {
        tx(() -> cut.register(spa("shop"), ADMIN, RequestFacts.NONE));
        String oldSid = cut.find("shop").client().tokenSid();
        Session mine = session("shop");
        Session other = session("rotor-web");

        int before = audit().size();
        tx(() -> cut.update("shop", only("enabled", false), ADMIN, RequestFacts.NONE));

        assertEquals("CLIENT_DISABLED", status(mine.id()));
        assertEquals("ACTIVE", status(other.id()), "another client's session lives");
        assertFalse(cut.find("shop").client().enabled());
        assertNotEquals(oldSid, cut.find("shop").client().tokenSid(), "new client-credentials tokens get a new sid");
        assertEquals(List.of("SESSION shop " + oldSid + " CLIENT_DISABLED", "SESSION " + alice.id() + " " + mine.id() + " CLIENT_DISABLED"),
                revocations());
        assertEquals(List.of("ADMIN_ENDED_SESSION " + alice.id() + " admin-id reason=CLIENT_DISABLED client=shop",
                "CLIENT_DISABLED null admin-id client=shop sessions ended=1"), audit().subList(before, audit().size()));
        assertTrue(cut.find("shop").warnings().stream().anyMatch(w -> w.contains("disabled")));

        tx(() -> cut.update("shop", only("enabled", true), ADMIN, RequestFacts.NONE));
        assertTrue(cut.find("shop").client().enabled());
        assertEquals("CLIENT_ENABLED null admin-id client=shop", audit().get(audit().size() - 1));
        assertEquals("CLIENT_DISABLED", status(mine.id()), "an ended session stays ended");
        tx(() -> cut.update("shop", only("enabled", true), ADMIN, RequestFacts.NONE));
        assertEquals("CLIENT_ENABLED null admin-id client=shop", audit().get(audit().size() - 1), "enabling twice audits nothing new");
        assertEquals(2, revocations().size());
    }

    @Test
    void deletingEndsSessionsAndDropsSecretsConsentsAndTheClient() throws Exception {
        tx(() -> cut.register(service("billing"), ADMIN, RequestFacts.NONE));
        String sid = cut.find("billing").client().tokenSid();
        tx(() -> cut.register(spa("shop"), ADMIN, RequestFacts.NONE));
        Session mine = session("billing");
        tx(() -> {
            em.persist(new Consent(alice.id(), "billing", List.of("orders.read"), NOW));
            em.persist(new Consent(alice.id(), "shop", List.of("openid"), NOW));
            return null;
        });

        tx(() -> {
            cut.delete("billing", ADMIN, RequestFacts.NONE);
            return null;
        });

        assertEquals("not-found", refused(() -> cut.find("billing")));
        assertEquals(List.of(), rows("SELECT id FROM oauth_client_secret"));
        assertEquals(List.of("shop"), rows("SELECT client_id FROM client_consent"));
        assertEquals("CLIENT_DISABLED", status(mine.id()));
        assertEquals(List.of("SESSION billing " + sid + " CLIENT_DISABLED", "SESSION " + alice.id() + " " + mine.id() + " CLIENT_DISABLED"),
                revocations());
        assertEquals("CLIENT_DELETED null admin-id client=billing sessions ended=1", audit().get(audit().size() - 1));
        assertEquals(List.of("shop"), rows("SELECT client_id FROM oauth_client"));
        tx(() -> cut.register(spa("billing"), ADMIN, RequestFacts.NONE));
        assertEquals(ClientType.PUBLIC, cut.find("billing").client().type(), "the id is free again");
    }

    // --- web origins for CORS

    @Test
    void webOriginsAreThoseOfEnabledClientsReadAtMostEveryTenSeconds() {
        long[] nanos = {0};
        clients.nanoTime = () -> nanos[0];
        tx(() -> cut.register(spa("shop"), ADMIN, RequestFacts.NONE));
        assertTrue(clients.isWebOrigin("https://shop.example"));
        assertTrue(clients.isWebOrigin("HTTPS://SHOP.EXAMPLE"));
        assertFalse(clients.isWebOrigin("https://shop.example.evil.example"));
        assertFalse(clients.isWebOrigin(null));

        tx(() -> cut.update("shop", only("enabled", false), ADMIN, RequestFacts.NONE));
        assertTrue(clients.isWebOrigin("https://shop.example"), "kept until ten seconds have passed (or the change's event)");
        nanos[0] += Duration.ofSeconds(10).toNanos();
        assertFalse(clients.isWebOrigin("https://shop.example"), "read again: the client is disabled");

        tx(() -> cut.update("shop", only("enabled", true), ADMIN, RequestFacts.NONE));
        clients.changed(changes.fired.get(changes.fired.size() - 1));
        assertTrue(clients.isWebOrigin("https://shop.example"), "at once after a change on this instance");
    }

    // --- helpers

    private void expect(List<String> wrong, String type, ClientChange spec) {
        String got = refused(() -> cut.register(spec, ADMIN, RequestFacts.NONE));
        if (!type.equals(got)) {
            wrong.add(spec + " -> " + got + " (expected " + type + ")");
        }
    }

    private static ClientChange with(ClientChange c, String field, Object value) {
        return new ClientChange(c.clientId(), c.name(), c.type(), c.firstParty(),
                field.equals("redirectUris") ? list(value) : c.redirectUris(),
                field.equals("webOrigins") ? list(value) : c.webOrigins(),
                field.equals("postLogoutRedirectUris") ? list(value) : c.postLogoutRedirectUris(),
                field.equals("grantTypes") ? list(value) : c.grantTypes(),
                field.equals("scopes") ? list(value) : c.scopes(),
                field.equals("audience") ? Optional.of((String) value) : c.audience(), c.enabled());
    }

    /** The problem type of the refusal {@code step} ends in (rolled back), or "none". */
    private String refused(Supplier<?> step) {
        try {
            tx(step);
            return "none";
        } catch (Refusal refusal) {
            return refusal.type();
        }
    }

    private String refused(Runnable step) {
        return refused(() -> {
            step.run();
            return null;
        });
    }

    private Session session(String clientId) {
        var session = new Session(Session.newId(), alice.id(), clientId, RequestFacts.NONE, NOW, Duration.ofDays(30), Duration.ofDays(7),
                "seed", "hash");
        tx(() -> {
            em.persist(session);
            return null;
        });
        return session;
    }

    private <T> T tx(Supplier<T> step) {
        return TestPersistence.inTransaction(em, step);
    }

    private String status(String sessionId) {
        return rows("SELECT status FROM session_family WHERE id = '" + sessionId + "'").get(0);
    }

    private List<String> audit() {
        return rows("SELECT type || ' ' || COALESCE(account_id, 'null') || ' ' || COALESCE(actor_id, 'null') || ' ' || COALESCE(detail, '') "
                + "FROM audit_event ORDER BY occurred_at, id").stream().map(String::strip).toList();
    }

    private List<String> revocations() {
        return rows("SELECT kind || ' ' || account_id || ' ' || session_id || ' ' || reason FROM revocation ORDER BY seq");
    }

    private List<String> rows(String sql) {
        try (Connection connection = h2.getConnection(); var statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            var result = new ArrayList<String>();
            while (rows.next()) {
                result.add(rows.getString(1));
            }
            return result;
        } catch (Exception e) {
            throw new IllegalStateException(sql, e);
        }
    }

    private static void set(Object target, String field, Object value) throws Exception {
        Class<?> type = target.getClass();
        while (java.util.Arrays.stream(type.getDeclaredFields()).noneMatch(f -> f.getName().equals(field))) {
            type = type.getSuperclass();
        }
        Field f = type.getDeclaredField(field);
        f.setAccessible(true);
        f.set(target, value);
    }
}
