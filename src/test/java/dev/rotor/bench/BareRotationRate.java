package dev.rotor.bench;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.function.IntUnaryOperator;

/**
 * The floor under any refresh rotation on this machine: what a rotation cannot do without, done
 * with nothing around it. Per operation one read of the session row, a SHA-256 of the successor,
 * one compare-and-set {@code UPDATE} and commit on PostgreSQL (on the same cores, as in the real
 * run) and one RS256 signature of an access token with Rotor's claims; no HTTP, no server, no
 * audit. A server's rotation rate cannot pass its closed-loop rate, so a target above it is out
 * of reach; and its latency in an open loop at a server's half rate is the least that server's
 * half-rate latency can be on this machine.
 *
 * <p>Each of the driver's threads rotates its own row on its own connection ({@link Lane}).
 */
final class BareRotationRate implements AutoCloseable {

    private final Lane[] lanes;

    private BareRotationRate(Lane[] lanes) {
        this.lanes = lanes;
    }

    /** A fresh database with the session table and one row and connection per thread. */
    static BareRotationRate open(Options options, String database, int threads) throws Exception {
        var postgres = new Postgres(options);
        postgres.recreate(database);
        try (Connection setup = postgres.connect(database)) {
            setup.setAutoCommit(true);
            try (var statement = setup.createStatement()) {
                statement.execute("CREATE TABLE family (id VARCHAR(36) PRIMARY KEY, generation BIGINT NOT NULL, "
                        + "current_hash VARCHAR(64) NOT NULL, chain_seed VARCHAR(64) NOT NULL, status VARCHAR(24) NOT NULL, "
                        + "rotated_at TIMESTAMP NOT NULL, idle_expires_at TIMESTAMP NOT NULL, client_ip VARCHAR(64))");
            }
        }
        var signer = new RSASSASigner(new RSAKeyGenerator(2048).keyID("bench").generate());
        Lane[] lanes = new Lane[threads];
        for (int t = 0; t < threads; t++) {
            lanes[t] = new Lane(postgres.connect(database), signer);
        }
        return new BareRotationRate(lanes);
    }

    /** One bare rotation on the calling driver thread's own row: 200, as a server's success. */
    IntUnaryOperator operation() {
        return thread -> {
            try {
                lanes[thread].rotate();
                return 200;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
    }

    @Override
    public void close() throws Exception {
        for (Lane lane : lanes) {
            if (lane != null) {
                lane.close();
            }
        }
    }

    /** One thread's session row, connection and statements. */
    private static final class Lane implements AutoCloseable {
        private final String id = UUID.randomUUID().toString();
        private final SecureRandom random = new SecureRandom();
        private final Connection db;
        private final RSASSASigner signer;
        private final PreparedStatement read;
        private final PreparedStatement advance;

        Lane(Connection db, RSASSASigner signer) throws Exception {
            this.db = db;
            this.signer = signer;
            db.setAutoCommit(false);
            try (PreparedStatement insert = db.prepareStatement("INSERT INTO family VALUES (?, 0, ?, ?, 'ACTIVE', ?, ?, '127.0.0.1')")) {
                Timestamp now = Timestamp.from(Instant.now());
                insert.setString(1, id);
                insert.setString(2, hex(sha256(new byte[32])));
                insert.setString(3, hex(sha256(new byte[16])));
                insert.setTimestamp(4, now);
                insert.setTimestamp(5, now);
                insert.executeUpdate();
            }
            db.commit();
            read = db.prepareStatement("SELECT generation, current_hash, chain_seed, status FROM family WHERE id = ?");
            advance = db.prepareStatement("UPDATE family SET generation = ?, current_hash = ?, rotated_at = ?, "
                    + "idle_expires_at = ?, client_ip = ? WHERE id = ? AND generation = ? AND status = 'ACTIVE'");
        }

        void rotate() throws Exception {
            read.setString(1, id);
            long generation;
            try (ResultSet row = read.executeQuery()) {
                row.next();
                generation = row.getLong(1);
            }
            byte[] successor = new byte[32];
            random.nextBytes(successor);
            Instant at = Instant.now();
            advance.setLong(1, generation + 1);
            advance.setString(2, hex(sha256(successor)));
            advance.setTimestamp(3, Timestamp.from(at));
            advance.setTimestamp(4, Timestamp.from(at.plus(Duration.ofDays(14))));
            advance.setString(5, "127.0.0.1");
            advance.setString(6, id);
            advance.setLong(7, generation);
            if (advance.executeUpdate() != 1) {
                throw new IllegalStateException("lost a compare-and-set on a row no other thread writes");
            }
            db.commit();
            sign(signer, id, at);
        }

        @Override
        public void close() throws Exception {
            db.close();
        }
    }

    /** An access token with the claims Rotor's have (AccessTokenIssuer), signed RS256. */
    private static String sign(RSASSASigner signer, String sessionId, Instant now) throws JOSEException {
        var claims = new JWTClaimsSet.Builder()
                .issuer("http://localhost:18080")
                .subject(UUID.randomUUID().toString())
                .claim("upn", "bench-user-1")
                .claim("groups", List.of("user"))
                .audience("rotor")
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(900)))
                .jwtID(UUID.randomUUID().toString())
                .claim("sid", sessionId)
                .claim("tv", 0)
                .claim("client_id", "rotor-cli")
                .build();
        var jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).keyID("bench").build(), claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    private static byte[] sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return MessageDigest.getInstance("SHA-256").digest(bytes);
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
