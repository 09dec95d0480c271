package dev.rotor.browser.boundary;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

/**
 * CORS from an explicit allowlist ({@code rotor.cors.allowed-origins}, empty by default): an
 * allowed origin gets exactly itself echoed with credentials; any other origin gets no CORS header.
 */
@Provider
@PreMatching
@Priority(Priorities.HEADER_DECORATOR)
public class CorsFilter implements ContainerRequestFilter, ContainerResponseFilter {

    @Inject
    OriginPolicy origins;

    @Override
    public void filter(ContainerRequestContext request) {
        String origin = request.getHeaderString("Origin");
        boolean preflight = "OPTIONS".equals(request.getMethod()) && request.getHeaderString("Access-Control-Request-Method") != null;
        if (preflight && origins.isAllowedCrossOrigin(origin)) {
            request.abortWith(Response.noContent()
                    .header("Access-Control-Allow-Methods", "GET, POST, PATCH, DELETE")
                    .header("Access-Control-Allow-Headers", "Content-Type, X-CSRF-Token, Authorization")
                    .header("Access-Control-Max-Age", "600")
                    .build());
        }
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        String origin = request.getHeaderString("Origin");
        response.getHeaders().add("Vary", "Origin");
        if (origins.isAllowedCrossOrigin(origin)) {
            response.getHeaders().putSingle("Access-Control-Allow-Origin", origin);
            response.getHeaders().putSingle("Access-Control-Allow-Credentials", "true");
        }
    }
}
