package dev.rotor.session.control;

import dev.rotor.platform.RequestFacts;
import dev.rotor.session.entity.Family;
import java.time.Duration;
import java.time.Instant;

/** Test fixture: a family plus the real refresh tokens of each generation it went through. */
final class Families {

    static final String CLIENT = "rotor-cli";

    private String accountId = "account-1";
    private Instant startedAt = Instant.parse("2026-01-01T10:00:00Z");
    private Duration absoluteTtl = Duration.ofDays(30);
    private Duration idleTtl = Duration.ofDays(7);

    static Families active() {
        return new Families();
    }

    Families ownedBy(String accountId) {
        this.accountId = accountId;
        return this;
    }

    Families startedAt(Instant instant) {
        this.startedAt = instant;
        return this;
    }

    Families absoluteTtl(Duration ttl) {
        this.absoluteTtl = ttl;
        return this;
    }

    Families idleTtl(Duration ttl) {
        this.idleTtl = ttl;
        return this;
    }

    Built build() {
        byte[] secret = RefreshTokens.newSecret();
        var family = new Family(Family.newId(), accountId, CLIENT, RequestFacts.NONE, startedAt,
                absoluteTtl, idleTtl, RefreshTokens.newChainSeed(), RefreshTokens.hash(secret));
        return new Built(family, RefreshTokens.format(family.id(), 0, secret));
    }

    record Built(Family family, String token) {
        RefreshTokens.Presented presented() {
            return RefreshTokens.parse(token).orElseThrow();
        }
    }
}
