package dev.rotor.it;

import static dev.rotor.it.support.CookieClient.ACCESS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.rotor.it.support.AccountPage;
import dev.rotor.it.support.Api;
import dev.rotor.it.support.Browsers;
import dev.rotor.it.support.CookieClient;
import dev.rotor.it.support.Db;
import dev.rotor.it.support.FromAddress;
import dev.rotor.it.support.Deployments;
import dev.rotor.it.support.OneTimeCodes;
import dev.rotor.it.support.Reply;
import dev.rotor.it.support.TestClients;
import dev.rotor.platform.RandomSecrets;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The second factor end to end, on a deployment with the default policy (administrators must have
 * one): the sign-in's second step bound to the first by a single-use challenge, the session's amr in
 * the database and in every access token through refreshes, bad and throttled codes, recovery codes,
 * the password grant refused, an admin made to enrol before any admin token, reserved roles left out
 * of a password-only session's tokens, and an admin removing a user's factors.
 */
class SecondFactorIT extends RotorIT {

    static final String PROBLEMS = "https://rotor.dev/problems/";

    @RegisterExtension
    final Browsers browsers = new Browsers();

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.rotor("rotor.mfa.required-roles=admin");
    }

    @Test
    void aRightPasswordAsksForTheAppsCodeAndTheSessionCarriesItsAmrThroughRefreshes() throws Exception {
        String user = api.newUser("mfa");
        App app = enrolApp(api.login(user).access());
        String account = accountId(user);
        var browser = new CookieClient(api);
        long before = activeSessions(account); // the session that enrolled the app

        Reply first = browser.login(user, Api.PASSWORD);
        assertEquals(401, first.status(), first.toString());
        assertEquals(PROBLEMS + "second-factor-required", first.string("type"));
        assertEquals(List.of("totp", "recovery-code"), first.json().get("methods"));
        assertEquals(before, activeSessions(account), "no session before the second step");
        String challenge = first.string("challenge");

        Reply signedIn = secondFactor(browser, challenge, "totp", app.next());
        assertEquals(200, signedIn.status(), signedIn.toString());
        assertEquals(List.of("pwd", "otp", "mfa"), signedIn.json().get("amr"));
        String sessionId = signedIn.string("sessionId");
        assertEquals("pwd otp mfa", Db.query("SELECT amr FROM session_family WHERE id = ?", sessionId).get(0).get("amr"));
        JWTClaimsSet access = claims(browser.cookie(ACCESS));
        assertEquals(List.of("pwd", "otp", "mfa"), access.getStringListClaim("amr"));
        Object authTime = access.getClaim("auth_time");
        assertNotNull(authTime);

        assertEquals(200, browser.post("/auth/refresh").status());
        JWTClaimsSet refreshed = claims(browser.cookie(ACCESS));
        assertTrue(refreshed.getIssueTime().after(access.getIssueTime()) || !refreshed.getJWTID().equals(access.getJWTID()));
        assertEquals(List.of("pwd", "otp", "mfa"), refreshed.getStringListClaim("amr"), "carried through the refresh");
        assertEquals(authTime, refreshed.getClaim("auth_time"));
        assertEquals(1L, Db.sessionGeneration(sessionId));

        Reply replayed = secondFactor(new CookieClient(api), challenge, "totp", "000000"); // refused before any code is looked at
        assertEquals(401, replayed.status());
        assertEquals(PROBLEMS + "sign-in-step-expired", replayed.string("type"), "a step is single use");
        assertEquals(before + 1, activeSessions(account));
    }

    @Test
    void malformedCodesAre400WrongOnesCountAndAreThrottled() throws Exception {
        String user = api.newUser("mfa-bad");
        enrolApp(api.login(user).access());
        var browser = new CookieClient(api);
        String challenge = browser.login(user, Api.PASSWORD).string("challenge");

        for (String malformed : List.of("12345", "1234567", "12a456", "")) {
            Reply reply = secondFactor(browser, challenge, "totp", malformed);
            assertTrue(reply.status() == 400, malformed + " -> " + reply);
        }
        assertEquals(400, postJson(browser, "/auth/login/second-factor", "{\"challenge\":\"" + challenge + "\",\"method\":\"sms\"}").status());

        Reply last = null;
        for (int attempt = 0; attempt < 12; attempt++) {
            last = secondFactor(browser, challenge, "totp", "000000");
            if (last.status() == 429) {
                break;
            }
            assertEquals(401, last.status(), last.toString());
            if (PROBLEMS.concat("sign-in-step-expired").equals(last.string("type"))) {
                challenge = browser.login(user, Api.PASSWORD).string("challenge");
                if (challenge == null) {
                    break;
                }
            }
        }
        assertEquals(429, last.status(), "wrong codes are throttled like wrong passwords: " + last);
        assertNotNull(last.header("Retry-After"));
        assertTrue(Db.query("SELECT COUNT(*) AS n FROM audit_event a JOIN account u ON u.id = a.account_id "
                + "WHERE u.username = ? AND a.type = 'SECOND_FACTOR_FAILED'", user).get(0).get("n").toString().compareTo("0") > 0);
    }

    @Test
    void thePasswordGrantRefusesAnAccountWithASecondFactor() throws Exception {
        String user = api.newUser("mfa-grant");
        enrolApp(api.login(user).access());

        Reply refused = api.passwordGrant(user, Api.PASSWORD, Api.CLIENT);
        assertEquals(400, refused.status());
        assertEquals("invalid_grant", refused.string("error"));
        assertTrue(refused.string("error_description").contains("authorization code flow"), refused.toString());
    }

    @Test
    void aRecoveryCodeSignsInOnceAndTellsHowManyAreLeft() throws Exception {
        String user = api.newUser("mfa-recovery");
        App app = enrolApp(api.login(user).access());
        String code = app.recoveryCodes.get(0);

        var browser = new CookieClient(api);
        Reply used = secondFactor(browser, browser.login(user, Api.PASSWORD).string("challenge"), "recovery-code", code);
        assertEquals(200, used.status(), used.toString());
        assertEquals(9L, ((Number) used.json().get("recoveryCodesLeft")).longValue());
        assertEquals(List.of("pwd", "otp", "mfa"), used.json().get("amr"));

        var again = new CookieClient(api);
        Reply reused = secondFactor(again, again.login(user, Api.PASSWORD).string("challenge"), "recovery-code", code);
        assertEquals(401, reused.status());
        assertEquals(PROBLEMS + "wrong-second-factor", reused.string("type"));
    }

    @Test
    void anAdminWithoutAFactorEnrolsOneAtSignInBeforeAnyAdminTokenAndThenRemovesAUsersFactors() throws Exception {
        String admin = api.newUser("mfa-admin");
        Db.update("UPDATE account SET roles = 'admin,user' WHERE username = ?", admin);

        Reply grant = api.passwordGrant(admin, Api.PASSWORD, Api.CLIENT);
        assertEquals(400, grant.status(), "no admin token without a second factor: " + grant);

        var browser = new CookieClient(api);
        Reply asked = browser.login(admin, Api.PASSWORD);
        assertEquals(401, asked.status());
        assertEquals(PROBLEMS + "second-factor-enrolment-required", asked.string("type"));
        assertEquals(null, browser.cookie(ACCESS), "no token before enrolment");
        String challenge = asked.string("challenge");

        Reply enrolment = postJson(browser, "/auth/login/enrol/totp", "{\"challenge\":\"" + challenge + "\"}");
        assertEquals(200, enrolment.status(), enrolment.toString());
        assertTrue(enrolment.string("qrCode").startsWith("data:image/"), "a QR code to scan");
        App app = new App(enrolment.string("secret"));
        assertEquals(401, secondFactor(browser, challenge, "totp", "000000").status());

        Reply signedIn = secondFactor(browser, challenge, "totp", app.next());
        assertEquals(200, signedIn.status(), signedIn.toString());
        assertEquals(10, ((List<?>) signedIn.json().get("recoveryCodes")).size(), "recovery codes shown once at enrolment");
        JWTClaimsSet access = claims(browser.cookie(ACCESS));
        assertTrue(access.getStringListClaim("groups").contains("admin"));
        assertEquals(List.of("pwd", "otp", "mfa"), access.getStringListClaim("amr"));
        assertEquals(200, browser.get("/admin/api/users?q=" + admin).status());

        // An admin's session that signed in with a password alone (one from before the policy) gets no admin role.
        String sessionId = signedIn.string("sessionId");
        Db.update("UPDATE session_family SET amr = 'pwd' WHERE id = ?", sessionId);
        assertEquals(200, browser.post("/auth/refresh").status());
        assertTrue(!claims(browser.cookie(ACCESS)).getStringListClaim("groups").contains("admin"), "the reserved role is left out");
        assertEquals(403, browser.get("/admin/api/users?q=" + admin).status());
        Db.update("UPDATE session_family SET amr = 'pwd otp mfa' WHERE id = ?", sessionId);
        assertEquals(200, browser.post("/auth/refresh").status());

        // The admin removes a user's factors: every session of the user ends, nothing of the factors stays.
        String user = api.newUser("mfa-lost");
        App lost = enrolApp(api.login(user).access());
        String account = accountId(user);
        var userBrowser = new CookieClient(api);
        Reply userSignedIn = secondFactor(userBrowser, userBrowser.login(user, Api.PASSWORD).string("challenge"), "totp", lost.next());
        assertEquals(200, userSignedIn.status());
        Map<String, Object> detail = browser.get("/admin/api/users/" + account).json();
        assertEquals(List.of("totp", "recovery-code"), detail.get("secondFactors"));

        Reply removed = browser.delete("/admin/api/users/" + account + "/factors");
        assertEquals(200, removed.status(), removed.toString());
        assertEquals("FACTOR_CHANGED", Db.sessionStatus(userSignedIn.string("sessionId")));
        assertEquals(0L, count("SELECT COUNT(*) AS n FROM totp_authenticator WHERE account_id = ?", account));
        assertEquals(0L, count("SELECT COUNT(*) AS n FROM recovery_code WHERE account_id = ?", account));
        assertEquals(1L, count("SELECT COUNT(*) AS n FROM audit_event WHERE type = 'ADMIN_REMOVED_FACTORS' AND account_id = ?", account));
        assertEquals(200, new CookieClient(api).login(user, Api.PASSWORD).status(), "the password alone again");
    }

    @Test
    void theSignInFormAsksForTheAppsCodeAfterThePassword() throws Exception {
        String user = api.newUser("mfa-page");
        App app = enrolApp(api.login(user).access());
        var page = new AccountPage(browsers.open(), root()).open();
        page.until("the sign-in form", d -> page.shown("signed-out"));
        page.type("username", user);
        page.type("password", Api.PASSWORD);
        page.driver().findElement(By.id("login-submit")).click();

        page.until("the second step", d -> d.findElement(By.id("second-step-code")).isDisplayed());
        assertEquals("one-time-code", page.driver().findElement(By.id("second-step-code")).getAttribute("autocomplete"));
        page.type("second-step-code", "000000");
        page.driver().findElement(By.id("second-step-submit")).click();
        page.until("the wrong code explained", d -> page.message().contains("did not work"));

        page.driver().findElement(By.id("second-step-code")).clear();
        page.type("second-step-code", app.next());
        page.driver().findElement(By.id("second-step-submit")).click();
        page.waitSignedIn(user);
        assertEquals("pwd otp mfa", Db.query("SELECT amr FROM session_family WHERE id = ?", page.thisDeviceSessionId()).get(0).get("amr"));
    }

    @Test
    void theAdminConsoleMakesAnAdminWithoutAFactorEnrolBeforeItOpens() throws Exception {
        String admin = api.newUser("mfa-console");
        Db.update("UPDATE account SET roles = 'admin,user' WHERE username = ?", admin);
        var driver = browsers.open();
        driver.get(root() + "admin/");
        var console = new AccountPage(driver, root());
        console.until("the sign-in form", d -> console.shown("signed-out"));
        console.type("username", admin);
        console.type("password", Api.PASSWORD);
        driver.findElement(By.id("login-submit")).click();

        console.until("the enrolment", d -> d.findElement(By.id("enrol-totp")).isDisplayed());
        driver.findElement(By.id("enrol-totp")).click();
        WebElement secret = console.until("the secret", d -> d.findElement(By.cssSelector("#enrol-area .totp-secret")));
        App app = new App(secret.getAttribute("data-secret"));
        driver.findElement(By.cssSelector("#enrol-area input.totp-code")).sendKeys(app.next());
        driver.findElement(By.cssSelector("#enrol-area .totp-confirm")).click();

        console.until("ten recovery codes", d -> d.findElements(By.cssSelector("#enrol-area li")).size() >= 10);
        driver.findElement(By.id("enrol-continue")).click();
        console.until("the console as " + admin, d -> console.shown("console") && admin.equals(d.findElement(By.id("whoami")).getText()));
        String account = accountId(admin);
        assertEquals(1L, count("SELECT COUNT(*) AS n FROM totp_authenticator WHERE account_id = ?", account));
        assertEquals(1L, count("SELECT COUNT(*) AS n FROM session_family WHERE account_id = ? AND status = 'ACTIVE' AND amr = 'pwd otp mfa'", account));
    }

    @Test
    void aPasskeyAnswersTheSecondStepSignsInAloneAndARemovedOneNoLonger() {
        String user = api.newUser("mfa-passkey");
        String account = accountId(user);
        WebDriver driver = Browsers.withPasskeyAuthenticator(browsers.open());
        var page = new AccountPage(driver, root()).signIn(user, "Passkey laptop");
        page.type("passkey-name", "This laptop");
        driver.findElement(By.id("passkey-add")).click();
        page.until("the passkey listed", d -> !d.findElements(By.cssSelector("#passkey-list tr[data-passkey-id]")).isEmpty());

        // The password, then the passkey.
        signOut(driver, page);
        page.type("username", user);
        page.type("password", Api.PASSWORD);
        driver.findElement(By.id("login-submit")).click();
        page.until("the passkey offered", d -> d.findElement(By.id("second-step-passkey")).isDisplayed());
        driver.findElement(By.id("second-step-passkey")).click();
        page.waitSignedIn(user);
        assertEquals("pwd hwk user mfa", amrOf(page.thisDeviceSessionId()));

        // The passkey alone: no username, user verification by the authenticator.
        signOut(driver, page);
        driver.findElement(By.id("passkey-signin")).click();
        page.waitSignedIn(user);
        assertEquals("hwk user mfa", amrOf(page.thisDeviceSessionId()));
        var passkey = Db.query("SELECT signature_count, last_used_at FROM passkey WHERE account_id = ?", account).get(0);
        assertNotNull(passkey.get("last_used_at"), "a use is recorded");
        assertEquals(1L, count("SELECT COUNT(*) AS n FROM audit_event WHERE type = 'PASSKEY_SIGN_IN' AND account_id = ?", account));

        // Removed on the server (another device removed it): the authenticator still offers it, Rotor refuses it.
        Db.update("DELETE FROM passkey WHERE account_id = ?", account);
        signOut(driver, page);
        long sessions = activeSessions(account);
        driver.findElement(By.id("passkey-signin")).click();
        page.until("the refusal explained", d -> page.message().contains("passkey failed"));
        assertEquals(sessions, activeSessions(account), "no session for a removed passkey");
    }

    @Test
    void theSignInPageAppsSendUsersToAsksForTheSecondFactorAndTheIdTokenSaysSo() throws Exception {
        String user = api.newUser("mfa-app");
        App app = enrolApp(api.login(user).access());
        String callback = "http://127.0.0.1:9/cb";
        String client = TestClients.register("mfa-app", true, callback);
        String verifier = RandomSecrets.generate();
        String challenge = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        WebDriver driver = browsers.open();
        driver.get(root() + "oauth2/authorize?response_type=code&scope=openid&state=s1&nonce=n1&code_challenge_method=S256"
                + "&client_id=" + client + "&redirect_uri=" + URLEncoder.encode(callback, StandardCharsets.UTF_8) + "&code_challenge=" + challenge);
        var page = new AccountPage(driver, root());
        page.until("Rotor's sign-in page", d -> d.findElement(By.id("username")).isDisplayed());
        page.type("username", user);
        page.type("password", Api.PASSWORD);
        driver.findElement(By.id("login-submit")).click();
        page.until("the second step", d -> d.findElement(By.id("second-step-code")).isDisplayed());
        page.type("second-step-code", app.next());
        driver.findElement(By.id("second-step-submit")).click();

        String redirected = page.until("back at the app", d -> d.getCurrentUrl().startsWith(callback) ? d.getCurrentUrl() : null);
        String code = redirected.replaceAll(".*[?&]code=([^&]+).*", "$1");
        Reply tokens = api.postForm("/oauth2/token", Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", callback,
                "client_id", client, "code_verifier", verifier));
        assertEquals(200, tokens.status(), tokens.toString());
        JWTClaimsSet id = claims(tokens.string("id_token"));
        assertEquals(List.of("pwd", "otp", "mfa"), id.getStringListClaim("amr"));
        assertEquals("mfa", id.getStringClaim("acr"));
        assertEquals(List.of("pwd", "otp", "mfa"), claims(tokens.string("access_token")).getStringListClaim("amr"));
    }

    @Test
    void anAddressCannotFillTheTableWithPasskeySignInsItNeverFinishes() {
        FromAddress from = FromAddress.random(base);
        for (int i = 0; i < 20; i++) {
            Reply options = from.postJson("/auth/passkey/options", "{}");
            assertEquals(200, options.status(), options.toString());
            assertNotNull(options.string("challenge"));
        }
        Reply refused = from.postJson("/auth/passkey/options", "{}");
        assertEquals(429, refused.status(), refused.toString());
        assertNotNull(refused.header("Retry-After"));
        assertEquals(20L, count("SELECT COUNT(*) AS n FROM auth_challenge WHERE purpose = 'PASSKEY_SIGN_IN' AND client_ip = ?", from.address()));
        assertEquals(200, FromAddress.random(base).postJson("/auth/passkey/options", "{}").status(), "another address is not affected");
    }

    // --- helpers

    private static void signOut(WebDriver driver, AccountPage page) {
        driver.manage().deleteAllCookies();
        page.open();
        page.until("the sign-in form", d -> page.shown("signed-out"));
    }

    private static String amrOf(String sessionId) {
        return String.valueOf(Db.query("SELECT amr FROM session_family WHERE id = ?", sessionId).get(0).get("amr"));
    }

    private String root() {
        return "http://localhost:" + base.getPort() + "/";
    }

    /** An enrolled authenticator app: its secret, the recovery codes shown at enrolment, and the last step used. */
    static final class App {
        final String secret;
        List<String> recoveryCodes = List.of();
        long lastStep = -1;

        App(String secret) {
            this.secret = secret;
        }

        /** A code Rotor has not seen yet: the current step, or the next one (±1 is accepted) when the current one is used. */
        String next() throws InterruptedException {
            long step = OneTimeCodes.step(Instant.now());
            if (step <= lastStep) {
                step = lastStep + 1;
                while (step > OneTimeCodes.step(Instant.now()) + 1) {
                    Thread.sleep(500);
                }
            }
            lastStep = step;
            return OneTimeCodes.at(secret, step);
        }
    }

    private App enrolApp(String bearer) throws Exception {
        Reply begun = api.send(api.request("/auth/factors/totp", bearer).POST(HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(200, begun.status(), begun.toString());
        App app = new App(begun.string("secret"));
        Reply confirmed = api.send(api.request("/auth/factors/totp/confirm", bearer).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"" + app.next() + "\"}")).build());
        assertEquals(200, confirmed.status(), confirmed.toString());
        app.recoveryCodes = ((List<?>) confirmed.json().get("recoveryCodes")).stream().map(Object::toString).toList();
        return app;
    }

    private static Reply secondFactor(CookieClient browser, String challenge, String method, String code) {
        return postJson(browser, "/auth/login/second-factor",
                "{\"challenge\":\"" + challenge + "\",\"method\":\"" + method + "\",\"code\":\"" + code + "\"}");
    }

    private static Reply postJson(CookieClient browser, String path, String json) {
        return browser.send(browser.builder(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private static JWTClaimsSet claims(String jwt) throws Exception {
        return SignedJWT.parse(jwt).getJWTClaimsSet();
    }

    private static String accountId(String username) {
        return Db.query("SELECT id FROM account WHERE username = ?", username).get(0).get("id").toString();
    }

    private static long activeSessions(String accountId) {
        return count("SELECT COUNT(*) AS n FROM session_family WHERE account_id = ? AND status = 'ACTIVE'", accountId);
    }

    private static long count(String sql, Object... params) {
        return ((Number) Db.query(sql, params).get(0).get("n")).longValue();
    }
}
