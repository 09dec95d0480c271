package dev.rotor.it.support;

import java.util.List;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** /admin/ as an administrator uses it: sign in, find a user, open them, act, read the audit log. */
public final class AdminConsole extends BrowserPage {

    public static final String ADMIN = "admin";
    public static final String ADMIN_PASSWORD = "admin-it-password";
    public static final By USER_SESSION_ROWS = By.cssSelector("#user-sessions tr[data-session-id]");

    private final String url;

    public AdminConsole(WebDriver driver, String root) {
        super(driver);
        this.url = root + "admin/";
    }

    /** Opens the console and signs in through its form; waits until the page has decided what to show. */
    public AdminConsole signIn(String username, String password) {
        driver.get(url);
        until("the sign-in form", d -> shown("signed-out"));
        type("username", username);
        type("password", password);
        driver.findElement(By.id("login-submit")).click();
        until("signed in as " + username, d -> shown("signed-in") && username.equals(d.findElement(By.id("whoami")).getText()));
        return this;
    }

    public AdminConsole signInAsAdmin() {
        signIn(ADMIN, ADMIN_PASSWORD);
        until("the console with users and audit loaded", d -> shown("console") && loaded("users") && loaded("audit-rows"));
        return this;
    }

    /** Searches by username prefix and returns the result row of exactly that user. */
    public WebElement search(String username) {
        type("user-query", username);
        driver.findElement(By.cssSelector("#user-search button[type=submit]")).click();
        // The click marked the list busy (synchronously); the rows shown once it is not are the answer.
        return until("search result " + username, d -> loaded("users") ? d.findElement(By.xpath("//tbody[@id='users']/tr[@data-user-id]"
                + "[.//button[contains(@class,'open-user') and normalize-space()='" + username + "']]")) : null);
    }

    /** Finds the user, opens the detail view and waits for it to show them with their sessions loaded. */
    public void openUser(String username) {
        search(username).findElement(By.cssSelector("button.open-user")).click();
        until("the detail view of " + username, d -> shown("user-detail") && username.equals(d.findElement(By.id("user-detail-name")).getText())
                && d.findElement(By.id("user-sessions")).getAttribute("aria-busy") == null
                && !d.findElements(By.cssSelector("#user-sessions tr")).isEmpty());
    }

    public List<WebElement> userSessions() {
        return driver.findElements(USER_SESSION_ROWS);
    }

    /** Clicks "Log out everywhere" for the open user, accepts the confirmation and returns its text. */
    public String logOutUserEverywhere() {
        driver.findElement(By.id("user-logout-all")).click();
        Alert confirm = until("the confirmation dialog", ExpectedConditions.alertIsPresent());
        String text = confirm.getText();
        confirm.accept();
        return text;
    }

    /** Narrows the audit log to the open user and shows it. */
    public void showAuditOfOpenUser() {
        WebElement mine = until("the \"this user\" audit filter", ExpectedConditions.elementToBeClickable(By.id("audit-scope-user")));
        mine.click();
        driver.findElement(By.cssSelector("#audit-filter button[type=submit]")).click();
        until("the filtered audit log", d -> loaded("audit-rows"));
    }

    /** A table body that has rows and is not being (re)loaded. */
    private boolean loaded(String tbodyId) {
        WebElement body = driver.findElement(By.id(tbodyId));
        return body.getAttribute("aria-busy") == null && !body.findElements(By.tagName("tr")).isEmpty();
    }
}
