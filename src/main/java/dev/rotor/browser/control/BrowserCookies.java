package dev.rotor.browser.control;

import dev.rotor.access.control.CookieNames;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The three browser cookies and their attributes, under the names {@link CookieNames} gives them.
 * With {@code rotor.cookies.secure=true} (the default) they carry {@code Secure} and the
 * {@code __Host-}/{@code __Secure-} prefixes; browsers accept Secure cookies on
 * {@code http://localhost}. Turning it off (plain-HTTP development on another host) drops both,
 * since the prefixes require Secure.
 */
@ApplicationScoped
public class BrowserCookies {

    @Inject
    CookieNames names;

    public String accessName() {
        return names.access();
    }

    public String refreshName() {
        return names.refresh();
    }

    public String csrfName() {
        return names.csrf();
    }

    public boolean secure() {
        return names.secure();
    }

    public String refreshToken(HttpServletRequest request) {
        return CookieNames.read(request, refreshName());
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
                + (secure() ? "; Secure" : "")
                + (httpOnly ? "; HttpOnly" : "")
                + "; SameSite=Strict";
    }

    private static long seconds(Instant now, Instant until) {
        return Math.max(0, Duration.between(now, until).getSeconds());
    }
}
