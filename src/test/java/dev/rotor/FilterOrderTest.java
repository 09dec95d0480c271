package dev.rotor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rotor.access.boundary.AccessTokenFilter;
import dev.rotor.access.boundary.FilterOrder;
import dev.rotor.browser.boundary.CsrfFilter;
import dev.rotor.oauth.boundary.ResourceServerAuthentication;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The request filters of a matched resource method run in the order {@link FilterOrder} writes
 * down, each at a priority of its own: JAX-RS leaves filters of equal priority in no defined order.
 */
class FilterOrderTest {

    @Test
    void csrfThenTheAccessTokenThenResourceServersThenRolesThenJson() {
        List<Integer> priorities = Stream.of(CsrfFilter.class, AccessTokenFilter.class, ResourceServerAuthentication.class, JsonOnly.class)
                .map(FilterOrderTest::priorityOf).toList();
        assertEquals(List.of(FilterOrder.CSRF, FilterOrder.ACCESS_TOKEN, FilterOrder.RESOURCE_SERVER, FilterOrder.JSON_ONLY), priorities);
        assertTrue(FilterOrder.CSRF < FilterOrder.ACCESS_TOKEN && FilterOrder.ACCESS_TOKEN < FilterOrder.RESOURCE_SERVER
                && FilterOrder.RESOURCE_SERVER < FilterOrder.ROLES && FilterOrder.ROLES < FilterOrder.JSON_ONLY, "strictly increasing");
        assertEquals(Priorities.AUTHORIZATION, FilterOrder.ROLES, "the role check of @RolesAllowed runs at AUTHORIZATION");
    }

    /** Every post-matching request filter of the WAR (the kit is not in it), by priority: no two share one. */
    @Test
    void noTwoRequestFiltersShareAPriority() throws Exception {
        var classes = Path.of(RotorApplication.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Map<Integer, String> byPriority = new TreeMap<>();
        try (Stream<Path> files = Files.walk(classes.resolve("dev/rotor"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class") && !f.toString().contains("$")).toList()) {
                String name = classes.relativize(file).toString().replace(java.io.File.separatorChar, '.').replaceAll("\\.class$", "");
                if (name.startsWith("dev.rotor.kit.")) {
                    continue;
                }
                Class<?> type = Class.forName(name, false, getClass().getClassLoader());
                if (ContainerRequestFilter.class.isAssignableFrom(type) && !type.isAnnotationPresent(PreMatching.class)) {
                    String previous = byPriority.put(priorityOf(type), type.getSimpleName());
                    assertEquals(null, previous, type.getSimpleName() + " shares priority " + priorityOf(type) + " with " + previous);
                }
            }
        }
        assertTrue(byPriority.values().containsAll(List.of("CsrfFilter", "AccessTokenFilter", "ResourceServerAuthentication", "JsonOnly")),
                "filters found: " + byPriority);
    }

    private static int priorityOf(Class<?> filter) {
        Priority priority = filter.getAnnotation(Priority.class);
        return priority == null ? Priorities.USER : priority.value();
    }
}
