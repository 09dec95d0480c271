package dev.rotor.token.boundary;

import dev.rotor.token.control.PublishedKeys;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.ext.Provider;

/** Applies {@link KeyCheckFilter} to resource methods that need a signed-in caller. */
@Provider
@ApplicationScoped
public class KeyCheckFeature implements DynamicFeature {

    @Inject
    PublishedKeys keys;

    @Override
    public void configure(ResourceInfo resource, FeatureContext context) {
        if (resource.getResourceMethod().isAnnotationPresent(RolesAllowed.class)
                || resource.getResourceClass().isAnnotationPresent(RolesAllowed.class)) {
            context.register(new KeyCheckFilter(keys));
        }
    }
}
