package dev.rotor.access.boundary;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On an annotation: the resource methods it marks need a caller, as {@code @RolesAllowed} ones do,
 * even though the role check does not decide who that caller may be (for example
 * {@code oauth}'s {@code @ResourceServerOnly}: a resource server by HTTP Basic, or an admin's access
 * token). {@link NeedsCaller} reads it, so an access token presented there goes through
 * {@link AccessTokenFilter} and a cookie caller through the CSRF rule like anywhere else.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.ANNOTATION_TYPE)
public @interface CallerRequired {
}
