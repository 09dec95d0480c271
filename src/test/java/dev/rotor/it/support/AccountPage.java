package dev.rotor.it.support;

import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/** /account/ as a user sees it in one browser tab: the steps the tests repeat, with explicit waits. */
public final class AccountPage extends BrowserPage {

    public static final By SESSION_ROWS = By.cssSelector("#sessions tr[data-session-id]");

    private final String url;

    public AccountPage(WebDriver driver, String root) {
        super(driver);
        this.url = root + "account/";
    }

    /** Loads the page (in the current tab) and waits until it knows whether someone is signed in. */
    public AccountPage open() {
        driver.get(url);
        until("the page to show signed in or signed out", d -> shown("signed-in") || shown("signed-out"));
        return this;
    }

    /** Signs in through the form and waits for the signed-in view with its session list. */
    public AccountPage signIn(String username, String deviceName) {
        open();
        until("the sign-in form", d -> shown("signed-out"));
        type("username", username);
        type("password", Api.PASSWORD);
        type("device-name", deviceName);
        driver.findElement(By.id("login-submit")).click();
        return waitSignedIn(username);
    }

    public AccountPage waitSignedIn(String username) {
        until("signed in as " + username, d -> shown("signed-in") && username.equals(d.findElement(By.id("whoami")).getText()));
        until("the session list with this device", d -> !d.findElements(By.cssSelector("#sessions tr.current .this-device")).isEmpty());
        return this;
    }

    /** The id of the session this browser uses, from the row marked "This device". */
    public String thisDeviceSessionId() {
        return thisDeviceRow().getAttribute("data-session-id");
    }

    public WebElement thisDeviceRow() {
        return until("the row marked This device", d -> d.findElement(By.xpath("//tbody[@id='sessions']/tr[@data-session-id][.//*[contains(@class,'this-device')]]")));
    }

    public List<WebElement> sessionRows() {
        return driver.findElements(SESSION_ROWS);
    }

    public WebElement sessionRow(String sessionId) {
        return until("the row of session " + sessionId, d -> d.findElement(By.cssSelector("#sessions tr[data-session-id='" + sessionId + "']")));
    }

    /** Clicks "Reload list" (a GET to the server) and waits until the list shows the given session. */
    public void reloadSessionsUntilShown(String sessionId) {
        driver.findElement(By.id("reload-sessions")).click();
        until("the reloaded list to show session " + sessionId, d -> !d.findElements(By.cssSelector("#sessions tr[data-session-id='" + sessionId + "']")).isEmpty()
                && d.findElement(By.id("sessions")).getAttribute("aria-busy") == null);
    }

    /**
     * Makes the page call the server now: "Reload list" while it still shows the signed-in view
     * (the page's own refresh timer may have found out first, in which case there is nothing to click).
     */
    public void callTheServer() {
        ((JavascriptExecutor) driver).executeScript(
                "const b = document.getElementById('reload-sessions'); if (b && b.offsetParent) b.click();");
    }

    public void waitSignedOut() {
        until("the sign-in form and a message saying signed out", d -> shown("signed-out") && !shown("signed-in") && message().contains("signed out"));
    }

    public String documentCookie() {
        return (String) ((JavascriptExecutor) driver).executeScript("return document.cookie");
    }
}
