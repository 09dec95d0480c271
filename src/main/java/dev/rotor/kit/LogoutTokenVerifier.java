package dev.rotor.kit;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks a logout token (OpenID Connect Back-Channel Logout 1.0 §2.6) with the JDK alone: signed
 * (RS256, RS384, RS512, ES256, ES384) by a key Rotor publishes, header {@code typ}
 * {@code logout+jwt}, {@code iss} Rotor's issuer, {@code aud} containing this app's client id,
 * {@code iat} within the last {@link #MAX_AGE} (and not ahead by more than {@link #SKEW}),
 * {@code exp} not past, the back-channel logout member in {@code events}, a {@code sid} or a
 * {@code sub}, no {@code nonce}, and a {@code jti} this instance has not seen before.
 */
final class LogoutTokenVerifier {

    static final String EVENT = "http://schemas.openid.net/event/backchannel-logout";
    static final Duration MAX_AGE = Duration.ofMinutes(5);
    static final Duration SKEW = Duration.ofSeconds(60);
    static final int MAX_REMEMBERED = 100_000;
    private static final JsonProvider JSON = JsonProvider.provider();
    private static final Base64.Decoder B64 = Base64.getUrlDecoder();

    /** The public key Rotor publishes under a key id; empty when it publishes none by that id. */
    interface Keys {
        Optional<PublicKey> find(String kid);
    }

    /** Why a token is refused (its message goes into {@code error_description}; it never holds the token). */
    static final class Refused extends Exception {
        Refused(String reason) {
            super(reason, null, false, false);
        }
    }

    /** What a valid logout token says: whose session ended ({@code sid} and/or {@code sub}, either may be null). */
    record Logout(String sid, String sub) {
    }

    private final Keys keys;
    private final String issuer;
    private final String clientId;
    private final Clock clock;
    private final Map<String, Instant> seenJtis = new ConcurrentHashMap<>();

    LogoutTokenVerifier(Keys keys, String issuer, String clientId, Clock clock) {
        this.keys = keys;
        this.issuer = issuer;
        this.clientId = clientId;
        this.clock = clock;
    }

    Logout verify(String token) throws Refused {
        if (token == null || token.isEmpty() || token.length() > 16_384) {
            throw new Refused("no logout_token");
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            throw new Refused("not a signed JWT");
        }
        JsonObject header = json(parts[0]);
        JsonObject claims = json(parts[1]);
        String typ = string(header, "typ");
        if (typ == null || !(typ.equalsIgnoreCase("logout+jwt") || typ.equalsIgnoreCase("application/logout+jwt"))) {
            throw new Refused("typ is not logout+jwt");
        }
        String alg = string(header, "alg");
        String kid = string(header, "kid");
        PublicKey key = (kid == null ? Optional.<PublicKey>empty() : keys.find(kid))
                .orElseThrow(() -> new Refused("not signed by a key Rotor publishes"));
        if (!signatureValid(alg, key, (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII), decode(parts[2]))) {
            throw new Refused("bad signature");
        }
        if (!issuer.equals(string(claims, "iss"))) {
            throw new Refused("wrong issuer");
        }
        if (!audienceContains(claims.get("aud"))) {
            throw new Refused("not for this client");
        }
        Instant now = clock.instant();
        Instant iat = instant(claims, "iat").orElseThrow(() -> new Refused("no iat"));
        if (iat.isBefore(now.minus(MAX_AGE)) || iat.isAfter(now.plus(SKEW))) {
            throw new Refused("iat not recent");
        }
        Optional<Instant> exp = instant(claims, "exp");
        if (exp.isPresent() && exp.get().isBefore(now.minus(SKEW))) {
            throw new Refused("expired");
        }
        JsonValue events = claims.get("events");
        if (!(events instanceof JsonObject object) || !(object.get(EVENT) instanceof JsonObject)) {
            throw new Refused("no back-channel logout event");
        }
        if (claims.containsKey("nonce")) {
            throw new Refused("a logout token carries no nonce");
        }
        String sid = string(claims, "sid");
        String sub = string(claims, "sub");
        if (sid == null && sub == null) {
            throw new Refused("neither sid nor sub");
        }
        String jti = string(claims, "jti");
        if (jti == null) {
            throw new Refused("no jti");
        }
        remember(jti, now);
        return new Logout(sid, sub);
    }

    /** Records {@code jti} until a token with it could no longer pass the iat check; refuses one seen before. */
    private void remember(String jti, Instant now) throws Refused {
        if (seenJtis.size() >= MAX_REMEMBERED) {
            for (Iterator<Instant> forgetAt = seenJtis.values().iterator(); forgetAt.hasNext(); ) {
                if (forgetAt.next().isBefore(now)) {
                    forgetAt.remove();
                }
            }
        }
        if (seenJtis.putIfAbsent(jti, now.plus(MAX_AGE).plus(SKEW).plus(SKEW)) != null) {
            throw new Refused("jti seen before");
        }
    }

    private boolean audienceContains(JsonValue aud) {
        if (aud instanceof JsonString one) {
            return clientId.equals(one.getString());
        }
        if (aud != null && aud.getValueType() == JsonValue.ValueType.ARRAY) {
            return aud.asJsonArray().stream().anyMatch(v -> v instanceof JsonString s && clientId.equals(s.getString()));
        }
        return false;
    }

    private static boolean signatureValid(String alg, PublicKey key, byte[] signed, byte[] signature) throws Refused {
        String jca;
        int ecPart = 0;
        switch (alg == null ? "" : alg) {
            case "RS256" -> jca = "SHA256withRSA";
            case "RS384" -> jca = "SHA384withRSA";
            case "RS512" -> jca = "SHA512withRSA";
            case "ES256" -> { jca = "SHA256withECDSA"; ecPart = 32; }
            case "ES384" -> { jca = "SHA384withECDSA"; ecPart = 48; }
            default -> throw new Refused("unsupported alg");
        }
        if (ecPart > 0 != key.getAlgorithm().equals("EC")) {
            throw new Refused("alg does not match the key");
        }
        try {
            Signature verifier = Signature.getInstance(jca);
            verifier.initVerify(key);
            verifier.update(signed);
            return verifier.verify(ecPart > 0 ? der(signature, ecPart) : signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** A JOSE ECDSA signature (r and s, {@code part} bytes each) as the DER sequence the JDK verifies. */
    private static byte[] der(byte[] jose, int part) throws Refused {
        if (jose.length != 2 * part) {
            throw new Refused("bad signature");
        }
        byte[] r = new BigInteger(1, java.util.Arrays.copyOfRange(jose, 0, part)).toByteArray();
        byte[] s = new BigInteger(1, java.util.Arrays.copyOfRange(jose, part, 2 * part)).toByteArray();
        int length = 2 + r.length + 2 + s.length;
        var out = new java.io.ByteArrayOutputStream();
        out.write(0x30);
        if (length > 127) {
            out.write(0x81);
        }
        out.write(length);
        out.write(0x02);
        out.write(r.length);
        out.writeBytes(r);
        out.write(0x02);
        out.write(s.length);
        out.writeBytes(s);
        return out.toByteArray();
    }

    private static JsonObject json(String part) throws Refused {
        try (var reader = JSON.createReader(new StringReader(new String(decode(part), StandardCharsets.UTF_8)))) {
            return reader.readObject();
        } catch (RuntimeException e) {
            throw new Refused("not a JWT");
        }
    }

    private static byte[] decode(String part) throws Refused {
        try {
            return B64.decode(part);
        } catch (IllegalArgumentException e) {
            throw new Refused("not a JWT");
        }
    }

    private static String string(JsonObject object, String name) {
        return object.get(name) instanceof JsonString s ? s.getString() : null;
    }

    private static Optional<Instant> instant(JsonObject object, String name) {
        return object.get(name) instanceof JsonNumber n ? Optional.of(Instant.ofEpochSecond(n.longValue())) : Optional.empty();
    }
}
