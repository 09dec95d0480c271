package dev.rotor.access.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rotor.access.control.AccessClaims;
import dev.rotor.access.control.AccessCutoff;
import dev.rotor.access.control.Caller;
import dev.rotor.access.control.FakeJsonWebToken;
import dev.rotor.access.control.RevocationFollower;
import dev.rotor.token.control.PublishedKeys;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The checks on a verified access token, in their order: the key is still published, then the cut-off. */
class AccessTokenFilterTest {

    static final String TOKEN = Base64.getUrlEncoder().withoutPadding()
            .encodeToString("{\"alg\":\"RS256\",\"kid\":\"k1\"}".getBytes(StandardCharsets.UTF_8)) + ".claims.signature";

    final Set<String> published = new HashSet<>(Set.of("k1"));
    final Set<String> endedSessions = new HashSet<>();
    /** What the filter did, in order. */
    final List<String> steps = new ArrayList<>();
    final Caller caller = new Caller();
    final FakeJsonWebToken jwt = new FakeJsonWebToken(Map.of("upn", "alice", "raw_token", TOKEN, "sub", "acc-1", "sid", "s1", "tv", 0L));

    final AccessTokenFilter cut = filterFor(false);

    AccessTokenFilter filterFor(boolean adminOnly) {
        return new AccessTokenFilter(
            new PublishedKeys() {
                @Override
                public boolean verifies(String kid) {
                    steps.add("key " + kid);
                    return published.contains(kid);
                }
            },
            new AccessCutoff() {
                @Override
                public boolean accepts(AccessClaims claims) {
                    steps.add("cut-off " + claims.sessionId());
                    return !endedSessions.contains(claims.sessionId());
                }
            },
            new RevocationFollower() {
                @Override
                public void catchUpIfBehind() {
                    steps.add("catch up");
                }
            },
            caller, adminOnly);
    }

    @Test
    void aGoodTokenPassesBothChecksKeyFirst() {
        assertNull(filter(jwt));
        assertEquals(List.of("key k1", "catch up", "cut-off s1"), steps);
    }

    @Test
    void aTokenWhoseKeyWasRevokedIsRefusedBeforeTheCutoffIsAsked() {
        published.clear();
        endedSessions.add("s1");
        Response refused = filter(jwt);
        assertEquals(401, refused.getStatus());
        assertTrue(String.valueOf(refused.getEntity()).contains("signing-key-revoked"), String.valueOf(refused.getEntity()));
        assertEquals(AccessTokenFilter.KEY_CHALLENGE, refused.getHeaderString("WWW-Authenticate"));
        assertEquals(List.of("key k1"), steps);
    }

    @Test
    void aTokenOfAnEndedSessionIsRefusedAfterCatchingUp() {
        endedSessions.add("s1");
        Response refused = filter(jwt);
        assertEquals(401, refused.getStatus());
        assertTrue(String.valueOf(refused.getEntity()).contains("session-ended"), String.valueOf(refused.getEntity()));
        assertEquals(AccessTokenFilter.CUTOFF_CHALLENGE, refused.getHeaderString("WWW-Authenticate"));
        assertEquals(List.of("key k1", "catch up", "cut-off s1"), steps);
    }

    @Test
    void theCutoffJudgesTheClaimsTheMechanismHandedToTheCaller() {
        caller.loggedIn(new AccessClaims(jwt, "acc-1", "alice", Set.of("user"), "handed-over", 0));
        filter(jwt);
        assertEquals(List.of("key k1", "catch up", "cut-off handed-over"), steps);
    }

    @Test
    void aClientsOwnTokenIsNoUserHere() {
        var clientToken = new FakeJsonWebToken(Map.of("raw_token", TOKEN, "sub", "batch", "client_id", "batch", "sid", "token-sid-1"));
        Response refused = filter(clientToken);
        assertEquals(403, refused.getStatus());
        assertTrue(String.valueOf(refused.getEntity()).contains("not-a-user"), String.valueOf(refused.getEntity()));
        assertEquals(List.of("key k1", "catch up", "cut-off token-sid-1"), steps, "judged by its sid first");
        endedSessions.add("token-sid-1");
        assertEquals(401, filter(clientToken).getStatus(), "an ended client token is refused as any ended one");
    }

    @Test
    void anAdminOnlyMethodTakesAClientTokenGrantedTheAdminScopeAndNoOther() {
        var admin = new FakeJsonWebToken(Map.of("raw_token", TOKEN, "sub", "ops", "client_id", "ops", "sid", "token-sid-2",
                "groups", Set.of("admin"), "scope", "admin"));
        var plain = new FakeJsonWebToken(Map.of("raw_token", TOKEN, "sub", "batch", "client_id", "batch", "sid", "token-sid-1"));
        AccessTokenFilter adminApi = filterFor(true);
        assertNull(adminApi.refusal(admin), "automation with the admin scope");
        assertEquals(403, adminApi.refusal(plain).getStatus(), "no admin scope: still not a user");
        assertEquals(403, cut.refusal(admin).getStatus(), "the account API stays for users");
        endedSessions.add("token-sid-2");
        assertEquals(401, adminApi.refusal(admin).getStatus(), "a disabled client's admin token ends too");
    }

    @Test
    void aRequestWithoutAJwtCallerIsLeftToTheRoleCheck() {
        assertNull(filter(null));
        assertNull(filter(() -> "basic-client"));
        assertEquals(List.of(), steps);
    }

    /** Runs the filter for a request whose security context holds {@code principal}; the response it aborted with, or null. */
    private Response filter(Principal principal) {
        Response[] aborted = new Response[1];
        SecurityContext security = fake(SecurityContext.class, name -> name.equals("getUserPrincipal") ? principal : null, null);
        cut.filter(fake(ContainerRequestContext.class, name -> name.equals("getSecurityContext") ? security : null,
                response -> aborted[0] = response));
        return aborted[0];
    }

    @SuppressWarnings("unchecked")
    private static <T> T fake(Class<T> type, java.util.function.Function<String, Object> answer,
                              java.util.function.Consumer<Response> abort) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (method.getName().equals("abortWith")) {
                abort.accept((Response) args[0]);
                return null;
            }
            return method.getName().equals("toString") ? "fake " + type.getSimpleName() : answer.apply(method.getName());
        });
    }
}
