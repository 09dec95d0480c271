package dev.rotor.access.boundary;

import dev.rotor.access.control.AccessCutoff;
import dev.rotor.access.control.Caller;
import dev.rotor.access.control.RevocationFollower;
import dev.rotor.token.control.PublishedKeys;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.ext.Provider;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;

/**
 * The one place that decides which resource methods need a caller ({@link #of}), and binds
 * {@link AccessTokenFilter} to those, and only to those, when the application starts. The CSRF
 * rule asks the same question of the same method here, so the two can never disagree.
 *
 * <p>A method needs a caller when it is {@code @RolesAllowed}, or marked with an annotation that is
 * itself {@link CallerRequired}, or its class is either and the method does not say otherwise
 * ({@code @PermitAll} or {@code @DenyAll} on the method wins over its class, as in the role check).
 */
@Provider
@ApplicationScoped
public class NeedsCaller implements DynamicFeature {

    @Inject
    PublishedKeys keys;

    @Inject
    AccessCutoff cutoff;

    @Inject
    RevocationFollower follower;

    @Inject
    Caller caller;

    @Override
    public void configure(ResourceInfo resource, FeatureContext context) {
        if (of(resource)) {
            context.register(new AccessTokenFilter(keys, cutoff, follower, caller, adminOnly(resource)));
        }
    }

    /** Whether the method is for admins alone ({@code @RolesAllowed("admin")} on it, or on its class and not overridden). */
    static boolean adminOnly(ResourceInfo resource) {
        RolesAllowed roles = resource.getResourceMethod().getAnnotation(RolesAllowed.class);
        if (roles == null) {
            roles = resource.getResourceClass().getAnnotation(RolesAllowed.class);
        }
        return roles != null && java.util.Arrays.equals(roles.value(), new String[] {"admin"});
    }

    /** Whether the matched resource method needs a caller; false when no method was matched. */
    public static boolean of(ResourceInfo resource) {
        Method method = resource.getResourceMethod();
        return method != null && of(resource.getResourceClass(), method);
    }

    /** Whether {@code method}, served by {@code resourceClass}, needs a caller. */
    public static boolean of(Class<?> resourceClass, Method method) {
        if (method.isAnnotationPresent(RolesAllowed.class) || callerRequired(method)) {
            return true;
        }
        if (method.isAnnotationPresent(PermitAll.class) || method.isAnnotationPresent(DenyAll.class)) {
            return false;
        }
        return resourceClass.isAnnotationPresent(RolesAllowed.class) || callerRequired(resourceClass);
    }

    private static boolean callerRequired(AnnotatedElement element) {
        for (Annotation annotation : element.getAnnotations()) {
            if (annotation.annotationType().isAnnotationPresent(CallerRequired.class)) {
                return true;
            }
        }
        return false;
    }
}
