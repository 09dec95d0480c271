package dev.rotor;

import dev.rotor.access.boundary.FilterOrder;
import dev.rotor.problem.Problem;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import java.util.Arrays;

/**
 * JSON only where JSON is read: Jersey lets a request with no {@code Content-Type} match
 * {@code @Consumes(JSON)}, which would make a cross-site "simple" request (no preflight) reach a
 * JSON endpoint. Such a request, or one with any other type, is a 415 problem and changes nothing.
 * Runs after the role check, so a caller without the role learns nothing about the endpoint.
 */
@Provider
@Priority(FilterOrder.JSON_ONLY)
public class JsonOnly implements ContainerRequestFilter {

    @Context
    ResourceInfo resource;

    @Override
    public void filter(ContainerRequestContext request) {
        if (readsJson() && !isJson(request.getMediaType())) {
            request.abortWith(Problem.of("unsupported-media-type", "Unsupported media type", 415,
                    "This endpoint takes Content-Type: application/json.").toResponse());
        }
    }

    private boolean readsJson() {
        if (resource.getResourceMethod() == null) {
            return false;
        }
        Consumes consumes = resource.getResourceMethod().getAnnotation(Consumes.class);
        if (consumes == null) {
            consumes = resource.getResourceClass().getAnnotation(Consumes.class);
        }
        return consumes != null && Arrays.asList(consumes.value()).contains(MediaType.APPLICATION_JSON);
    }

    private static boolean isJson(MediaType type) {
        return type != null && MediaType.APPLICATION_JSON_TYPE.isCompatible(type) && !type.isWildcardType() && !type.isWildcardSubtype();
    }
}
