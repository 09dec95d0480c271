package dev.rotor.authorize.boundary;

import dev.rotor.access.boundary.CallerRequired;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method that acts for the browser's Rotor sign-in when there is one, and answers
 * "sign in first" when there is none (so it is also {@code @PermitAll}). It counts as needing a
 * caller ({@link CallerRequired}): an access token presented there goes through the cut-off, and a
 * cookie caller through the CSRF and Origin rule, like every other cookie call.
 */
@CallerRequired
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface SignInAware {
}
