package dev.rotor.client.control;

import dev.rotor.audit.control.AuditLog;
import dev.rotor.audit.entity.AuditType;
import dev.rotor.client.entity.ClientSecret;
import dev.rotor.platform.RequestFacts;
import dev.rotor.throttle.control.ClientThrottle;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Authenticates the client of a token or revocation request (RFC 6749 §2.3, §3.2.1):
 * <ul>
 *   <li>a public client names itself ({@code none}, or Basic with an empty password) and presents
 *       no secret; one that presents a secret is refused;</li>
 *   <li>a confidential client presents one of its unexpired secrets, by {@code client_secret_basic}
 *       or {@code client_secret_post}, on every request. The presented secret is compared with every
 *       secret of the client, each in constant time and with no early exit.</li>
 * </ul>
 * An unknown or disabled client, a wrong, missing or superfluous secret: {@link InvalidClient}
 * (401), audited {@code CLIENT_AUTH_FAILED} (the id only when it is a client's: an unknown "id" may
 * be a secret pasted into the wrong field; never the secret) and counted against the address by
 * {@link ClientThrottle}. A request with a secret from an address locked out after too many
 * failures waits ({@link ClientAuthenticationThrottled}, 429) even with the right secret. Wrong
 * secrets are also counted per client id; after the free failures the id backs off and its wrong
 * secrets answer 429 too. The right secret is never refused for its id's count, so nobody can lock
 * a client out by sending its id (the secrets are 256 random bits: guessing them is hopeless
 * anyway; the throttle bounds the noise).
 */
@ApplicationScoped
public class ClientAuthentication {

    @PersistenceContext(unitName = "rotor")
    EntityManager em;

    @Inject
    Clients clients;

    @Inject
    ClientThrottle throttle;

    @Inject
    AuditLog audit;

    @Inject
    Clock clock;

    /** The enabled client {@code presented} authenticates, or a refusal. */
    public OAuthClient authenticate(ClientCredentials presented, RequestFacts facts) {
        if (presented.hasSecret()) {
            Optional<Duration> addressWait = throttle.addressWait(facts);
            if (addressWait.isPresent()) {
                throw new ClientAuthenticationThrottled(ClientThrottle.seconds(addressWait.get()));
            }
        }
        Optional<OAuthClient> found = clients.find(presented.clientId());
        if (found.isEmpty()) {
            throw failed(facts, "reason=unknown client id, method=" + method(presented));
        }
        OAuthClient client = found.get();
        String known = "client=" + client.clientId() + " method=" + method(presented) + " reason=";
        if (!client.enabled()) {
            throw failed(facts, known + "client disabled");
        }
        if (client.isPublic()) {
            if (presented.hasSecret()) {
                throw failed(facts, known + "a public client presented a secret");
            }
            return client;
        }
        if (!presented.hasSecret()) {
            throw failed(facts, known + "no secret");
        }
        if (matchesOneOf(presented.secret(), secrets(client.clientId()))) {
            return client;
        }
        Optional<Duration> clientWait = throttle.beforeSecretCheck(client.clientId());
        if (clientWait.isPresent()) {
            failed(facts, known + "wrong secret, backing off");
            throw new ClientAuthenticationThrottled(ClientThrottle.seconds(clientWait.get()));
        }
        throw failed(facts, known + "wrong secret");
    }

    private List<ClientSecret> secrets(String clientId) {
        return em.createNamedQuery("ClientSecret.byClient", ClientSecret.class)
                .setParameter("clientId", clientId)
                .getResultList();
    }

    /** Whether {@code presented} is one of the unexpired {@code secrets}: every one compared, in constant time, no early exit. */
    boolean matchesOneOf(String presented, List<ClientSecret> secrets) {
        Instant now = clock.instant();
        boolean matched = false;
        for (ClientSecret secret : secrets) {
            matched |= ClientSecrets.matches(presented, secret.secretHash()) & secret.isValid(now);
        }
        return matched;
    }

    private InvalidClient failed(RequestFacts facts, String detail) {
        audit.record(AuditType.CLIENT_AUTH_FAILED, null, null, null, facts, detail);
        throttle.failed(facts);
        return new InvalidClient();
    }

    private static String method(ClientCredentials presented) {
        return switch (presented.method()) {
            case BASIC -> "client_secret_basic";
            case POST -> "client_secret_post";
            case NONE -> "none";
        };
    }
}
