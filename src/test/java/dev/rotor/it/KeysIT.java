package dev.rotor.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import dev.rotor.custody.control.KeyEncryptionKey;
import dev.rotor.custody.entity.ServerSecret;
import dev.rotor.it.support.Api;
import dev.rotor.it.support.Api.Tokens;
import dev.rotor.it.support.Db;
import dev.rotor.it.support.Deployments;
import dev.rotor.it.support.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Signing keys over HTTP: keys sealed at rest, rotation with JWKS overlap, emergency revocation,
 * and verification that needs no URL. This deployment's issuer is a host that does not exist (its
 * config file outranks the test's {@code -Drotor.issuer}): were MP JWT to fetch its keys from
 * {@code <issuer>/.well-known/jwks.json}, every protected call here would be 401.
 */
class KeysIT extends RotorIT {

    static final String ISSUER = "http://example.invalid";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.rotor("config_ordinal=500", "rotor.issuer=" + ISSUER, "rotor.password.iterations=1024");
    }

    String admin;

    @BeforeEach
    void signInAdmin() {
        admin = Tokens.of(api.passwordGrant("admin", AdminApiIT.ADMIN_PASSWORD, Api.CLIENT)).access();
    }

    @Test
    void protectedCallsWorkWhenTheIssuerIsNotThisServersUrl() throws Exception {
        Tokens tokens = api.login(api.newUser("ivan"));
        assertEquals(ISSUER, SignedJWT.parse(tokens.access()).getJWTClaimsSet().getIssuer());
        Reply me = api.me(tokens.access());
        assertEquals(200, me.status(), me.toString());
    }

    @Test
    void theDatabaseHoldsNoPlaintextKeyMaterial() {
        List<Map<String, Object>> rows = new ArrayList<>(Db.query("SELECT * FROM signing_key"));
        rows.addAll(Db.query("SELECT * FROM server_secret"));
        assertFalse(rows.isEmpty());
        for (Map<String, Object> row : rows) {
            assertNotNull(row.get("kek_id"), "every row names the KEK that sealed it: " + row.keySet());
            for (Object value : row.values()) {
                String text = String.valueOf(value);
                for (String member : List.of("\"d\"", "\"p\"", "\"q\"", "\"dp\"", "\"dq\"", "\"qi\"")) {
                    assertFalse(text.contains(member), "a private JWK member " + member + " is stored in plain text");
                }
            }
        }
        KeyEncryptionKey kek = testKek();
        for (Map<String, Object> key : Db.query("SELECT * FROM signing_key WHERE private_jwk <> ''")) {
            String privateJwk = RestartIT.privateHalf(key, kek);
            assertTrue(privateJwk.contains("\"d\""), "the sealed value is the private key, opened only with the KEK");
        }
        Map<String, Object> csrf = Db.query("SELECT * FROM server_secret").get(0);
        String secret = kek.open(csrf.get("secret").toString().substring("b1.".length()), ServerSecret.sealBinding(
                csrf.get("name").toString(), csrf.get("kek_id").toString(), RestartIT.instant(csrf.get("created_at"))));
        assertEquals(32, Base64.getDecoder().decode(secret).length);
        assertFalse(csrf.get("secret").toString().contains(secret), "the raw secret is not stored");
    }

    @Test
    @EnabledIfSystemProperty(named = "rotor.db", matches = "h2")
    void theEmbeddedKekFileAndTheDataDirectoryAreOwnerOnly() throws Exception {
        Path data = Path.of("data");
        assertEquals(PosixFilePermissions.fromString("rwx------"), Files.getPosixFilePermissions(data));
        assertEquals(PosixFilePermissions.fromString("rwx------"), Files.getPosixFilePermissions(Path.of("keys")));
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(Path.of("keys", "kek")));
        assertFalse(Files.exists(data.resolve("kek")), "the KEK is not kept beside the database");
    }

    @Test
    void aRotationPublishesTheNextKeyFirstAndOldTokensKeepVerifying() throws Exception {
        Tokens before = api.login(api.newUser("rita"));
        String oldKid = kidOf(before.access());

        Reply rotated = api.post("/admin/api/keys/rotate", admin);
        assertEquals(201, rotated.status(), rotated.toString());
        String next = rotated.string("kid");
        assertEquals("next", stateOf(next));
        assertTrue(published().contains(next), "the next key is published before it signs");
        assertEquals(oldKid, kidOf(api.login(api.newUser("rita")).access()), "the next key does not sign yet");

        Reply now = api.post("/admin/api/keys/rotate?immediate=true", admin);
        assertEquals(201, now.status(), now.toString());
        String current = now.string("kid");
        Thread.sleep(2000); // this instance signs with it once its MP JWT has surely re-read the key file (1.5 s)
        Tokens after = api.login(api.newUser("rita"));
        assertEquals(current, kidOf(after.access()), "an immediate rotation signs within two seconds");
        assertEquals("current", stateOf(current));
        assertEquals("previous", stateOf(oldKid));
        assertEquals("next", stateOf(next));
        assertTrue(published().containsAll(Set.of(next, current, oldKid)), "next, current and previous are published");

        assertEquals(200, api.me(before.access()).status(), "a token signed before the rotation still verifies");
        assertEquals(200, api.me(after.access()).status());
        assertTrue(auditTypes().contains("SIGNING_KEY_ROTATED"));
    }

    @Test
    void aRevokedKeysTokensAreRefusedAtOnceAndRefreshKeepsWorking() throws Exception {
        Tokens tokens = api.login(api.newUser("rex"));
        String kid = kidOf(tokens.access());
        assertEquals(200, api.me(tokens.access()).status());

        Reply revoked = api.post("/admin/api/keys/" + kid + "/revoke", admin);
        assertEquals(204, revoked.status(), revoked.toString());
        assertFalse(published().contains(kid), "gone from the JWKS at once");
        Reply refused = api.me(tokens.access());
        assertEquals(401, refused.status(), "refused at once: " + refused);
        assertEquals(401, api.get("/admin/api/keys", admin).status(), "the admin's own token was signed with it too");
        signInAdmin();
        assertEquals(200, api.get("/admin/api/keys", admin).status(),
                "a token issued right after the revocation verifies here: the replacement signs once MP JWT has read it");
        assertEquals("revoked", stateOf(kid));

        Reply refreshed = api.refresh(tokens.refresh());
        assertEquals(200, refreshed.status(), refreshed.toString());
        String fresh = refreshed.string("access_token");
        assertNotEquals(kid, kidOf(fresh), "the new access token is signed with another key");
        assertEquals(200, api.me(fresh).status());
        assertTrue(auditTypes().contains("SIGNING_KEY_REVOKED"));
        // later calls stay refused (also once MP JWT has re-read its key file)
        Thread.sleep(1200);
        assertEquals(401, api.me(tokens.access()).status());
    }

    @Test
    void revokingTheNextKeyLetsTheCurrentKeySignOnWithNoRetirement() throws Exception {
        for (String waiting : kidsIn("next")) { // left by another test: this one needs the only next key
            assertEquals(204, api.post("/admin/api/keys/" + waiting + "/revoke", admin).status());
        }
        Reply rotated = api.post("/admin/api/keys/rotate", admin);
        assertEquals(201, rotated.status(), rotated.toString());
        String next = rotated.string("kid");
        String current = kidOf(api.login(api.newUser("nina")).access());
        assertNotNull(keyField(current, "retiresAt"), "retires once the next key has signed for a while");

        assertEquals(204, api.post("/admin/api/keys/" + next + "/revoke", admin).status());

        assertEquals("revoked", stateOf(next));
        assertEquals("current", stateOf(current));
        assertNull(keyField(current, "retiresAt"), "no successor any more: it keeps signing until the next rotation");
        assertNull(Db.query("SELECT retires_at FROM signing_key WHERE kid = ?", current).get(0).get("retires_at"));
        assertEquals(current, kidOf(api.login(api.newUser("nils")).access()));
    }

    @Test
    void revokingTheCurrentKeyMakesANewKeySignRatherThanTheRetiringPreviousOne() throws Exception {
        String previous = kidOf(api.login(api.newUser("olga")).access());
        Reply rotated = api.post("/admin/api/keys/rotate?immediate=true", admin);
        assertEquals(201, rotated.status(), rotated.toString());
        String current = rotated.string("kid");
        Object previousRetires = Db.query("SELECT retires_at FROM signing_key WHERE kid = ?", previous).get(0).get("retires_at");

        assertEquals(204, api.post("/admin/api/keys/" + current + "/revoke", admin).status());
        signInAdmin(); // its token may have been signed with the revoked key

        String signing = kidsIn("current").get(0);
        assertNotEquals(previous, signing, "the retiring key is not brought back");
        assertNotEquals(current, signing);
        assertEquals("previous", stateOf(previous));
        assertEquals(previousRetires, Db.query("SELECT retires_at FROM signing_key WHERE kid = ?", previous).get(0).get("retires_at"),
                "it keeps the retirement it had");
        assertEquals("", Db.query("SELECT private_jwk FROM signing_key WHERE kid = ?", current).get(0).get("private_jwk"),
                "a revoked key's private half is erased");
        // the replacement signs once this instance's MP JWT has read it (at most 1.5 s; the older key meanwhile)
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
        while (!signing.equals(kidOf(api.login(api.newUser("olga")).access()))) {
            assertTrue(System.nanoTime() < deadline, "the replacement key never signs");
            Thread.sleep(200);
        }
    }

    private List<String> kidsIn(String state) {
        @SuppressWarnings("unchecked")
        var keys = (List<Map<String, Object>>) api.get("/admin/api/keys", admin).json().get("keys");
        return keys.stream().filter(k -> state.equals(k.get("state"))).map(k -> k.get("kid").toString()).toList();
    }

    private Object keyField(String kid, String field) {
        @SuppressWarnings("unchecked")
        var keys = (List<Map<String, Object>>) api.get("/admin/api/keys", admin).json().get("keys");
        return keys.stream().filter(k -> kid.equals(k.get("kid"))).findFirst().orElseThrow().get(field);
    }

    @Test
    void keyAdministrationIsForAdminsOnlyAndUnknownKeysAre404() {
        String user = api.login(api.newUser("uma")).access();
        assertEquals(403, api.get("/admin/api/keys", user).status());
        assertEquals(403, api.post("/admin/api/keys/rotate", user).status());
        assertEquals(401, api.post("/admin/api/keys/rotate", null).status());
        Reply unknown = api.post("/admin/api/keys/no-such-kid/revoke", admin);
        assertEquals(404, unknown.status());
        assertTrue(unknown.header("Content-Type").startsWith("application/problem+json"));
        Reply list = api.get("/admin/api/keys", admin);
        assertEquals(200, list.status());
        @SuppressWarnings("unchecked")
        var keys = (List<Map<String, Object>>) list.json().get("keys");
        assertTrue(keys.stream().allMatch(k -> k.get("kid") != null && k.get("algorithm") != null
                && k.get("created") != null && k.get("state") != null), keys.toString());
        assertEquals(1, keys.stream().filter(k -> "current".equals(k.get("state"))).count());
    }

    /** Refresh + /api/me in a loop on two threads while the key is rotated with immediate=true. */
    @Test
    void rotatingUnderRefreshLoadCausesNoVerificationFailure() throws Exception {
        int clients = 2;
        var running = new AtomicBoolean(true);
        var calls = new AtomicInteger();
        var failures = new AtomicInteger();
        List<String> failed = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> loops = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            Tokens start = api.login(api.newUser("load"));
            loops.add(pool.submit(() -> {
                String refresh = start.refresh();
                while (running.get()) {
                    Reply next = api.refresh(refresh);
                    calls.incrementAndGet();
                    if (next.status() != 200) {
                        failures.incrementAndGet();
                        failed.add("refresh " + next);
                        return null;
                    }
                    refresh = next.string("refresh_token");
                    Reply me = api.me(next.string("access_token"));
                    calls.incrementAndGet();
                    if (me.status() != 200) {
                        failures.incrementAndGet();
                        failed.add("me " + me);
                    }
                }
                return null;
            }));
        }
        int rotations = 5;
        for (int i = 0; i < rotations; i++) {
            Thread.sleep(700);
            assertEquals(201, api.post("/admin/api/keys/rotate?immediate=true", admin).status());
        }
        Thread.sleep(1500);
        running.set(false);
        for (Future<?> loop : loops) {
            loop.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        System.out.println("KeysIT: " + rotations + " immediate rotations under load: " + calls.get()
                + " calls (refresh + /api/me), " + failures.get() + " failures");
        assertTrue(calls.get() > 20, "the load ran: " + calls.get());
        assertEquals(0, failures.get(), String.join("\n", failed));
    }

    private String stateOf(String kid) {
        Reply list = api.get("/admin/api/keys", admin);
        @SuppressWarnings("unchecked")
        var keys = (List<Map<String, Object>>) list.json().get("keys");
        return keys.stream().filter(k -> kid.equals(k.get("kid"))).findFirst().orElseThrow().get("state").toString();
    }

    private Set<String> published() throws Exception {
        return JWKSet.parse(api.get("/.well-known/jwks.json", null).body()).getKeys().stream()
                .map(k -> k.getKeyID()).collect(Collectors.toSet());
    }

    private Set<String> auditTypes() {
        return Db.query("SELECT DISTINCT type FROM audit_event").stream()
                .map(r -> r.get("type").toString()).collect(Collectors.toSet());
    }

    private static String kidOf(String token) throws Exception {
        return SignedJWT.parse(token).getHeader().getKeyID();
    }

    /** The KEK the server uses: the PostgreSQL profile passes one; on H2 the server generated keys/kek. */
    static KeyEncryptionKey testKek() {
        String given = System.getProperty("rotor.it.kek", "");
        try {
            return given.isBlank()
                    ? KeyEncryptionKey.fromBase64(Files.readString(Path.of("keys", "kek")), "keys/kek")
                    : KeyEncryptionKey.fromBase64(given, "rotor.it.kek");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
