package dev.rotor.it.support;

import java.util.Locale;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/** What the account page and the admin console share for tests: the message region, visibility, typing, waiting. */
public abstract class BrowserPage {

    protected final WebDriver driver;

    public BrowserPage(WebDriver driver) {
        this.driver = driver;
    }

    public WebDriver driver() {
        return driver;
    }

    /** The #message region's text, lower case ("" while hidden). */
    public String message() {
        WebElement region = driver.findElement(By.id("message"));
        return region.isDisplayed() ? region.getText().toLowerCase(Locale.ROOT) : "";
    }

    public boolean shown(String id) {
        return driver.findElement(By.id(id)).isDisplayed();
    }

    public void type(String id, String text) {
        WebElement input = driver.findElement(By.id(id));
        input.clear();
        input.sendKeys(text);
    }

    public <T> T until(String what, Function<WebDriver, T> condition) {
        return Browsers.until(driver, what, condition);
    }
}
