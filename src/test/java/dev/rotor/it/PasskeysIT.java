package dev.rotor.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.yubico.webauthn.AssertionRequest;
import com.yubico.webauthn.AssertionResult;
import com.yubico.webauthn.CredentialRepository;
import com.yubico.webauthn.RegisteredCredential;
import com.yubico.webauthn.RelyingParty;
import com.yubico.webauthn.data.ByteArray;
import com.yubico.webauthn.data.PublicKeyCredentialDescriptor;
import dev.rotor.factor.control.InvalidPasskeyResponse;
import dev.rotor.factor.control.Passkeys;
import dev.rotor.it.support.AccountPage;
import dev.rotor.it.support.Api;
import dev.rotor.it.support.Api.Tokens;
import dev.rotor.it.support.Browsers;
import dev.rotor.it.support.Db;
import dev.rotor.it.support.Deployments;
import dev.rotor.it.support.Reply;
import dev.rotor.platform.RandomSecrets;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * Passkeys with a real browser: headless Chromium's WebDriver virtual authenticator (CTAP2,
 * internal, resident keys, user verification) creates and uses the credentials; Rotor verifies them
 * with Yubico's library.
 * <ol>
 * <li>the account page adds a passkey (the row has the counter and flags, other sessions end), renames it, removes it;</li>
 * <li>registration refuses a wrong origin, another ceremony's challenge, a replayed and an unknown challenge, and bad input, storing nothing;</li>
 * <li>a username-less assertion (options from {@code POST /auth/passkey/options}, the browser's
 *     response) verifies under Rotor's relying party, and not with a tampered signature, a
 *     counter going backwards or a removed credential. The endpoint that completes a sign-in is
 *     the sign-in flow's; this class checks the verification {@code Passkeys.finishSignIn} uses.</li>
 * </ol>
 */
class PasskeysIT extends RotorIT {

