package dev.rotor.access.boundary;

import jakarta.ws.rs.Priorities;

/**
 * The order in which the request filters of a matched resource method run, lowest first. Each has
 * a priority of its own, so no two of them are ordered by chance:
 * <ol>
 *   <li>{@link #CSRF}: {@code browser}'s {@code CsrfFilter}: Origin and the CSRF header for a
 *       state-changing call that a cookie authenticated, before anything acts on the call;</li>
 *   <li>{@link #ACCESS_TOKEN}: {@link AccessTokenFilter}, key published, then cut-off, on the
 *       methods that {@link NeedsCaller} says need a caller;</li>
 *   <li>{@link #RESOURCE_SERVER}: {@code oauth}'s {@code ResourceServerAuthentication}: HTTP Basic
 *       for resource servers, or an admin's access token that already passed {@link #ACCESS_TOKEN};</li>
 *   <li>{@link #ROLES}: the role check of {@code @RolesAllowed} (Jersey's, installed by MP JWT);</li>
 *   <li>{@link #JSON_ONLY}: the root's {@code JsonOnly}, after the role check, so a caller without the
 *       role learns nothing about the endpoint.</li>
 * </ol>
 * CORS ({@code browser}'s {@code CorsFilter}) is a pre-matching filter and runs before all of them.
 * Authentication itself ({@link CookieOrHeaderBearerMechanism}) happens before JAX-RS is reached.
 */
public final class FilterOrder {

    public static final int CSRF = Priorities.AUTHENTICATION - 100;
    public static final int ACCESS_TOKEN = Priorities.AUTHENTICATION;
    public static final int RESOURCE_SERVER = Priorities.AUTHENTICATION + 100;
    public static final int ROLES = Priorities.AUTHORIZATION;
    public static final int JSON_ONLY = Priorities.AUTHORIZATION + 100;

    private FilterOrder() {
    }
}
