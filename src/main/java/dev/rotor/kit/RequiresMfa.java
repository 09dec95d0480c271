package dev.rotor.kit;

import jakarta.ws.rs.NameBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a JAX-RS resource method or class: the caller's token must say the user signed in with more
 * than one factor ({@code mfa} in its {@code amr}) and, when {@link #maxAgeSeconds()} is set, no
 * longer ago than that ({@code auth_time}). Otherwise {@link MfaRequirement} answers 401 with
 * {@code WWW-Authenticate: Bearer error="insufficient_user_authentication", …, acr_values="mfa"}
 * (RFC 9470 §3), and the client asks Rotor's {@code /oauth2/authorize} again with
 * {@code acr_values=mfa} (and {@code max_age}). A method's annotation wins over its class's.
 */
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RequiresMfa {

    /** The most seconds since the user signed in ({@code auth_time}); 0 or less: any age. */
    long maxAgeSeconds() default 0;
}
