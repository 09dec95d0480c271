package dev.rotor.oauth.boundary;

import dev.rotor.access.boundary.CallerRequired;
import jakarta.ws.rs.NameBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a resource method that only a resource-server client (or an admin) may call; see
 * {@link ResourceServerAuthentication}. Such a method needs a caller ({@link CallerRequired}).
 */
@CallerRequired
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface ResourceServerOnly {
}
