package dev.rotor.session.control;

import dev.rotor.platform.RequestFacts;
import dev.rotor.session.entity.Session;
import java.time.Duration;
import java.time.Instant;

/** Test fixture: a family plus the real refresh tokens of each generation it went through. */
final class SessionFixture {

    static final String CLIENT = "rotor-cli";

    private String accountId = "account-1";
    private Instant startedAt = Instant.parse("2026-01-01T10:00:00Z");
    private Duration absoluteTtl = Duration.ofDays(30);
    private Duration idleTtl = Duration.ofDays(7);

    static SessionFixture active() {
        return new SessionFixture();
    }

    SessionFixture ownedBy(String accountId) {
        this.accountId = accountId;
        return this;
    }

    SessionFixture startedAt(Instant instant) {
        this.startedAt = instant;
        return this;
    }

    SessionFixture absoluteTtl(Duration ttl) {
        this.absoluteTtl = ttl;
        return this;
    }

    SessionFixture idleTtl(Duration ttl) {
        this.idleTtl = ttl;
        return this;
    }

    Built build() {
        byte[] secret = RefreshTokens.newSecret();
        var family = new Session(Session.newId(), accountId, CLIENT, RequestFacts.NONE, startedAt,
                absoluteTtl, idleTtl, RefreshTokens.newChainSeed(), RefreshTokens.hash(secret));
        return new Built(family, RefreshTokens.format(family.id(), 0, secret));
    }

    record Built(Session family, String token) {
        RefreshToken presented() {
            return RefreshTokens.parse(token).orElseThrow();
        }
    }
}
