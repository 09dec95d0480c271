package dev.rotor.browser.boundary;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What a state-changing browser endpoint that does not act for a signed-in caller must prove.
 * {@link CsrfFilter} reads it from the matched resource method, so the rule holds for every
 * spelling of the path ({@code /auth/logout/}, {@code /auth/logout;x=1}, ...).
 * Methods that need a caller ({@code @RolesAllowed}, as {@code access}'s {@code NeedsCaller} decides)
 * need no annotation: when the access cookie authenticated them, the CSRF header bound to that
 * session is required.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface CsrfProof {

    Kind value();

    enum Kind {
        /** Sign-in: only the Origin / Sec-Fetch-Site check (login CSRF), as there is no session yet. */
        ORIGIN,
        /** Acts on the refresh cookie's session: Origin check and the CSRF header bound to that session. */
        REFRESH_COOKIE
    }
}
