package dev.rotor.kit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.servlet.http.HttpSession;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The app's own HTTP sessions that Rotor signed in, by Rotor's {@code sid} and by subject, so that a
 * back-channel logout ends them. The app registers a session when its OpenID Connect sign-in
 * completes, e.g. with Jakarta Security:
 * <pre>{@code
 * @Inject OpenIdContext oidc;
 * @Inject BackchannelSessions sessions;
 * ...
 * var claims = oidc.getIdentityToken().getJwtClaims();
 * sessions.register(request.getSession(), claims.getStringClaim("sid").orElse(null), oidc.getSubject());
 * }</pre>
 * Registering again is harmless. Sessions are forgotten when they end. This instance's sessions
 * only: an app on several instances without shared sessions needs the logout on each (sticky
 * sessions with one receiver per instance do not work; share sessions or keep one instance).
 */
@ApplicationScoped
public class BackchannelSessions {

    static final String SID_ATTRIBUTE = "dev.rotor.kit.sid";
    static final String SUB_ATTRIBUTE = "dev.rotor.kit.sub";

    private final Map<String, Set<HttpSession>> bySid = new ConcurrentHashMap<>();
    private final Map<String, Set<HttpSession>> bySub = new ConcurrentHashMap<>();

    /** Remembers {@code session} as signed in by Rotor under {@code sid} (the id token's) and {@code sub}; either may be null. */
    public void register(HttpSession session, String sid, String sub) {
        if (sid != null) {
            bySid.computeIfAbsent(sid, k -> ConcurrentHashMap.newKeySet()).add(session);
            session.setAttribute(SID_ATTRIBUTE, sid);
        }
        if (sub != null) {
            bySub.computeIfAbsent(sub, k -> ConcurrentHashMap.newKeySet()).add(session);
            session.setAttribute(SUB_ATTRIBUTE, sub);
        }
    }

    /**
     * Invalidates the sessions a logout token names: those of its {@code sid} when it has one
     * (Rotor's always do), else every session of its {@code sub}. Returns how many ended.
     */
    public int end(String sid, String sub) {
        Set<HttpSession> ending = sid != null ? bySid.remove(sid) : bySub.remove(sub);
        if (ending == null) {
            return 0;
        }
        int ended = 0;
        for (HttpSession session : List.copyOf(ending)) {
            forget(session);
            try {
                session.invalidate();
                ended++;
            } catch (IllegalStateException alreadyInvalid) {
                // it ended by itself meanwhile
            }
        }
        return ended;
    }

    /** Forgets {@code session} (it ended); called by the kit's session listener. */
    void forget(HttpSession session) {
        Object sid;
        Object sub;
        try {
            sid = session.getAttribute(SID_ATTRIBUTE);
            sub = session.getAttribute(SUB_ATTRIBUTE);
        } catch (IllegalStateException invalid) {
            bySid.values().forEach(set -> set.remove(session));
            bySub.values().forEach(set -> set.remove(session));
            return;
        }
        remove(bySid, sid, session);
        remove(bySub, sub, session);
    }

    private static void remove(Map<String, Set<HttpSession>> index, Object key, HttpSession session) {
        if (key instanceof String k) {
            index.computeIfPresent(k, (ignored, set) -> {
                set.remove(session);
                return set.isEmpty() ? null : set;
            });
        }
    }
}
