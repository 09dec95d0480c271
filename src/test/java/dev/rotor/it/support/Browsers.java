package dev.rotor.it.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium browsers from Debian's packages (never downloaded: the driver and the browser
 * are given explicitly, so Selenium Manager has nothing to do), each with a fresh profile under
 * {@code target/browser-profiles}. As a JUnit extension it keeps a screenshot of every window of
 * every open browser when a test fails ({@code target/screenshots/<test>-<n>.png}), then quits
 * them all after each test.
 */
public final class Browsers implements AfterTestExecutionCallback, AfterEachCallback {

    public static final Duration PATIENCE = Duration.ofSeconds(20);
    public static final Path TARGET = Path.of(System.getProperty("rotor.it.basedir", "."), "target");
    public static final Path SCREENSHOTS = TARGET.resolve("screenshots");

    private final List<WebDriver> drivers = new ArrayList<>();
    private final List<Path> profiles = new ArrayList<>();

    /** A new browser with an empty profile; quit after the test. */
    public WebDriver open() {
        Path profile = TARGET.resolve("browser-profiles").resolve(UUID.randomUUID().toString());
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--disable-quic", "--window-size=1280,900", "--user-data-dir=" + profile.toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver"))
                .usingAnyFreePort()
                .withSilent(true)
                .build();
        profiles.add(profile);
        WebDriver driver = new ChromeDriver(service, options);
        drivers.add(driver);
        return driver;
    }

    public static WebDriverWait waitFor(WebDriver driver) {
        return new WebDriverWait(driver, PATIENCE, Duration.ofMillis(100));
    }

    /** Waits (up to {@link #PATIENCE}) for a condition; a timeout names it and what #message said. */
    public static <T> T until(WebDriver driver, String what, Function<WebDriver, T> condition) {
        WebDriverWait wait = waitFor(driver);
        wait.withMessage(() -> what + " (the page's message: \"" + pageMessage(driver) + "\")");
        return wait.until(condition);
    }

    private static String pageMessage(WebDriver driver) {
        try {
            return driver.findElement(By.id("message")).getAttribute("textContent").strip();
        } catch (RuntimeException e) {
            return "";
        }
    }

    /** Saves what the driver's current window shows. */
    public static void screenshot(WebDriver driver, Path file) {
        try {
            Files.createDirectories(file.getParent());
            File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
            Files.move(shot.toPath(), file, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void afterTestExecution(ExtensionContext context) {
        if (context.getExecutionException().isEmpty()) {
            return;
        }
        String test = context.getRequiredTestMethod().getName();
        int n = 0;
        for (WebDriver driver : drivers) {
            try {
                for (String window : driver.getWindowHandles()) {
                    driver.switchTo().window(window);
                    screenshot(driver, SCREENSHOTS.resolve(test + "-" + ++n + ".png"));
                }
            } catch (RuntimeException e) {
                System.err.println("No screenshot of a browser: " + e);
            }
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        quitAll();
    }

    public void quitAll() {
        for (WebDriver driver : drivers) {
            try {
                driver.quit();
            } catch (RuntimeException e) {
                System.err.println("Could not quit a browser: " + e);
            }
        }
        drivers.clear();
        profiles.forEach(Browsers::delete);
        profiles.clear();
    }

    private static void delete(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            System.err.println("Could not delete " + directory + ": " + e);
        }
    }

    /**
     * Gives {@code driver} Chromium's WebDriver virtual authenticator: a platform authenticator
     * (CTAP2, internal) that keeps discoverable passkeys and verifies the user, answering at once.
     */
    public static WebDriver withPasskeyAuthenticator(WebDriver driver) {
        ((org.openqa.selenium.virtualauthenticator.HasVirtualAuthenticator) driver).addVirtualAuthenticator(
                new org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions()
                        .setProtocol(org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions.Protocol.CTAP2)
                        .setTransport(org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions.Transport.INTERNAL)
                        .setHasResidentKey(true)
                        .setHasUserVerification(true)
                        .setIsUserVerified(true)
                        .setIsUserConsenting(true));
        driver.manage().timeouts().scriptTimeout(PATIENCE);
        return driver;
    }
}
