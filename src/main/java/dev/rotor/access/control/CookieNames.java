package dev.rotor.access.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The names of Rotor's three browser cookies, in one place: the bearer mechanism reads the access
 * cookie by them, and the browser package sets, clears and checks all three by them. With
 * {@code rotor.cookies.secure=true} (the default) they carry the {@code __Host-}/{@code __Secure-}
 * prefixes, which require {@code Secure}; turning it off (plain-HTTP development on another host)
 * drops both.
 */
@ApplicationScoped
public class CookieNames {

    @Inject
    @ConfigProperty(name = "rotor.cookies.secure", defaultValue = "true")
    boolean secure;

    public String access() {
        return secure ? "__Host-rotor-at" : "rotor-at";
    }

    public String refresh() {
        return secure ? "__Secure-rotor-rt" : "rotor-rt";
    }

    public String csrf() {
        return secure ? "__Host-rotor-csrf" : "rotor-csrf";
    }

    /** Whether the cookies are {@code Secure} and prefixed. */
    public boolean secure() {
        return secure;
    }

    /** The access cookie's token, or null when the request carries none (or an empty one). */
    public String accessToken(HttpServletRequest request) {
        return read(request, access());
    }

    /** The first non-empty value of the cookie {@code name}, or null. */
    public static String read(HttpServletRequest request, String name) {
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
}
