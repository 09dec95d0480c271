package dev.rotor.browser.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The three browser cookies and their attributes. With {@code rotor.cookies.secure=true} (the
 * default) they carry {@code Secure} and the {@code __Host-}/{@code __Secure-} prefixes; browsers
 * accept Secure cookies on {@code http://localhost}. Turning it off (plain-HTTP development on
 * another host) drops both, since the prefixes require Secure.
 */
@ApplicationScoped
public class BrowserCookies {

    @Inject
    @ConfigProperty(name = "rotor.cookies.secure", defaultValue = "true")
    boolean secure;

    public String accessName() {
        return secure ? "__Host-rotor-at" : "rotor-at";
    }

    public String refreshName() {
        return secure ? "__Secure-rotor-rt" : "rotor-rt";
    }

    public String csrfName() {
        return secure ? "__Host-rotor-csrf" : "rotor-csrf";
    }

    public boolean secure() {
        return secure;
    }

    public String refreshToken(HttpServletRequest request) {
        return read(request, refreshName());
    }

    public String accessToken(HttpServletRequest request) {
        return read(request, accessName());
    }

    /** True when the request carries the access, refresh or CSRF cookie more than once. */
    public boolean hasDuplicates(HttpServletRequest request) {
        Cookie[] all = request.getCookies();
        if (all == null) {
            return false;
        }
        int access = 0;
        int refresh = 0;
        int csrf = 0;
        for (Cookie cookie : all) {
            String name = cookie.getName();
            if (name.equals(accessName())) {
                access++;
            } else if (name.equals(refreshName())) {
                refresh++;
            } else if (name.equals(csrfName())) {
                csrf++;
            }
        }
        return access > 1 || refresh > 1 || csrf > 1;
    }

    private static String read(HttpServletRequest request, String name) {
        Cookie[] all = request.getCookies();
        if (all == null) {
            return null;
        }
        for (Cookie cookie : all) {
            if (name.equals(cookie.getName()) && !cookie.getValue().isEmpty()) {
                return cookie.getValue();
            }
        }
        return null;
    }

    /** Set-Cookie values for a signed-in session. */
    public List<String> issue(String accessToken, Instant accessExpiresAt, String refreshToken,
                              Instant refreshExpiresAt, String csrfToken, Instant now) {
        long accessAge = seconds(now, accessExpiresAt);
        long refreshAge = seconds(now, refreshExpiresAt);
        return List.of(
                cookie(accessName(), accessToken, accessAge, "/", true),
                cookie(refreshName(), refreshToken, refreshAge, "/auth", true),
                cookie(csrfName(), csrfToken, refreshAge, "/", false));
    }

    /** Set-Cookie values that remove all three (same names and paths, Max-Age=0). */
    public List<String> clear() {
        return List.of(
                cookie(accessName(), "", 0, "/", true),
                cookie(refreshName(), "", 0, "/auth", true),
                cookie(csrfName(), "", 0, "/", false));
    }

    private String cookie(String name, String value, long maxAge, String path, boolean httpOnly) {
        return name + "=" + value + "; Max-Age=" + maxAge + "; Path=" + path
                + (secure ? "; Secure" : "")
                + (httpOnly ? "; HttpOnly" : "")
                + "; SameSite=Strict";
    }

    private static long seconds(Instant now, Instant until) {
        return Math.max(0, Duration.between(now, until).getSeconds());
    }
}
