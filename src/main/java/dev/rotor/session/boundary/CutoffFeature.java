package dev.rotor.session.boundary;

import dev.rotor.session.control.AccessCutoff;
import dev.rotor.session.control.RevocationFollower;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.ext.Provider;

/** Applies {@link CutoffFilter} to resource methods that need a signed-in caller, and only to those. */
@Provider
@ApplicationScoped
public class CutoffFeature implements DynamicFeature {

    @Inject
    AccessCutoff cutoff;

    @Inject
    RevocationFollower follower;

    @Override
    public void configure(ResourceInfo resource, FeatureContext context) {
        if (resource.getResourceMethod().isAnnotationPresent(RolesAllowed.class)
                || resource.getResourceClass().isAnnotationPresent(RolesAllowed.class)) {
            context.register(new CutoffFilter(cutoff, follower));
        }
    }
}
