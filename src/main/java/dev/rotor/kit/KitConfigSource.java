package dev.rotor.kit;

import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Points MicroProfile JWT at Rotor, so a WAR sets only {@code rotor.kit.base-url} and
 * {@code rotor.kit.client-id}: the key set and issuer follow from the first, the audience from the
 * second. This resource server accepts only tokens issued for it: {@code rotor.kit.audience},
 * by default {@code urn:rotor:resource-server:<client id>}, which is also Rotor's default for a
 * resource server it knows by that id; not Rotor's own audience, so a token meant for Rotor's API
 * or for another resource server is refused here. The values are property expressions, expanded
 * by MP Config; the ordinal is below the WAR's own {@code microprofile-config.properties} (100), so
 * any of these can still be set there.
 */
public class KitConfigSource implements ConfigSource {

    private static final Map<String, String> DEFAULTS = Map.of(
            "mp.jwt.verify.publickey.location", "${rotor.kit.base-url}/.well-known/jwks.json",
            "mp.jwt.verify.issuer", "${rotor.kit.issuer:${rotor.kit.base-url}}",
            "rotor.kit.audience", "urn:rotor:resource-server:${rotor.kit.client-id}",
            "mp.jwt.verify.audiences", "${rotor.kit.audience}",
            "mp.jwt.verify.publickey.algorithm", "${rotor.kit.signing-algorithm:RS256}");

    @Override
    public Set<String> getPropertyNames() {
        return DEFAULTS.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return DEFAULTS.get(propertyName);
    }

    @Override
    public String getName() {
        return "rotor-resource-server-kit";
    }

    @Override
    public int getOrdinal() {
        return 50;
    }
}
