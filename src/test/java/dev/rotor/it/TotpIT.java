package dev.rotor.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rotor.it.support.AccountPage;
import dev.rotor.it.support.Api.Tokens;
import dev.rotor.it.support.Browsers;
import dev.rotor.it.support.Db;
import dev.rotor.it.support.Deployments;
import dev.rotor.it.support.Reply;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The authenticator app (TOTP) and recovery codes on the account page's API and in Chromium:
 * enrolment with codes computed here (RFC 6238, this file's own implementation) from the secret
 * the API shows, the database holding the secret sealed and the codes hashed, regenerating,
 * removing, the fresh sign-in every change needs, malformed and wrong codes, the throttle, and the
 * other sessions a change ends. Accounts never use the password grant after enrolling (an account
 * with a second factor may not).
 */
class TotpIT extends RotorIT {

    /** A back-off long enough that the right code right after a 429 is still refused (the other tests count at most one failure). */
    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.rotor("rotor.throttle.backoff.base=PT20S", "rotor.throttle.backoff.max=PT1M");
    }

    @RegisterExtension
    final Browsers browsers = new Browsers();

    @Test
    void enrolConfirmRegenerateAndRemoveThroughTheApi() {
        String name = api.newUser("totp");
        Tokens other = api.login(name);
        Tokens tokens = api.login(name);
        String access = tokens.access();
        String accountId = api.me(access).string("id");
        String otherSession = api.me(other.access()).string("sessionId");

        Reply before = api.get("/auth/factors", access);
        assertEquals(200, before.status(), before.toString());
        assertEquals(false, map(before.json().get("totp")).get("enrolled"));
        assertEquals(0, ((Number) map(before.json().get("recoveryCodes")).get("remaining")).intValue());

        Reply begun = api.post("/auth/factors/totp", access);
        assertEquals(200, begun.status(), begun.toString());
        assertEquals("no-store", begun.header("Cache-Control"), "the secret is not cached");
        String secret = begun.string("secret");
        assertTrue(secret.matches("[A-Z2-7]{32}"), secret);
        assertEquals("otpauth://totp/Rotor:" + name + "?secret=" + secret + "&issuer=Rotor&algorithm=SHA1&digits=6&period=30",
                begun.string("uri"));
        assertTrue(begun.string("qrCode").startsWith("data:image/svg+xml;base64,"));
        assertTrue(new String(Base64.getDecoder().decode(begun.string("qrCode").substring("data:image/svg+xml;base64,".length())),
                StandardCharsets.UTF_8).startsWith("<svg"));
        assertEquals(0, Db.query("SELECT 1 FROM totp_authenticator WHERE account_id = ?", accountId).size(), "not enrolled before a code");
        Map<String, Object> pending = Db.query("SELECT secret_kek_id, secret_sealed FROM totp_pending WHERE account_id = ?", accountId).get(0);
        assertNotNull(pending.get("secret_kek_id"));
        assertSealed(secret, (String) pending.get("secret_sealed"));

        for (String bad : List.of("12345", "1234567", "12345a", "", "١٢٣٤٥٦")) {
            Reply refused = confirm(access, bad);
            assertEquals(400, refused.status(), bad + ": " + refused);
            assertTrue(refused.header("Content-Type").startsWith("application/problem+json"), refused.toString());
            assertTrue(refused.string("type").endsWith("/invalid-one-time-code"), refused.toString());
        }
        Reply notJson = api.send(api.request("/auth/factors/totp/confirm", access).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"code\":123456}")).build());
        assertEquals(400, notJson.status(), "a number is no code string: " + notJson);
        Reply wrong = confirm(access, wrongCode(secret));
        assertEquals(400, wrong.status(), wrong.toString());
        assertTrue(wrong.string("type").endsWith("/wrong-one-time-code"), wrong.toString());
        assertEquals("ACTIVE", Db.sessionStatus(otherSession), "nothing changed yet");

        String code = code(secret, step());
        Reply confirmed = confirm(access, code);
        assertEquals(200, confirmed.status(), confirmed.toString());
        @SuppressWarnings("unchecked")
        List<String> codes = (List<String>) confirmed.json().get("recoveryCodes");
        assertEquals(10, codes.size());
        assertEquals(10, new HashSet<>(codes).size());

        Map<String, Object> row = Db.query("SELECT secret_kek_id, secret_sealed, confirmed_at, last_used_step FROM totp_authenticator"
                + " WHERE account_id = ?", accountId).get(0);
        assertSealed(secret, (String) row.get("secret_sealed"));
        assertNotNull(row.get("confirmed_at"));
        assertTrue(((Number) row.get("last_used_step")).longValue() >= step() - 1, "the confirming code's step is used");
        assertEquals(0, Db.query("SELECT 1 FROM totp_pending WHERE account_id = ?", accountId).size());
        assertRecoveryCodesStored(accountId, codes);
        assertEquals("FACTOR_CHANGED", Db.sessionStatus(otherSession), "enrolment ends the other sessions");
        assertEquals(401, api.me(other.access()).status(), "the other session's token is cut off");
        assertEquals(200, api.me(access).status(), "this session stays");
        assertAudited(accountId, "TOTP_ENROLLED", code, secret);

        Reply replay = confirm(access, code);
        assertEquals(400, replay.status(), "nothing pending any more: " + replay);

        Reply after = api.get("/auth/factors", access);
        Map<String, Object> totp = map(after.json().get("totp"));
        assertEquals(true, totp.get("enrolled"));
        assertNotNull(totp.get("confirmedAt"));
        assertEquals(10, ((Number) map(after.json().get("recoveryCodes")).get("remaining")).intValue());

        Reply regenerated = api.post("/auth/factors/recovery-codes", access);
        assertEquals(200, regenerated.status(), regenerated.toString());
        @SuppressWarnings("unchecked")
        List<String> fresh = (List<String>) regenerated.json().get("recoveryCodes");
        assertEquals(10, fresh.size());
        assertTrue(fresh.stream().noneMatch(codes::contains), "all new");
        assertRecoveryCodesStored(accountId, fresh);
        assertAudited(accountId, "RECOVERY_CODES_GENERATED", fresh.get(0), secret);

        // A second enrolment keeps the first app until its code confirms the new one; then no new codes are made.
        Reply again = api.post("/auth/factors/totp", access);
        String secondSecret = again.string("secret");
        assertNotEquals(secret, secondSecret);
        assertEquals(1, Db.query("SELECT 1 FROM totp_authenticator WHERE account_id = ? AND confirmed_at IS NOT NULL", accountId).size());
        Reply replaced = confirm(access, code(secondSecret, step()));
        assertEquals(200, replaced.status(), replaced.toString());
        assertNull(replaced.json().get("recoveryCodes"), "the account had unused codes: " + replaced);
        assertRecoveryCodesStored(accountId, fresh);

        Reply removed = api.delete("/auth/factors/totp", access);
        assertEquals(204, removed.status(), removed.toString());
        assertEquals(0, Db.query("SELECT 1 FROM totp_authenticator WHERE account_id = ?", accountId).size());
        assertEquals(false, map(api.get("/auth/factors", access).json().get("totp")).get("enrolled"));
        assertAudited(accountId, "TOTP_REMOVED", null, secret);
    }

    @Test
    void everyChangeNeedsASignInOfTheLastFiveMinutes() {
        String name = api.newUser("stale");
        Tokens other = api.login(name);
        String access = api.login(name).access();
        String accountId = api.me(access).string("id");
        String sessionId = api.me(access).string("sessionId");
        Db.update("UPDATE session_family SET auth_time = ? WHERE id = ?", OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(6), sessionId);

        for (Reply refused : List.of(api.post("/auth/factors/totp", access), confirm(access, "123456"),
                api.delete("/auth/factors/totp", access), api.post("/auth/factors/recovery-codes", access))) {
            assertEquals(403, refused.status(), refused.toString());
            assertTrue(refused.string("type").endsWith("/fresh-sign-in-required"), refused.toString());
        }
        assertEquals(0, Db.query("SELECT 1 FROM totp_pending WHERE account_id = ?", accountId).size());
        assertEquals(0, Db.query("SELECT 1 FROM recovery_code WHERE account_id = ?", accountId).size());
        assertEquals("ACTIVE", Db.sessionStatus(api.me(other.access()).string("sessionId")), "no other session ended");
        assertEquals(200, api.get("/auth/factors", access).status(), "reading needs no fresh sign-in");
    }

    @Test
    void wrongCodesAreThrottledLikeWrongPasswords() {
        String name = api.newUser("guess");
        String access = api.login(name).access();
        String secret = api.post("/auth/factors/totp", access).string("secret");
        Reply last = null;
        for (int i = 0; i < 12 && (last == null || last.status() != 429); i++) {
            last = confirm(access, wrongCode(secret));
        }
        assertEquals(429, last.status(), last.toString());
        assertTrue(last.string("type").endsWith("/too-many-attempts"), last.toString());
        assertTrue(Long.parseLong(last.header("Retry-After")) >= 1, last.toString());
        Reply right = confirm(access, code(secret, step()));
        assertEquals(429, right.status(), "the right code waits too: " + right);
        Reply password = api.passwordGrant(name, dev.rotor.it.support.Api.PASSWORD, dev.rotor.it.support.Api.CLIENT);
        assertEquals(429, password.status(), "the account's password sign-in shares the count: " + password);
    }

    @Test
    void theAccountPageEnrolsAnAuthenticatorAppAndShowsTheRecoveryCodes() {
        String name = api.newUser("page");
        String root = "http://localhost:" + base.getPort() + "/";
        var page = new AccountPage(browsers.open(), root).signIn(name, "Phone test");
        var driver = page.driver();
        page.until("the second factor status", d -> d.findElement(By.id("totp-status")).getText().contains("Not set up"));
        driver.findElement(By.id("totp-enrol")).click();

        WebElement shown = page.until("the secret", d -> d.findElement(By.cssSelector("#totp-enrolment .totp-secret")));
        String secret = shown.getText().replace(" ", "");
        assertEquals(secret, shown.getAttribute("data-secret"));
        WebElement qr = driver.findElement(By.cssSelector("#totp-enrolment img.totp-qr"));
        assertTrue(qr.getAttribute("src").startsWith("data:image/svg+xml;base64,"));
        page.until("the QR code drawn", d -> ((Number) ((org.openqa.selenium.JavascriptExecutor) d)
                .executeScript("return arguments[0].naturalWidth", qr)).intValue() > 0 ? Boolean.TRUE : null);
        WebElement input = driver.findElement(By.cssSelector("#totp-enrolment input.totp-code"));
        assertEquals("one-time-code", input.getAttribute("autocomplete"));
        assertEquals("numeric", input.getAttribute("inputmode"));
        assertFalse(driver.findElements(By.cssSelector("label[for='" + input.getAttribute("id") + "']")).isEmpty(), "labelled");

        input.sendKeys(wrongCode(secret));
        driver.findElement(By.cssSelector("#totp-enrolment .totp-confirm")).click();
        page.until("the wrong code explained", d -> !d.findElement(By.cssSelector("#totp-enrolment .field-error")).getText().isEmpty());

        input.clear();
        input.sendKeys(code(secret, step()));
        driver.findElement(By.cssSelector("#totp-enrolment .totp-confirm")).click();
        List<WebElement> codes = page.until("ten recovery codes", d -> {
            List<WebElement> items = d.findElements(By.cssSelector("#recovery-codes-shown .code-list li"));
            return items.size() == 10 ? items : null;
        });
        Set<String> typed = codes.stream().map(WebElement::getText).collect(Collectors.toSet());
        assertEquals(10, typed.size());
        assertTrue(page.message().contains("authenticator app is set up"), page.message());
        page.until("the status updated", d -> d.findElement(By.id("totp-status")).getText().startsWith("Set up"));
        page.until("ten codes counted", d -> d.findElement(By.id("recovery-status")).getText().startsWith("10 unused"));

        String accountId = Db.query("SELECT id FROM account WHERE username = ?", name).get(0).get("id").toString();
        assertEquals(1, Db.query("SELECT 1 FROM totp_authenticator WHERE account_id = ? AND confirmed_at IS NOT NULL", accountId).size());
        assertRecoveryCodesStored(accountId, List.copyOf(typed));
    }

    // --- helpers -----------------------------------------------------------------------------

    Reply confirm(String access, String code) {
        return api.send(api.request("/auth/factors/totp/confirm", access).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"" + code + "\"}")).build());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    static void assertSealed(String secret, String sealed) {
        assertNotNull(sealed);
        assertFalse(sealed.toUpperCase(Locale.ROOT).contains(secret), "the secret is not stored in the clear");
        assertFalse(sealed.contains(Base64.getEncoder().withoutPadding().encodeToString(base32(secret))), "nor as base64");
    }

    /** The account's unused codes are exactly {@code codes}, stored as SHA-256 only. */
    static void assertRecoveryCodesStored(String accountId, List<String> codes) {
        List<Map<String, Object>> rows = Db.query("SELECT code_hash FROM recovery_code WHERE account_id = ? AND used_at IS NULL", accountId);
        assertEquals(10, rows.size());
        Set<String> hashes = rows.stream().map(r -> (String) r.get("code_hash")).collect(Collectors.toSet());
        Set<String> expected = codes.stream().map(c -> sha256(c.replace("-", "").toLowerCase(Locale.ROOT))).collect(Collectors.toSet());
        assertEquals(expected, hashes);
        assertTrue(codes.stream().noneMatch(hashes::contains));
    }

    /** One audit row of {@code type} for the account, naming neither a code nor the secret. */
    static void assertAudited(String accountId, String type, String code, String secret) {
        List<Map<String, Object>> rows = Db.query("SELECT detail FROM audit_event WHERE account_id = ? AND type = ?", accountId, type);
        assertFalse(rows.isEmpty(), type + " audited");
        for (Map<String, Object> row : rows) {
            String detail = String.valueOf(row.get("detail"));
            assertFalse(detail.contains(secret), detail);
            if (code != null) {
                assertFalse(detail.contains(code), detail);
            }
        }
    }

    // --- RFC 6238 (SHA-1, 6 digits, 30 s), written here apart from Rotor's -------------------

    static long step() {
        return System.currentTimeMillis() / 1000 / 30;
    }

    static String code(String base32Secret, long step) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(base32(base32Secret), "HmacSHA1"));
            byte[] h = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
            int o = h[19] & 0xf;
            int value = ((h[o] & 0x7f) << 24 | (h[o + 1] & 0xff) << 16 | (h[o + 2] & 0xff) << 8 | (h[o + 3] & 0xff)) % 1_000_000;
            return String.format("%06d", value);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A well-formed code that is no code of the steps around now. */
    static String wrongCode(String secret) {
        long now = step();
        Set<String> valid = Set.of(code(secret, now - 2), code(secret, now - 1), code(secret, now), code(secret, now + 1), code(secret, now + 2));
        for (int n = 0; ; n++) {
            String candidate = String.format("%06d", n);
            if (!valid.contains(candidate)) {
                return candidate;
            }
        }
    }

    static byte[] base32(String text) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var out = new ByteArrayOutputStream();
        int buffer = 0;
        int bits = 0;
        for (char c : text.toCharArray()) {
            buffer = (buffer << 5) | alphabet.indexOf(c);
            bits += 5;
            if (bits >= 8) {
                out.write((buffer >> (bits - 8)) & 0xff);
                bits -= 8;
            }
        }
        return out.toByteArray();
    }

    static String sha256(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
