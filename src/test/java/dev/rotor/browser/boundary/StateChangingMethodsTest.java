package dev.rotor.browser.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rotor.RotorApplication;
import dev.rotor.access.boundary.NeedsCaller;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every state-changing resource method of the compiled WAR is guarded: it needs a caller
 * ({@link NeedsCaller}: {@code @RolesAllowed} on the method or its class, or a marker such as
 * {@code @ResourceServerOnly}; {@link CsrfFilter} then demands the CSRF header from cookie callers
 * by itself), or it says what a browser must prove
 * ({@link CsrfProof}), or it is on the short list of public endpoints below, each with the reason
 * no cookie can act through it. A new POST/PUT/PATCH/DELETE that is none of these fails here.
 */
class StateChangingMethodsTest {

    private static final Set<String> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    /** Public state-changing endpoints, and why neither a role nor a CSRF proof applies to them. */
    private static final Map<String, String> PUBLIC = Map.of(
            // OAuth endpoints read form parameters only, never a cookie: a cross-site form post
            // carries no credential the endpoint would use (RFC 6749 §3.2, RFC 7009, RFC 7662).
            "POST /oauth2/token", "credentials are in the form (password, refresh token, client id), never in a cookie",
            "POST /oauth2/revoke", "acts on the refresh token in the form only",
            // Sign-up acts for no one yet; it reads JSON only (415 otherwise), which a cross-site
            // form cannot send without a CORS preflight that Rotor refuses to foreign origins.
            "POST /auth/register", "creates a new account, acts for no signed-in caller");

    @Test
    void everyStateChangingResourceMethodNeedsARoleOrACsrfProofOrIsAListedPublicEndpoint() throws Exception {
        Map<String, Method> stateChanging = stateChangingMethods();
        List<String> unguarded = new ArrayList<>();
        for (var entry : stateChanging.entrySet()) {
            Method method = entry.getValue();
            boolean guarded = NeedsCaller.of(method.getDeclaringClass(), method) || method.isAnnotationPresent(CsrfProof.class);
            if (!guarded && !PUBLIC.containsKey(entry.getKey())) {
                unguarded.add(entry.getKey() + " (" + method.getDeclaringClass().getSimpleName() + "." + method.getName() + ")");
            }
        }
        assertEquals(List.of(), unguarded, "state-changing methods that need no caller, prove nothing (@CsrfProof) and are not on the public list");
    }

    @Test
    void everyListedPublicEndpointExistsAndIsReallyUnguarded() throws Exception {
        Map<String, Method> stateChanging = stateChangingMethods();
        Set<String> stale = new TreeSet<>(PUBLIC.keySet());
        stale.removeAll(stateChanging.keySet());
        assertEquals(Set.of(), stale, "public-list entries that match no resource method (renamed or removed?)");
        for (String endpoint : PUBLIC.keySet()) {
            Method method = stateChanging.get(endpoint);
            assertTrue(!NeedsCaller.of(method.getDeclaringClass(), method) && !method.isAnnotationPresent(CsrfProof.class),
                    endpoint + " is guarded after all: take it off the public list");
        }
    }

    @Test
    void theScanSeesTheGuardedMethodsToo() throws Exception {
        Set<String> found = stateChangingMethods().keySet();
        for (String known : List.of("POST /auth/login", "POST /auth/logout", "POST /auth/logout-all", "DELETE /auth/sessions/{id}",
                "PATCH /admin/api/users/{id}", "POST /admin/api/keys/{kid}/revoke")) {
            assertTrue(found.contains(known), known + " not found among " + found);
        }
    }

    /** "VERB /path" → method, for every resource method of a compiled class under dev.rotor whose verb changes state. */
    static Map<String, Method> stateChangingMethods() throws IOException, URISyntaxException {
        var classes = java.nio.file.Path.of(RotorApplication.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Map<String, Method> found = new TreeMap<>();
        try (Stream<java.nio.file.Path> files = Files.walk(classes.resolve("dev/rotor"))) {
            for (var file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = classes.relativize(file).toString().replace(java.io.File.separatorChar, '.').replaceAll("\\.class$", "");
                Class<?> type = load(name);
                for (Method method : type.getDeclaredMethods()) {
                    String verb = verb(method);
                    if (verb != null && !SAFE.contains(verb)) {
                        String path = join(type.getAnnotation(Path.class), method.getAnnotation(Path.class));
                        Method previous = found.put(verb + " " + path, method);
                        assertEquals(null, previous, "two methods for " + verb + " " + path);
                    }
                }
            }
        }
        return found;
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, StateChangingMethodsTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The HTTP method of a resource method: any annotation itself annotated {@code @HttpMethod} (PATCH included). */
    private static String verb(Method method) {
        for (Annotation annotation : method.getAnnotations()) {
            HttpMethod http = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (http != null) {
                return http.value();
            }
        }
        return null;
    }

    private static String join(Path onClass, Path onMethod) {
        StringBuilder path = new StringBuilder();
        for (Path part : new Path[] {onClass, onMethod}) {
            if (part != null) {
                String value = part.value().replaceAll("^/+|/+$", "");
                if (!value.isEmpty()) {
                    path.append('/').append(value);
                }
            }
        }
        return path.length() == 0 ? "/" : path.toString();
    }
}
