package dev.rotor.browser.control;

import dev.rotor.session.control.RefreshToken;
import dev.rotor.session.control.RefreshTokens;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;

/**
 * The refresh cookie of the current request, read and parsed once: the CSRF check learns the
 * session it names from here, and the refresh or logout that follows takes the parsed token from
 * here too.
 */
@RequestScoped
public class RefreshCookie {

    @Inject
    BrowserCookies cookies;

    private boolean read;
    private boolean present;
    private Optional<RefreshToken> token = Optional.empty();

    /** False when the request carries no refresh cookie. */
    public boolean present(HttpServletRequest request) {
        read(request);
        return present;
    }

    /** The cookie's token, parsed; empty without a cookie or when the cookie is not a refresh token. */
    public Optional<RefreshToken> token(HttpServletRequest request) {
        read(request);
        return token;
    }

    private void read(HttpServletRequest request) {
        if (!read) {
            String value = cookies.refreshToken(request);
            present = value != null;
            token = RefreshTokens.parse(value);
            read = true;
        }
    }
}
