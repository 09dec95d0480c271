package dev.rotor.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rotor.it.support.AccountPage;
import dev.rotor.it.support.Api;
import dev.rotor.it.support.Browsers;
import dev.rotor.it.support.CookieClient;
import dev.rotor.it.support.Db;
import dev.rotor.it.support.Reply;
import dev.rotor.it.support.RotorProcess;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;

/**
 * Rotor with {@code rotor.cookies.secure=false} (plain-HTTP development on another host): the
 * cookies lose their {@code __Host-}/{@code __Secure-} names, so the pages must send the CSRF
 * token from the cookie the server names ({@code rotor-csrf}), or every CSRF-protected action
 * from a page is refused. One instance of its own (H2) in headless Chromium.
 */
class PlainHttpCookiesIT {

    private static RotorProcess rotor;

    @RegisterExtension
    final Browsers browsers = new Browsers();

    @BeforeAll
    static void start() {
        rotor = RotorProcess.onH2("plain-http-cookies").jvmOption("-Drotor.cookies.secure=false");
        rotor.start().awaitReady();
    }

    @AfterAll
    static void stop() {
        if (rotor != null) {
            rotor.stop();
        }
    }

    @Test
    void theSignInAnswerNamesTheCookieWithoutItsPrefix() {
        Api api = rotor.api();
        var browser = new CookieClient(api);
        Reply login = browser.login(api.newUser("plain"), Api.PASSWORD);
        assertEquals(200, login.status(), login.toString());
        assertEquals("rotor-csrf", login.string("csrfCookie"));
        assertEquals(Set.of("rotor-at", "rotor-rt", "rotor-csrf"), CookieClient.setCookies(login).keySet());
    }

    @Test
    void theAccountPageSignsOutWithTheUnprefixedCsrfCookie() {
        String name = rotor.api().newUser("plainpage");
        var page = new AccountPage(browsers.open(), rotor.url() + "/").signIn(name, "Plain browser");
        String sessionId = page.thisDeviceSessionId();
        assertTrue(page.documentCookie().contains("rotor-csrf="), page.documentCookie());
        assertFalse(page.documentCookie().contains("__Host-"), page.documentCookie());

        page.driver().findElement(By.id("logout")).click();

        page.waitSignedOut();
        assertEquals("LOGOUT", String.valueOf(Db.queryAt(rotor.h2Url(), "SELECT status FROM session_family WHERE id = ?", sessionId)
                .get(0).get("status")), "the sign-out reached the server and ended the session");
        assertEquals("rotor-csrf", ((JavascriptExecutor) page.driver()).executeScript("return localStorage.getItem('rotor.csrfCookie')"),
                "the page keeps the name the server gave");
    }
}
