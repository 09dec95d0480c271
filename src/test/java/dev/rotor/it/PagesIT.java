package dev.rotor.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rotor.audit.entity.AuditType;
import dev.rotor.it.support.AccountPage;
import dev.rotor.it.support.AdminConsole;
import dev.rotor.it.support.Api;
import dev.rotor.it.support.Api.Tokens;
import dev.rotor.it.support.Browsers;
import dev.rotor.it.support.CookieClient;
import dev.rotor.it.support.Db;
import dev.rotor.it.support.Deployments;
import dev.rotor.it.support.Reply;
import java.util.Arrays;
import java.util.Locale;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;

/**
 * The account page and the admin console in a real (headless Chromium) browser, against a service
 * whose access tokens live {@value #ACCESS_SECONDS} seconds:
 * <ol>
 * <li>signing in lists the session under its device name, and no token is readable by scripts;</li>
 * <li>the page keeps working past the access lifetime (it refreshed; the session is still ACTIVE);</li>
 * <li>two tabs of one browser share the session through expiry without tripping reuse detection;</li>
 * <li>"Log out everywhere" in one tab signs the other tab out too;</li>
 * <li>an admin logs a user out everywhere from the console; the user's page then shows it, the admin stays in;</li>
 * <li>the audit view shows refresh-token reuse plainly;</li>
 * <li>a non-admin is told the console is not for them.</li>
 * </ol>
 * Browsers are fresh for every test; screenshots of all of them are kept when a test fails.
 */
class PagesIT extends RotorIT {

