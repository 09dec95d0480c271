package dev.rotor.token.control;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import dev.rotor.token.entity.SigningKey;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.text.ParseException;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The signing key: generated at the first start (RSA 2048 for RS256, P-256 for ES256),
 * stored in the database so every instance signs with the same key, loaded once.
 */
@ApplicationScoped
public class SigningKeys {

    private static final Logger LOG = Logger.getLogger(SigningKeys.class.getName());

    @PersistenceContext(unitName = "rotor")
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    @ConfigProperty(name = "rotor.signing.algorithm", defaultValue = "RS256")
    String algorithmName;

    private volatile JWSAlgorithm algorithm;
    private volatile JWK activeKey;
    private volatile JWSSigner signer;
    private volatile JWKSet publicKeys;

    @Transactional
    public void load() {
        algorithm = configuredAlgorithm();
        List<SigningKey> existing = em.createNamedQuery("SigningKey.byAlgorithm", SigningKey.class)
                .setParameter("algorithm", algorithm.getName())
                .getResultList();
        SigningKey key = existing.isEmpty() ? generate(algorithm) : existing.get(0);
        try {
            activeKey = JWK.parse(key.privateJwk());
            signer = algorithm.equals(JWSAlgorithm.ES256)
                    ? new ECDSASigner(activeKey.toECKey())
                    : new RSASSASigner(activeKey.toRSAKey());
        } catch (ParseException | JOSEException e) {
            throw new IllegalStateException("Stored signing key " + key.kid() + " cannot be read", e);
        }
        publicKeys = readPublicKeys();
        LOG.info(() -> "Signing with key " + activeKey.getKeyID() + " (" + algorithm + ")");
    }

    private SigningKey generate(JWSAlgorithm algorithm) {
        String kid = UUID.randomUUID().toString();
        try {
            JWK jwk = algorithm.equals(JWSAlgorithm.ES256)
                    ? new ECKeyGenerator(Curve.P_256).keyID(kid).keyUse(KeyUse.SIGNATURE).algorithm(algorithm).generate()
                    : new RSAKeyGenerator(2048).keyID(kid).keyUse(KeyUse.SIGNATURE).algorithm(algorithm).generate();
            var key = new SigningKey(kid, algorithm.getName(), jwk.toJSONString(), jwk.toPublicJWK().toJSONString(), clock.instant());
            em.persist(key);
            em.flush();
            LOG.info(() -> "Generated signing key " + kid + " (" + algorithm + ")");
            return key;
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot generate a signing key", e);
        }
    }

    private JWKSet readPublicKeys() {
        var keys = em.createNamedQuery("SigningKey.all", SigningKey.class).getResultStream()
                .map(k -> {
                    try {
                        return JWK.parse(k.publicJwk());
                    } catch (ParseException e) {
                        throw new IllegalStateException("Stored public key " + k.kid() + " cannot be read", e);
                    }
                })
                .toList();
        return new JWKSet(keys);
    }

    private JWSAlgorithm configuredAlgorithm() {
        JWSAlgorithm configured = JWSAlgorithm.parse(algorithmName);
        if (!configured.equals(JWSAlgorithm.RS256) && !configured.equals(JWSAlgorithm.ES256)) {
            throw new IllegalStateException("rotor.signing.algorithm must be RS256 or ES256, not " + algorithmName);
        }
        return configured;
    }

    /** The algorithm the active key signs with, read from the configuration once in {@link #load()}. */
    public JWSAlgorithm algorithm() {
        return algorithm;
    }

    public boolean isLoaded() {
        return signer != null;
    }

    public String activeKeyId() {
        return activeKey.getKeyID();
    }

    public JWSSigner signer() {
        return signer;
    }

    /** The public keys of every stored key, for {@code /.well-known/jwks.json}. */
    public JWKSet publicKeys() {
        return publicKeys;
    }
}
