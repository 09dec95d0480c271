package dev.rotor.throttle.control;

import dev.rotor.audit.control.AuditLog;
import dev.rotor.audit.entity.AuditType;
import dev.rotor.platform.RequestFacts;
import dev.rotor.throttle.control.ThrottleEntries.Recorded;
import dev.rotor.throttle.control.ThrottleEntries.Refused;
import dev.rotor.throttle.entity.ThrottleKind;
import dev.rotor.throttle.entity.ThrottlePolicy;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Throttling of resource-server client authentication (HTTP Basic on introspection and the
 * revocation feed), in the same rows as sign-in throttling and purged with them:
 * <ul>
 *   <li>per client address ({@link ThrottleKind#CLIENT_ADDRESS}): failed authentications, whatever
 *       the client id; at the limit the address is locked out for {@code rotor.throttle.lockout};</li>
 *   <li>per configured client id ({@link ThrottleKind#CLIENT}): every slow secret check is counted
 *       <em>before</em> it runs, one conditional write, so parallel requests cannot outrun the count;
 *       after the free checks the id backs off ({@code rotor.throttle.backoff.*}) instead of being
 *       locked out, so nobody can keep a resource server out for long by sending its id.</li>
 * </ul>
 */
@ApplicationScoped
public class ClientThrottle {

    private static final int MAX_SUBJECT = 64;

    @Inject
    ThrottleEntries entries;

    @Inject
    AuditLog audit;

    @Inject
    Clock clock;

    @Inject
    ThrottleSettings shared;


    @Inject
    @ConfigProperty(name = "rotor.throttle.client-address.max-failures", defaultValue = "20")
    int addressMaxFailures;

    @Inject
    @ConfigProperty(name = "rotor.throttle.client.free-failures", defaultValue = "10")
    int clientFreeFailures;

    private ThrottlePolicy addressPolicy;
    private ThrottlePolicy clientPolicy;

    @PostConstruct
    void policies() {
        if (addressMaxFailures < 1 || clientFreeFailures < 0) {
            throw new IllegalStateException("Rotor configuration cannot work: rotor.throttle.client-address.max-failures "
                    + "must be at least 1 and rotor.throttle.client.free-failures not negative");
        }
        addressPolicy = ThrottlePolicy.limit(addressMaxFailures, shared.window(), shared.lockout());
        clientPolicy = new ThrottlePolicy(Integer.MAX_VALUE, clientFreeFailures, shared.backoffBase(), shared.backoffMax(), shared.window(), shared.lockout());
    }

    /** How long this address must still wait before it may authenticate again; reads only. */
    public Optional<Duration> addressWait(RequestFacts facts) {
        String address = facts == null ? null : facts.clientIp();
        if (!shared.enabled() || address == null) {
            return Optional.empty();
        }
        return entries.find(ThrottleKind.CLIENT_ADDRESS, address).flatMap(entry -> entry.retryAfter(clock.instant()));
    }

    /**
     * Counts one slow secret check for a configured client id, before it runs. Empty: go ahead;
     * otherwise the id is backing off and the check must not run (nothing was counted).
     */
    public Optional<Duration> beforeSecretCheck(String clientId) {
        if (!shared.enabled()) {
            return Optional.empty();
        }
        if (entries.count(ThrottleKind.CLIENT, subject(clientId), clientPolicy, clock.instant()) instanceof Refused refused) {
            return Optional.of(refused.retryAfter());
        }
        return Optional.empty();
    }

    /** The id's secret was right: its count starts again. */
    public void secretAccepted(String clientId) {
        if (shared.enabled()) {
            entries.delete(ThrottleKind.CLIENT, subject(clientId));
        }
    }

    /** Counts a failed authentication against the address; the start of a lockout is audited once. */
    public void failed(RequestFacts facts) {
        String address = facts == null ? null : facts.clientIp();
        if (shared.enabled() && address != null
                && entries.count(ThrottleKind.CLIENT_ADDRESS, address, addressPolicy, clock.instant()) instanceof Recorded r
                && r.lockoutStarted()) {
            audit.record(AuditType.CLIENT_AUTH_THROTTLED, null, null, null, facts,
                    "kind=client-address failures=" + addressMaxFailures + " locked for " + shared.lockout());
        }
    }

    /** Retry-After in whole seconds, rounded up, at least 1. */
    public static long seconds(Duration wait) {
        return SignInThrottle.seconds(wait);
    }

    /** The id as a throttle subject: itself when it fits the column, else its SHA-256. */
    static String subject(String clientId) {
        if (clientId.length() <= MAX_SUBJECT) {
            return clientId;
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(clientId.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
