package dev.rotor.oauth.control;

import dev.rotor.audit.control.AuditLog;
import dev.rotor.audit.entity.AuditType;
import dev.rotor.platform.RequestFacts;
import dev.rotor.throttle.control.ClientThrottle;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;

/**
 * Decides a resource server's HTTP Basic authentication, cheapest refusal first:
 * <ol>
 *   <li>no resource server configured: refused at once (no hash, no write);</li>
 *   <li>the address is locked out after too many failures: wait, even with the right secret;</li>
 *   <li>unreadable credentials or an id that is not configured: refused without a hash;</li>
 *   <li>the secret this instance already accepted for the id: accepted (SHA-256, constant time), so
 *       someone sending the id with wrong secrets cannot lock the resource server out;</li>
 *   <li>otherwise the slow check (PBKDF2), counted per id before it runs and backing off after the
 *       free checks, so the CPU it costs is bounded whatever the number of callers.</li>
 * </ol>
 * Every failure is audited ({@code CLIENT_AUTH_FAILED}, with the id only when it is configured: an
 * unknown "id" may be a secret pasted into the wrong field) and counted against the address.
 */
@ApplicationScoped
public class ResourceServerGate {

    /** The outcome; {@code retryAfter} is set when the caller must wait. */
    public record Decision(boolean accepted, Duration retryAfter) {
        static final Decision ACCEPTED = new Decision(true, null);
        static final Decision REFUSED = new Decision(false, null);

        static Decision waitFor(Duration wait) {
            return new Decision(false, wait);
        }
    }

    @Inject
    ResourceServerClients clients;

    @Inject
    ClientThrottle throttle;

    @Inject
    AuditLog audit;

    /** {@code clientId} null: the credentials could not be read. */
    public Decision authenticate(String clientId, String secret, RequestFacts facts) {
        if (!clients.any()) {
            return Decision.REFUSED;
        }
        Optional<Duration> addressWait = throttle.addressWait(facts);
        if (addressWait.isPresent()) {
            return Decision.waitFor(addressWait.get());
        }
        if (clientId == null) {
            return failed(facts, "reason=unreadable credentials", Decision.REFUSED);
        }
        if (!clients.knows(clientId)) {
            return failed(facts, "reason=unknown client id", Decision.REFUSED);
        }
        if (clients.remembered(clientId, secret)) {
            return Decision.ACCEPTED;
        }
        Optional<Duration> clientWait = throttle.beforeSecretCheck(clientId);
        if (clientWait.isPresent()) {
            return failed(facts, "client=" + clientId + " reason=backing off, secret not checked", Decision.waitFor(clientWait.get()));
        }
        if (clients.verify(clientId, secret)) {
            throttle.secretAccepted(clientId);
            return Decision.ACCEPTED;
        }
        return failed(facts, "client=" + clientId + " reason=wrong secret", Decision.REFUSED);
    }

    private Decision failed(RequestFacts facts, String detail, Decision decision) {
        audit.record(AuditType.CLIENT_AUTH_FAILED, null, null, null, facts, detail);
        throttle.failed(facts);
        return decision;
    }
}