    private static final String PASSKEYS = "/auth/factors/passkeys";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.rotor();
    }

    @RegisterExtension
    final Browsers browsers = new Browsers();

    /** localhost: a secure context on plain http, and rotor.issuer's host (the RP ID). */
    String root;
    String issuer;

    @BeforeEach
    void browseLocalhost() {
        issuer = "http://localhost:" + base.getPort();
        root = issuer + "/";
    }

    // ---- 1. the account page ------------------------------------------------------------

    @Test
    void theAccountPageAddsRenamesAndRemovesAPasskey() {
        String name = api.newUser("pk");
        String accountId = accountId(name);
        WebDriver driver = browserWithAuthenticator();
        var page = new AccountPage(driver, root).signIn(name, "Ada's laptop");
        String other = sessionId(api.login(name));

        page.type("passkey-name", "My laptop");
        driver.findElement(By.id("passkey-add")).click();
        WebElement row = Browsers.until(driver, "the new passkey listed", d -> d.findElements(By.cssSelector("#passkey-list tr[data-passkey-id]"))
                .stream().filter(r -> r.getText().contains("My laptop")).findFirst().orElse(null));
        String passkeyId = row.getAttribute("data-passkey-id");

        Map<String, Object> stored = onlyPasskeyOf(accountId);
        assertEquals(passkeyId, stored.get("id"));
        assertEquals("My laptop", stored.get("name"));
        assertEquals(Boolean.FALSE, stored.get("backup_eligible"), "the virtual authenticator's keys are not backup eligible");
        assertEquals(Boolean.FALSE, stored.get("backed_up"));
        assertNotNull(stored.get("signature_count"));
        assertTrue(String.valueOf(stored.get("public_key_cose")).length() > 40);
        assertEquals("internal", stored.get("transports"));
        assertEquals("FACTOR_CHANGED", Db.sessionStatus(other), "adding a passkey ends the other sessions");
        assertEquals("ACTIVE", Db.sessionStatus(page.thisDeviceSessionId()));
        assertEquals(1, Db.query("SELECT id FROM audit_event WHERE account_id = ? AND type = 'PASSKEY_ADDED'", accountId).size());

        row.findElement(By.cssSelector("button.rename-passkey")).click();
        WebElement input = Browsers.until(driver, "the rename field", d -> d.findElement(By.cssSelector("#passkey-list .rename-input")));
        input.clear();
        input.sendKeys("Work laptop");
        driver.findElement(By.cssSelector("#passkey-list .rename-save")).click();
        Browsers.until(driver, "the renamed passkey", d -> d.findElement(By.cssSelector("#passkey-list tr[data-passkey-id='" + passkeyId + "'] .passkey-name"))
                .getText().equals("Work laptop"));
        assertEquals("Work laptop", onlyPasskeyOf(accountId).get("name"));
        assertEquals(1, Db.query("SELECT id FROM audit_event WHERE account_id = ? AND type = 'PASSKEY_RENAMED'", accountId).size());

        Browsers.screenshot(driver, Browsers.SCREENSHOTS.resolve("passkeys-account-page-listed.png"));

        // The password grant refuses an account with a passkey: another device's session, as the database holds it.
        String another = anotherSessionLike(page.thisDeviceSessionId());
        driver.findElement(By.cssSelector("#passkey-list tr[data-passkey-id='" + passkeyId + "'] button.remove-passkey")).click();
        Browsers.until(driver, "no passkeys listed", d -> d.findElements(By.cssSelector("#passkey-list tr[data-passkey-id]")).isEmpty()
                && d.findElement(By.id("passkey-list")).getText().contains("No passkeys"));
        assertEquals(0, passkeysOf(accountId).size(), "the row is gone");
        assertEquals("FACTOR_CHANGED", Db.sessionStatus(another), "removing a passkey ends the other sessions");
        assertEquals("ACTIVE", Db.sessionStatus(page.thisDeviceSessionId()));
        assertEquals(1, Db.query("SELECT id FROM audit_event WHERE account_id = ? AND type = 'PASSKEY_REMOVED'", accountId).size());

        // A sign-in older than 5 minutes: the page says to sign in again, and nothing is asked of the authenticator.
        Db.update("UPDATE session_family SET auth_time = ? WHERE id = ?",
                java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).minus(Duration.ofMinutes(10)), page.thisDeviceSessionId());
        page.type("passkey-name", "Too late");
        driver.findElement(By.id("passkey-add")).click();
        Browsers.until(driver, "the page to say sign in again", d -> d.findElement(By.id("message")).getText().contains("sign in again"));
        assertEquals(0, passkeysOf(accountId).size());
        Browsers.screenshot(driver, Browsers.SCREENSHOTS.resolve("passkeys-account-page.png"));
    }

    @Test
    void aStaleSignInIsToldToSignInAgain() {
        String name = api.newUser("pk");
        Tokens tokens = api.login(name);
        Db.update("UPDATE session_family SET auth_time = ? WHERE id = ?",
                java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).minus(Duration.ofMinutes(10)), sessionId(tokens));
        Reply options = api.post(PASSKEYS + "/options", tokens.access());
        assertEquals(403, options.status(), options.toString());
        assertTrue(String.valueOf(options.string("type")).endsWith("/fresh-sign-in-required"), options.body());
        assertEquals(0, Db.query("SELECT id_hash FROM auth_challenge WHERE account_id = ?", accountId(name)).size());
    }

    // ---- 2. registration refusals -------------------------------------------------------

    @Test
    void registrationRefusesWhatDoesNotVerifyAndStoresNothing() {
        String name = api.newUser("pk");
        String accountId = accountId(name);
        String bearer = api.login(name).access();
        WebDriver driver = browserWithAuthenticator();
        driver.get(root + "account/");

        // The origin in clientDataJSON is not Rotor's.
        Options a = options(bearer);
        String credential = create(driver, a.publicKey());
        assertRefused(register(bearer, a.challenge(), "Evil", withClientData(credential, c -> c.replace("\"origin\":\"" + issuer + "\"", "\"origin\":\"https://evil.example\""))));
        // The challenge value is consumed by the attempt: the genuine response cannot follow it.
        assertRefused(register(bearer, a.challenge(), "Mine", credential));

        // A response to one ceremony posted under another's challenge.
        Options b = options(bearer);
        Options c = options(bearer);
        assertRefused(register(bearer, c.challenge(), "Swapped", create(driver, b.publicKey())));

        // Bad input, each a 400 problem.
        Options d = options(bearer);
        assertRefused(register(bearer, d.challenge(), "Malformed", "{\"id\":\"x\",\"response\":{\"clientDataJSON\":\"e30\"}}"));
        assertRefused(api.send(post(bearer, "{\"challenge\":\"" + d.challenge() + "\",\"name\":\"x\",\"credential\":\"not an object\"}")));
        Reply notJson = api.send(post(bearer, "{\"challenge\":"));
        assertEquals(400, notJson.status(), notJson.toString());
        Options e = options(bearer);
        String genuine = create(driver, e.publicKey());
        assertRefused(register(bearer, e.challenge(), "Huge", withField(genuine, "clientDataJSON", "A".repeat(30_000))));
        assertRefused(register(bearer, e.challenge(), "Huger", withField(genuine, "attestationObject", "A".repeat(70_000))));
        assertRefused(register(bearer, "x".repeat(43), "Unknown", genuine));
        assertEquals(0, passkeysOf(accountId).size(), "nothing stored");

        // The genuine one under its own (fresh) challenge, then its replay.
        Options f = options(bearer);
        String good = create(driver, f.publicKey());
        Reply added = register(bearer, f.challenge(), "  Laptop  ", good);
        assertEquals(201, added.status(), added.toString());
        assertEquals("Laptop", added.string("name"));
        assertEquals(Boolean.FALSE, added.json().get("backupEligible"));
        assertRefused(register(bearer, f.challenge(), "Again", good));
        assertEquals(1, passkeysOf(accountId).size());

        // The next ceremony excludes the registered passkey: this authenticator will not make a second one.
        Options g = options(bearer);
        assertTrue(attempt(driver, "createPasskey", g.publicKey()).startsWith("ERROR InvalidStateError"));

        // Names: 1-64 characters (checked before the response).
        Reply unnamed = register(bearer, g.challenge(), "   ", good);
        assertEquals(400, unnamed.status(), unnamed.toString());
        assertTrue(unnamed.body().contains("invalid-passkey-name"), unnamed.body());
        String id = String.valueOf(onlyPasskeyOf(accountId).get("id"));
        Reply longName = api.send(api.request(PASSKEYS + "/" + id, bearer).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"name\":\"" + "n".repeat(65) + "\"}")).build());
        assertEquals(400, longName.status(), longName.toString());

        // Someone else's passkey is not found.
        String stranger = api.login(api.newUser("pk")).access();
        assertEquals(404, api.delete(PASSKEYS + "/" + id, stranger).status());
        Reply list = api.get(PASSKEYS, bearer);
        assertEquals(200, list.status());
        assertTrue(list.body().contains("\"name\":\"Laptop\""), list.body());
        assertFalse(list.body().contains("public"), "no key material in the list: " + list.body());
    }

    // ---- 3. username-less assertion -------------------------------------------------------

    @Test
    void aUsernameLessAssertionVerifiesAndTamperingDoesNot() {
        String name = api.newUser("pk");
        String accountId = accountId(name);
        String bearer = api.login(name).access();
        WebDriver driver = browserWithAuthenticator();
        driver.get(root + "account/");
        Options reg = options(bearer);
        assertEquals(201, register(bearer, reg.challenge(), "Key", create(driver, reg.publicKey())).status());

        Reply signIn = api.send(api.request("/auth/passkey/options", null).header("Origin", issuer)
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(200, signIn.status(), signIn.toString());
        JsonObject publicKey = object(signIn.body()).getJsonObject("publicKey");
        assertEquals("required", publicKey.getString("userVerification"));
        assertTrue(!publicKey.containsKey("allowCredentials") || publicKey.getJsonArray("allowCredentials").isEmpty());
        String challenge = object(signIn.body()).getString("challenge");
        Map<String, Object> kept = Db.query("SELECT purpose, account_id, webauthn_request FROM auth_challenge WHERE id_hash = ?",
                RandomSecrets.sha256Hex(challenge)).get(0);
        assertEquals("PASSKEY_SIGN_IN", kept.get("purpose"));
        assertEquals(null, kept.get("account_id"));
        AssertionRequest request = assertionRequest(String.valueOf(kept.get("webauthn_request")));

        String assertion = get(driver, publicKey.toString());
        RelyingParty rotor = relyingParty(issuer, passkeysOf(accountId));
        AssertionResult result = Passkeys.verifyAssertion(rotor, request, assertion);
        assertEquals(accountId, new String(result.getCredential().getUserHandle().getBytes(), StandardCharsets.UTF_8));
        assertTrue(result.isUserVerified());
        assertEquals(List.of("hwk", "user"), Passkeys.amr(result.isBackupEligible(), result.isUserVerified()));

        assertThrows(InvalidPasskeyResponse.class, () -> Passkeys.verifyAssertion(rotor, request, withField(assertion, "signature", flipped(field(assertion, "signature")))));
        assertThrows(InvalidPasskeyResponse.class, () -> Passkeys.verifyAssertion(rotor, request, withField(assertion, "clientDataJSON", "A".repeat(30_000))));
        assertThrows(InvalidPasskeyResponse.class, () -> Passkeys.verifyAssertion(rotor, request, "{\"id\":"));
        assertThrows(InvalidPasskeyResponse.class, () -> Passkeys.verifyAssertion(relyingParty("http://localhost:1", passkeysOf(accountId)), request, assertion),
                "another origin");
        Db.update("UPDATE passkey SET signature_count = 1000000 WHERE account_id = ?", accountId);
        assertThrows(InvalidPasskeyResponse.class, () -> Passkeys.verifyAssertion(relyingParty(issuer, passkeysOf(accountId)), request, assertion),
                "the counter went backwards");
        Db.update("DELETE FROM passkey WHERE account_id = ?", accountId);
        assertThrows(InvalidPasskeyResponse.class, () -> Passkeys.verifyAssertion(relyingParty(issuer, passkeysOf(accountId)), request, assertion),
                "a removed credential");
    }

    // ---- helpers ------------------------------------------------------------------------

    record Options(String challenge, String publicKey) {
    }

    Options options(String bearer) {
        Reply reply = api.post(PASSKEYS + "/options", bearer);
        assertEquals(200, reply.status(), reply.toString());
        JsonObject body = object(reply.body());
        assertEquals("preferred", body.getJsonObject("publicKey").getJsonObject("authenticatorSelection").getString("residentKey"));
        return new Options(body.getString("challenge"), body.getJsonObject("publicKey").toString());
    }

    Reply register(String bearer, String challenge, String name, String credential) {
        String body = Json.createObjectBuilder().add("challenge", challenge).add("name", name).build().toString();
        return api.send(post(bearer, body.substring(0, body.length() - 1) + ",\"credential\":" + credential + "}"));
    }

    HttpRequest post(String bearer, String body) {
        return api.request(PASSKEYS, bearer).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    static void assertRefused(Reply reply) {
        assertEquals(400, reply.status(), reply.toString());
        assertTrue(reply.body().contains("invalid-passkey-response"), reply.body());
    }

    WebDriver browserWithAuthenticator() {
        return Browsers.withPasskeyAuthenticator(browsers.open());
    }

    /** The page's passkeys.js creates a credential for these options; its JSON. */
    static String create(WebDriver driver, String publicKeyJson) {
        return call(driver, "createPasskey", publicKeyJson);
    }

    static String get(WebDriver driver, String publicKeyJson) {
        return call(driver, "getPasskey", publicKeyJson);
    }

    private static String call(WebDriver driver, String function, String publicKeyJson) {
        String json = attempt(driver, function, publicKeyJson);
        assertFalse(json.startsWith("ERROR"), json);
        return json;
    }

    /** The credential's JSON, or "ERROR name: message". */
    private static String attempt(WebDriver driver, String function, String publicKeyJson) {
        Object result = ((JavascriptExecutor) driver).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "import('/assets/passkeys.js').then(m => m[arguments[0]](JSON.parse(arguments[1])))"
                        + ".then(c => done(JSON.stringify(c)), e => done('ERROR ' + e.name + ': ' + e.message));",
                function, publicKeyJson);
        return String.valueOf(result);
    }

    static JsonObject object(String json) {
        try (var reader = Json.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }

    static String field(String credential, String field) {
        return object(credential).getJsonObject("response").getString(field);
    }

    /** The credential with {@code response.field} replaced. */
    static String withField(String credential, String field, String value) {
        JsonObject json = object(credential);
        return Json.createObjectBuilder(json).add("response", Json.createObjectBuilder(json.getJsonObject("response")).add(field, value)).build().toString();
    }

    static String withClientData(String credential, UnaryOperator<String> change) {
        String clientData = new String(Base64.getUrlDecoder().decode(field(credential, "clientDataJSON")), StandardCharsets.UTF_8);
        String changed = change.apply(clientData);
        assertFalse(changed.equals(clientData), "the client data changed: " + clientData);
        return withField(credential, "clientDataJSON", Base64.getUrlEncoder().withoutPadding().encodeToString(changed.getBytes(StandardCharsets.UTF_8)));
    }

    static String flipped(String base64Url) {
        byte[] bytes = Base64.getUrlDecoder().decode(base64Url);
        bytes[bytes.length - 1] ^= 0x01;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static AssertionRequest assertionRequest(String json) {
        try {
            return AssertionRequest.fromJson(json);
        } catch (Exception e) {
            throw new AssertionError("the kept request is not the library's JSON", e);
        }
    }

    /** A second active session of the same account, copied from {@code sessionId}'s row under a new id. */
    static String anotherSessionLike(String sessionId) {
        String id = java.util.UUID.randomUUID().toString();
        Db.update("INSERT INTO session_family (id, account_id, client_id, created_at, last_used_at, absolute_expires_at, idle_expires_at,"
                + " generation, rotated_at, current_hash, chain_seed, status, amr) SELECT ?, account_id, client_id, created_at, last_used_at,"
                + " absolute_expires_at, idle_expires_at, 0, rotated_at, current_hash, chain_seed, 'ACTIVE', amr FROM session_family WHERE id = ?",
                id, sessionId);
        return id;
    }

    static String accountId(String username) {
        return String.valueOf(Db.query("SELECT id FROM account WHERE username = ?", username.toLowerCase(java.util.Locale.ROOT)).get(0).get("id"));
    }

    static String sessionId(Tokens tokens) {
        return tokens.refresh().split("\\.")[0];
    }

    static List<Map<String, Object>> passkeysOf(String accountId) {
        return Db.query("SELECT * FROM passkey WHERE account_id = ?", accountId);
    }

    static Map<String, Object> onlyPasskeyOf(String accountId) {
        List<Map<String, Object>> rows = passkeysOf(accountId);
        assertEquals(1, rows.size(), rows.toString());
        return rows.get(0);
    }

    /** Rotor's relying party (the defaults from its issuer) over these passkey rows. */
    static RelyingParty relyingParty(String issuer, List<Map<String, Object>> rows) {
        return Passkeys.relyingParty(Passkeys.identity(Optional.empty(), "Rotor", issuer), Passkeys.origins(Optional.empty(), issuer),
                new RowCredentials(rows));
    }

    record RowCredentials(List<Map<String, Object>> rows) implements CredentialRepository {

        private static ByteArray bytes(Object base64Url) {
            return new ByteArray(Base64.getUrlDecoder().decode(String.valueOf(base64Url)));
        }

        private Optional<RegisteredCredential> find(ByteArray credentialId) {
            return rows.stream().filter(row -> bytes(row.get("credential_id")).equals(credentialId)).findFirst()
                    .map(row -> RegisteredCredential.builder().credentialId(credentialId)
                            .userHandle(new ByteArray(String.valueOf(row.get("account_id")).getBytes(StandardCharsets.UTF_8)))
                            .publicKeyCose(bytes(row.get("public_key_cose")))
                            .signatureCount(((Number) row.get("signature_count")).longValue())
                            .backupEligible((Boolean) row.get("backup_eligible")).backupState((Boolean) row.get("backed_up")).build());
        }

        @Override
        public Set<PublicKeyCredentialDescriptor> getCredentialIdsForUsername(String username) {
            return Set.of();
        }

        @Override
        public Optional<ByteArray> getUserHandleForUsername(String username) {
            return Optional.empty();
        }

        @Override
        public Optional<String> getUsernameForUserHandle(ByteArray userHandle) {
            return Optional.of("user-" + userHandle.getBase64Url());
        }

        @Override
        public Optional<RegisteredCredential> lookup(ByteArray credentialId, ByteArray userHandle) {
            return find(credentialId).filter(c -> c.getUserHandle().equals(userHandle));
        }

        @Override
        public Set<RegisteredCredential> lookupAll(ByteArray credentialId) {
            return find(credentialId).map(Set::of).orElse(Set.of());
        }
    }
}
