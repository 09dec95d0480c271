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
 * CORS from explicit allowlists, never a reflected origin: an origin of
 * {@code rotor.cors.allowed-origins} (empty by default) gets exactly itself echoed with
 * credentials (cookies); a web origin of an enabled registered client gets exactly itself echoed
 * without credentials (it calls with a bearer token: {@code Authorization} and {@code Content-Type}
 * may be sent); any other origin gets no CORS header. Every answer varies by {@code Origin}.
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
        if (!preflight) {
            return;
        }
        switch (origins.crossOrigin(origin)) {
            case WITH_CREDENTIALS -> request.abortWith(Response.noContent()
                    .header("Access-Control-Allow-Methods", "GET, POST, PATCH, DELETE")
                    .header("Access-Control-Allow-Headers", "Content-Type, X-CSRF-Token, Authorization")
                    .header("Access-Control-Max-Age", "600")
                    .build());
            case WITHOUT_CREDENTIALS -> request.abortWith(Response.noContent()
                    .header("Access-Control-Allow-Methods", "GET, POST, PATCH, DELETE")
                    .header("Access-Control-Allow-Headers", "Authorization, Content-Type")
                    .header("Access-Control-Max-Age", "600")
                    .build());
            case NONE -> {
            }
        }
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        String origin = request.getHeaderString("Origin");
        response.getHeaders().add("Vary", "Origin");
        switch (origins.crossOrigin(origin)) {
            case WITH_CREDENTIALS -> {
                response.getHeaders().putSingle("Access-Control-Allow-Origin", origin);
                response.getHeaders().putSingle("Access-Control-Allow-Credentials", "true");
            }
            case WITHOUT_CREDENTIALS -> {
                response.getHeaders().putSingle("Access-Control-Allow-Origin", origin);
                response.getHeaders().remove("Access-Control-Allow-Credentials");
            }
            case NONE -> {
            }
        }
    }
}