    static final int ACCESS_SECONDS = 6;
    /** About 2.5 access lifetimes: the only fixed wait, for the access token to expire in the browser. */
    static final long PAST_EXPIRY_MS = 15_000;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.rotor("rotor.access.ttl=PT" + ACCESS_SECONDS + "S", "rotor.refresh.grace=PT2S",
                "mp.jwt.verify.clock.skew=0");
    }

    @RegisterExtension
    final Browsers browsers = new Browsers();

    /** Where browsers go: localhost, the one plain-http host where Chromium keeps Secure cookies. */
    String root;

    @BeforeEach
    void browseLocalhost() {
        root = "http://localhost:" + base.getPort() + "/";
    }

    @Test
    void signInListsTheSessionAndKeepsTokensAwayFromScripts() {
        String name = api.newUser("ada");
        var page = new AccountPage(browsers.open(), root).signIn(name, "Ada's laptop");

        WebElement row = page.thisDeviceRow();
        assertEquals("Ada's laptop", row.findElement(By.cssSelector(".device")).getText());
        assertEquals(1, page.sessionRows().size());

        String cookies = page.documentCookie();
        assertFalse(cookies.contains(CookieClient.ACCESS), cookies);
        assertFalse(cookies.contains(CookieClient.REFRESH), cookies);
        assertTrue(Arrays.stream(cookies.split(";")).map(c -> c.substring(c.indexOf('=') + 1).strip())
                .noneMatch(value -> value.startsWith("eyJ")), "no JWT readable by scripts: " + cookies);
        assertTrue(cookies.contains(CookieClient.CSRF + "="), "the CSRF cookie is readable: " + cookies);
        Cookie access = page.driver().manage().getCookieNamed(CookieClient.ACCESS);
        assertTrue(access != null && access.isHttpOnly() && access.isSecure(), "the access cookie exists, HttpOnly: " + access);
    }

    @Test
    void pageKeepsWorkingPastTheAccessLifetime() throws InterruptedException {
        String name = api.newUser("pia");
        var page = new AccountPage(browsers.open(), root).signIn(name, "Pia's desktop");
        String sessionId = page.thisDeviceSessionId();
        long generationAtSignIn = generation(sessionId);
        Tokens phone = api.login(name);
        String phoneSession = api.me(phone.access()).string("sessionId");

        Thread.sleep(PAST_EXPIRY_MS);
        page.reloadSessionsUntilShown(phoneSession);
        page.sessionRow(phoneSession).findElement(By.cssSelector("button.end-session")).click();
        page.until("the phone session ended and gone from the list", d -> page.message().contains("ended the session")
                && d.findElements(By.cssSelector("#sessions tr[data-session-id='" + phoneSession + "']")).isEmpty());

        assertTrue(page.shown("signed-in"));
        assertEquals(sessionId, page.thisDeviceSessionId());
        assertTrue(generation(sessionId) > generationAtSignIn, "the page refreshed its session");
        assertEquals("ACTIVE", status(sessionId));
        assertNotEquals("ACTIVE", status(phoneSession), "the DELETE (with CSRF, after rotations) ended the phone session");
        assertEquals(401, api.me(phone.access()).status());
    }

    @Test
    void twoTabsShareOneSessionThroughExpiry() throws InterruptedException {
        String name = api.newUser("tia");
        WebDriver driver = browsers.open();
        var page = new AccountPage(driver, root).signIn(name, "Tia's browser");
        String sessionId = page.thisDeviceSessionId();
        long generationAtSignIn = generation(sessionId);
        String firstTab = driver.getWindowHandle();
        driver.switchTo().newWindow(WindowType.TAB);
        String secondTab = driver.getWindowHandle();
        page.open().waitSignedIn(name);

        Thread.sleep(PAST_EXPIRY_MS);
        page.reloadSessionsUntilShown(sessionId);
        page.open().waitSignedIn(name);
        assertEquals(sessionId, page.thisDeviceSessionId());
        driver.switchTo().window(firstTab);
        page.reloadSessionsUntilShown(sessionId);
        driver.navigate().refresh();
        page.waitSignedIn(name);
        assertEquals(sessionId, page.thisDeviceSessionId());
        driver.switchTo().window(secondTab);
        page.reloadSessionsUntilShown(sessionId);

        assertEquals("ACTIVE", status(sessionId), "the family was not revoked");
        assertTrue(generation(sessionId) > generationAtSignIn, "it rotated meanwhile");
        assertTrue(Db.query("SELECT id FROM audit_event WHERE type = 'REUSE_DETECTED' AND session_id = ?", sessionId).isEmpty(),
                "no reuse detected");
    }

    @Test
    void logOutEverywhereInOneTabSignsTheOtherTabOut() {
        String name = api.newUser("lou");
        WebDriver driver = browsers.open();
        var page = new AccountPage(driver, root).signIn(name, "Lou's browser");
        String sessionId = page.thisDeviceSessionId();
        String firstTab = driver.getWindowHandle();
        driver.switchTo().newWindow(WindowType.TAB);
        String secondTab = driver.getWindowHandle();
        page.open().waitSignedIn(name);

        driver.switchTo().window(firstTab);
        driver.findElement(By.id("logout-all")).click();
        page.waitSignedOut();
        assertEquals("LOGOUT_ALL", status(sessionId));

        driver.switchTo().window(secondTab);
        page.waitSignedOut();
        assertTrue(page.message().contains("another tab"), page.message());
        page.open();
        assertTrue(page.shown("signed-out") && !page.shown("signed-in"), "the server agrees: signed out after a reload");
    }

    @Test
    void adminLogsAUserOutEverywhereFromTheConsole() {
        String bob = api.newUser("bob");
        var bobsPage = new AccountPage(browsers.open(), root).signIn(bob, "Bob's laptop");
        Tokens bobsPhone = api.login(bob);

        var console = new AdminConsole(browsers.open(), root).signInAsAdmin();
        console.openUser(bob);
        assertEquals(2, console.userSessions().size(), "bob has two sessions");
        String confirm = console.logOutUserEverywhere();
        assertTrue(confirm.contains(bob), confirm);
        assertTrue(confirm.contains("2 active sessions"), confirm);
        console.until("the console to report 2 ended sessions and list none", d -> console.message().contains("ended 2 sessions")
                && !d.findElements(By.cssSelector("#user-sessions tr.row-empty")).isEmpty());
        assertTrue(console.userSessions().isEmpty());
        Browsers.screenshot(console.driver(), Browsers.SCREENSHOTS.resolve("admin-console.png"));

        bobsPage.callTheServer();
        bobsPage.waitSignedOut();
        assertEquals(401, api.me(bobsPhone.access()).status());

        WebElement row = console.search(bob);
        assertEquals("0", row.findElements(By.tagName("td")).get(2).getText(), "the list counts no sessions");
        assertTrue(console.shown("console") && console.shown("signed-in"), "the admin is still signed in");
        assertFalse(console.message().contains("signed out"), console.message());
    }

    @Test
    void auditViewShowsReuseDetectionPlainly() {
        String name = api.newUser("rex");
        Tokens first = api.login(name);
        Tokens second = Tokens.of(api.refresh(first.refresh()));
        Tokens third = Tokens.of(api.refresh(second.refresh()));
        assertEquals(200, api.me(third.access()).status());
        Reply replay = api.refresh(first.refresh());
        assertEquals("invalid_grant", replay.string("error"), replay.toString());

        WebDriver driver = browsers.open();
        var console = new AdminConsole(driver, root).signInAsAdmin();
        console.until("the audit type filter, filled from the server", d -> d.findElements(By.cssSelector("#audit-type option")).size() > 1);
        var offered = driver.findElements(By.cssSelector("#audit-type option")).stream()
                .map(option -> option.getAttribute("value")).filter(value -> !value.isEmpty()).toList();
        assertEquals(Arrays.stream(AuditType.values()).map(Enum::name).toList(), offered);
        console.openUser(name);
        console.showAuditOfOpenUser();
        WebElement reuse = console.until("a reuse row in the audit log", d -> d.findElement(By.cssSelector("#audit-rows tr.reuse")));
        assertEquals("REUSE_DETECTED", reuse.getAttribute("data-type"));
        WebElement label = reuse.findElement(By.cssSelector(".reuse-label"));
        assertTrue(label.isDisplayed());
        assertTrue(label.getText().toLowerCase(Locale.ROOT).contains("reuse detected"), label.getText());
        var rows = driver.findElements(By.cssSelector("#audit-rows tr[data-type]"));
        assertTrue(rows.size() > 1, "several events");
        assertTrue(rows.stream().allMatch(r -> name.equals(r.findElements(By.tagName("td")).get(2).getText())), "only rex's events");
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'})", reuse);
        Browsers.screenshot(driver, Browsers.SCREENSHOTS.resolve("admin-reuse.png"));
    }

    @Test
    void nonAdminIsToldTheConsoleIsNotForThem() {
        String name = api.newUser("nia");
        var console = new AdminConsole(browsers.open(), root).signIn(name, Api.PASSWORD);
        console.until("\"not allowed\" in the message", d -> console.message().contains("not allowed"));
        assertFalse(console.shown("console"));
    }

    @Test
    void theSignInFormReplacesATemporaryPasswordAndTheAccountPageChangesIt() {
        String name = api.newUser("tom");
        String id = Db.query("SELECT id FROM account WHERE username = ?", name).get(0).get("id").toString();
        String admin = Tokens.of(api.passwordGrant("admin", AdminApiIT.ADMIN_PASSWORD, Api.CLIENT)).access();
        String temporary = "temporary passphrase";
        Reply set = api.send(api.request("/admin/api/users/" + id + "/password", admin).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"temporaryPassword\":\"" + temporary + "\"}")).build());
        assertEquals(204, set.status(), set.toString());

        var page = new AccountPage(browsers.open(), root).open();
        page.until("the sign-in form", d -> page.shown("signed-out"));
        page.type("username", name);
        page.type("password", temporary);
        page.driver().findElement(By.id("login-submit")).click();
        page.until("the new password field", d -> !d.findElements(By.id("new-password")).isEmpty() && page.shown("new-password"));
        assertTrue(page.message().contains("temporary"), page.message());
        page.type("new-password", "my own passphrase");
        page.driver().findElement(By.id("login-submit")).click();
        page.waitSignedIn(name);
        assertEquals(400, api.passwordGrant(name, temporary, Api.CLIENT).status());

        Tokens phone = Tokens.of(api.passwordGrant(name, "my own passphrase", Api.CLIENT));
        page.type("current-password", "my own passphrase");
        page.type("changed-password", "a third passphrase");
        page.driver().findElement(By.id("password-submit")).click();
        page.until("the password changed", d -> page.message().contains("password changed"));
        assertTrue(page.shown("signed-in"), "this browser stays signed in");
        assertEquals(401, api.me(phone.access()).status(), "the other session ended");
        assertEquals(200, api.passwordGrant(name, "a third passphrase", Api.CLIENT).status());
    }

    private static long generation(String sessionId) {
        return ((Number) Db.query("SELECT generation FROM session_family WHERE id = ?", sessionId).get(0).get("generation"))
                .longValue();
    }

    private static String status(String sessionId) {
        return (String) Db.query("SELECT status FROM session_family WHERE id = ?", sessionId).get(0).get("status");
    }
}
