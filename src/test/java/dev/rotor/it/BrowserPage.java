package dev.rotor.it;

import java.util.Locale;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/** What the account page and the admin console share for tests: the message region, visibility, typing, waiting. */
abstract class BrowserPage {

    protected final WebDriver driver;

    BrowserPage(WebDriver driver) {
        this.driver = driver;
    }

    WebDriver driver() {
        return driver;
    }

    /** The #message region's text, lower case ("" while hidden). */
    String message() {
        WebElement region = driver.findElement(By.id("message"));
        return region.isDisplayed() ? region.getText().toLowerCase(Locale.ROOT) : "";
    }

    boolean shown(String id) {
        return driver.findElement(By.id(id)).isDisplayed();
    }

    protected void type(String id, String text) {
        WebElement input = driver.findElement(By.id(id));
        input.clear();
        input.sendKeys(text);
    }

    <T> T until(String what, Function<WebDriver, T> condition) {
        return Browsers.until(driver, what, condition);
    }
}
