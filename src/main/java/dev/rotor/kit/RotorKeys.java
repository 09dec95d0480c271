package dev.rotor.kit;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * Rotor's published signing keys ({@code <rotor.kit.base-url>/.well-known/jwks.json}), for the
 * logout receiver: fetched on first use and again when a token names a key id not seen yet, at most
 * once every {@link #REFETCH_AFTER} (a rotated key appears; a forged kid costs nothing).
 */
final class RotorKeys implements LogoutTokenVerifier.Keys {

    private static final Logger LOG = Logger.getLogger(RotorKeys.class.getName());
    private static final JsonProvider JSON = JsonProvider.provider();
    static final Duration REFETCH_AFTER = Duration.ofSeconds(10);

    private final URI jwks;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private volatile Map<String, PublicKey> keys = Map.of();
    private volatile long fetchedAtNanos;
    private volatile boolean fetched;

    RotorKeys(String baseUrl) {
        this.jwks = URI.create(baseUrl + "/.well-known/jwks.json");
    }

    @Override
    public Optional<PublicKey> find(String kid) {
        PublicKey key = keys.get(kid);
        if (key == null && (!fetched || System.nanoTime() - fetchedAtNanos > REFETCH_AFTER.toNanos())) {
            refetch();
            key = keys.get(kid);
        }
        return Optional.ofNullable(key);
    }

    private synchronized void refetch() {
        if (fetched && System.nanoTime() - fetchedAtNanos <= REFETCH_AFTER.toNanos()) {
            return;
        }
        fetchedAtNanos = System.nanoTime();
        fetched = true;
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(jwks).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                LOG.warning(() -> "Rotor's key set answered " + response.statusCode());
                return;
            }
            keys = parse(response.body());
        } catch (java.io.IOException e) {
            LOG.warning(() -> "Rotor's key set could not be read: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The RSA and EC (P-256, P-384) signing keys of a JWK set, by key id. */
    static Map<String, PublicKey> parse(String jwkSet) {
        Map<String, PublicKey> found = new ConcurrentHashMap<>();
        try (var reader = JSON.createReader(new StringReader(jwkSet))) {
            for (JsonValue value : reader.readObject().getJsonArray("keys")) {
                JsonObject jwk = value.asJsonObject();
                String kid = jwk.getString("kid", null);
                if (kid == null || "enc".equals(jwk.getString("use", "sig"))) {
                    continue;
                }
                try {
                    switch (jwk.getString("kty", "")) {
                        case "RSA" -> found.put(kid, KeyFactory.getInstance("RSA").generatePublic(
                                new RSAPublicKeySpec(number(jwk, "n"), number(jwk, "e"))));
                        case "EC" -> {
                            String curve = switch (jwk.getString("crv", "")) {
                                case "P-256" -> "secp256r1";
                                case "P-384" -> "secp384r1";
                                default -> null;
                            };
                            if (curve != null) {
                                AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
                                parameters.init(new ECGenParameterSpec(curve));
                                found.put(kid, KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(
                                        new ECPoint(number(jwk, "x"), number(jwk, "y")), parameters.getParameterSpec(ECParameterSpec.class))));
                            }
                        }
                        default -> { }
                    }
                } catch (java.security.GeneralSecurityException | RuntimeException e) {
                    LOG.warning(() -> "Skipping key " + kid + " of Rotor's key set: " + e);
                }
            }
        }
        return Map.copyOf(found);
    }

    private static BigInteger number(JsonObject jwk, String member) {
        return new BigInteger(1, Base64.getUrlDecoder().decode(jwk.getString(member)));
    }
}
