package dev.rotor.client.control;

import dev.rotor.client.entity.RegisteredClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Finds the client a request names: a built-in of {@code rotor.clients} (first-party public clients,
 * today's {@code rotor-web} and {@code rotor-cli}) or one registered in the database. A registered
 * client may not take a built-in's id. Keeps the web origins of the enabled registered clients
 * (the CORS allowlist for calls without credentials) for at most {@link #ORIGINS_MAX_AGE}, and
 * forgets them at once when a client changes on this instance.
 */
@ApplicationScoped
public class Clients {

    /** How long the web origins of the enabled clients are kept before they are read again. */
    public static final Duration ORIGINS_MAX_AGE = Duration.ofSeconds(10);

    private static final Logger LOG = Logger.getLogger(Clients.class.getName());

    /** The origins as read at {@code readAt} (a {@link System#nanoTime} value). */
    private record OriginSnapshot(Set<String> origins, long readAt) {
    }

    private volatile OriginSnapshot origins;

    /** Monotonic nanoseconds; tests move it. */
    LongSupplier nanoTime = System::nanoTime;

    @PersistenceContext(unitName = "rotor")
    EntityManager em;

    @Inject
    @ConfigProperty(name = "rotor.clients", defaultValue = "rotor-web,rotor-cli")
    List<String> builtIns;

    /** Whether the built-ins may use the password grant at /oauth2/token (the browser's /auth/login is not that grant). */
    @Inject
    @ConfigProperty(name = "rotor.clients.password-grant", defaultValue = "true")
    boolean builtInPasswordGrant;

    /** The client named {@code clientId}, enabled or not; empty when there is none. */
    public Optional<OAuthClient> find(String clientId) {
        if (clientId == null || clientId.isEmpty() || clientId.length() > 64) {
            return Optional.empty();
        }
        if (isBuiltIn(clientId)) {
            return Optional.of(OAuthClient.builtIn(clientId, builtInPasswordGrant));
        }
        return Optional.ofNullable(em.find(RegisteredClient.class, clientId)).map(OAuthClient::of);
    }

    /** The enabled client named {@code clientId}; empty when there is none or it is disabled. */
    public Optional<OAuthClient> findEnabled(String clientId) {
        return find(clientId).filter(OAuthClient::enabled);
    }

    public boolean isBuiltIn(String clientId) {
        return builtIns.contains(clientId);
    }

    public List<String> builtIns() {
        return List.copyOf(builtIns);
    }

    /**
     * The web origins of the enabled registered clients, lower case ({@link WebOrigins#normalized}),
     * read at most {@link #ORIGINS_MAX_AGE} ago. When the database cannot be read, the last set read
     * is kept (or none): CORS then fails closed, it never answers a request with an error.
     */
    public Set<String> webOrigins() {
        OriginSnapshot snapshot = origins;
        long now = nanoTime.getAsLong();
        if (snapshot != null && now - snapshot.readAt() < ORIGINS_MAX_AGE.toNanos()) {
            return snapshot.origins();
        }
        try {
            Set<String> read = em.createNamedQuery("RegisteredClient.enabled", RegisteredClient.class).getResultStream()
                    .flatMap(client -> client.webOrigins().stream())
                    .map(origin -> origin.toLowerCase(Locale.ROOT))
                    .collect(Collectors.toUnmodifiableSet());
            origins = new OriginSnapshot(read, now);
            return read;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not read the clients' web origins; keeping the last ones read", e);
            Set<String> last = snapshot == null ? Set.of() : snapshot.origins();
            origins = new OriginSnapshot(last, now);
            return last;
        }
    }

    /** Whether {@code origin} is a web origin of an enabled registered client (case-insensitive, exact). */
    public boolean isWebOrigin(String origin) {
        return origin != null && !origin.isEmpty() && webOrigins().contains(origin.toLowerCase(Locale.ROOT));
    }

    /** Forgets the web origins read, so that the next call reads them again. */
    public void forgetWebOrigins() {
        origins = null;
    }

    /** A client changed on this instance and the change committed: its origins count from now on. */
    void changed(@Observes(during = TransactionPhase.AFTER_SUCCESS) ClientsChanged event) {
        forgetWebOrigins();
    }
}
