package dev.rotor.session.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.rotor.account.entity.Account;
import dev.rotor.account.entity.Username;
import dev.rotor.platform.RequestFacts;
import dev.rotor.session.control.RefreshResult.Refusal;
import dev.rotor.session.control.RefreshResult.Refused;
import dev.rotor.session.control.RefreshResult.Retried;
import dev.rotor.session.control.RefreshResult.Rotated;
import dev.rotor.session.entity.Session;
import dev.rotor.session.entity.SessionStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * One test per rotation case, on a fixed clock: no sleeps. A token is verified first, as
 * {@link Refreshes} does; one that fails verification never reaches the rules and is refused as forged.
 */
class RefreshRotationTest {

    static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    static final Duration GRACE = Duration.ofSeconds(10);
    static final Duration IDLE = Duration.ofDays(7);

    RefreshRotation cut = new RefreshRotation(GRACE, IDLE);
    final Account enabled = new Account(new Username("alice"), "hash", Set.of("user"), T0);
    final Account disabled = new Account(new Username("bob"), "hash", Set.of("user"), T0);

    /** Hands out the refresh token alone: the access token beside it is not the rules' business. */
    static final RefreshRotation.Handout REFRESH_TOKEN_ONLY = (session, refreshToken) -> new Issued(null, session, null, refreshToken);

    RefreshRotationTest() {
        disabled.disable();
    }

    private RefreshResult present(String token, Session family, Instant at) {
        return present(RefreshTokens.parse(token).orElseThrow(), family, SessionFixture.CLIENT, enabled, at);
    }

    private RefreshResult present(RefreshToken token, Session family, String clientId, Account account, Instant at) {
        return RefreshTokens.verify(token, family)
                .map(verified -> cut.rotate(verified, family, clientId, account, at, RequestFacts.NONE, REFRESH_TOKEN_ONLY))
                .orElse(new Refused(Refusal.FORGED));
    }

    private String rotatedToken(RefreshResult result) {
        return assertInstanceOf(Rotated.class, result).issued().refreshToken();
    }

    private static Refusal refusal(RefreshResult result) {
        return assertInstanceOf(Refused.class, result).reason();
    }

    @Test
    void currentTokenRotatesToTheNextGeneration() {
        var built = SessionFixture.active().startedAt(T0).build();
        String next = rotatedToken(present(built.token(), built.family(), T0.plusSeconds(60)));
        assertEquals(1, built.family().generation());
        assertEquals(1, RefreshTokens.parse(next).orElseThrow().generation());
        assertEquals(T0.plusSeconds(60), built.family().lastUsedAt());
        assertEquals(SessionStatus.ACTIVE, built.family().status());
        rotatedToken(present(next, built.family(), T0.plusSeconds(120)));
        assertEquals(2, built.family().generation());
    }

    @Test
    void previousTokenWithinGraceGetsTheSameSuccessor() {
        var built = SessionFixture.active().startedAt(T0).build();
        String next = rotatedToken(present(built.token(), built.family(), T0));
        RefreshResult retry = present(built.token(), built.family(), T0.plusSeconds(9));
        assertEquals(next, assertInstanceOf(Retried.class, retry).issued().refreshToken());
        assertEquals(1, built.family().generation(), "a retry does not rotate");
        assertEquals(SessionStatus.ACTIVE, built.family().status());
    }

    @Test
    void previousTokenAfterGraceIsReuseAndEndsTheFamily() {
        var built = SessionFixture.active().startedAt(T0).build();
        String next = rotatedToken(present(built.token(), built.family(), T0));
        assertEquals(Refusal.REUSE, refusal(present(built.token(), built.family(), T0.plus(GRACE))));
        assertEquals(SessionStatus.REUSE_DETECTED, built.family().status());
        assertEquals(Refusal.ENDED, refusal(present(next, built.family(), T0.plus(GRACE).plusSeconds(1))),
                "the newest holder is cut off too");
    }

    @Test
    void twoGenerationsBackIsReuseEvenInsideGrace() {
        var built = SessionFixture.active().startedAt(T0).build();
        String gen1 = rotatedToken(present(built.token(), built.family(), T0));
        rotatedToken(present(gen1, built.family(), T0.plusSeconds(1)));
        assertEquals(Refusal.REUSE, refusal(present(built.token(), built.family(), T0.plusSeconds(2))));
        assertEquals(SessionStatus.REUSE_DETECTED, built.family().status());
    }

    @Test
    void zeroGraceMakesEveryRetryAReuse() {
        cut = new RefreshRotation(Duration.ZERO, IDLE);
        var built = SessionFixture.active().startedAt(T0).build();
        rotatedToken(present(built.token(), built.family(), T0));
        assertEquals(Refusal.REUSE, refusal(present(built.token(), built.family(), T0)));
    }

    @Test
    void forgedTokenNamingTheFamilyIsRefusedAndRevokesNothing() {
        var built = SessionFixture.active().startedAt(T0).build();
        String forged = RefreshTokens.format(built.family().id(), 0, RefreshTokens.newSecret());
        assertEquals(Refusal.FORGED, refusal(present(forged, built.family(), T0)));
        String fromTheFuture = RefreshTokens.format(built.family().id(), 5, RefreshTokens.newSecret());
        assertEquals(Refusal.FORGED, refusal(present(fromTheFuture, built.family(), T0)));
        assertEquals(SessionStatus.ACTIVE, built.family().status());
        rotatedToken(present(built.token(), built.family(), T0));
    }

    @Test
    void forgedOldGenerationIsNotMistakenForReuse() {
        var built = SessionFixture.active().startedAt(T0).build();
        String gen1 = rotatedToken(present(built.token(), built.family(), T0));
        rotatedToken(present(gen1, built.family(), T0.plusSeconds(1)));
        String forgedGen0 = RefreshTokens.format(built.family().id(), 0, RefreshTokens.newSecret());
        assertEquals(Refusal.FORGED, refusal(present(forgedGen0, built.family(), T0.plusSeconds(60))));
        assertEquals(SessionStatus.ACTIVE, built.family().status());
    }

    @Test
    void absoluteExpiryIsNeverExtendedByRotation() {
        var built = SessionFixture.active().startedAt(T0).absoluteTtl(Duration.ofHours(1)).idleTtl(Duration.ofMinutes(30)).build();
        String token = built.token();
        Instant at = T0;
        for (int i = 0; i < 5; i++) {
            at = at.plus(Duration.ofMinutes(11));
            token = rotatedToken(present(token, built.family(), at));
            assertEquals(T0.plus(Duration.ofHours(1)), built.family().absoluteExpiresAt());
        }
        assertEquals(T0.plus(Duration.ofHours(1)), built.family().idleExpiresAt(), "idle expiry capped at the absolute one");
        assertEquals(Refusal.EXPIRED, refusal(present(token, built.family(), T0.plus(Duration.ofHours(1)))));
        assertEquals(SessionStatus.EXPIRED, built.family().status());
    }

    @Test
    void idleSessionExpires() {
        var built = SessionFixture.active().startedAt(T0).idleTtl(Duration.ofMinutes(30)).build();
        assertEquals(Refusal.EXPIRED, refusal(present(built.token(), built.family(), T0.plus(Duration.ofMinutes(30)))));
    }

    @Test
    void endedFamilyRefusesEvenItsCurrentToken() {
        var built = SessionFixture.active().startedAt(T0).build();
        built.family().end(SessionStatus.LOGOUT, T0);
        assertEquals(Refusal.ENDED, refusal(present(built.token(), built.family(), T0.plusSeconds(1))));
        assertEquals(SessionStatus.LOGOUT, built.family().status(), "the first reason stays");
    }

    @Test
    void anotherClientCannotUseTheToken() {
        var built = SessionFixture.active().startedAt(T0).build();
        assertEquals(Refusal.OTHER_CLIENT, refusal(present(built.presented(), built.family(), "rotor-web", enabled, T0)));
        assertEquals(SessionStatus.ACTIVE, built.family().status());
    }

    @Test
    void disabledAccountCannotRefresh() {
        var built = SessionFixture.active().startedAt(T0).build();
        assertEquals(Refusal.ACCOUNT_DISABLED, refusal(present(built.presented(), built.family(), SessionFixture.CLIENT, disabled, T0)));
        assertEquals(SessionStatus.ACTIVE, built.family().status());
    }

    @Test
    void successorsDifferBetweenFamiliesAndGenerations() {
        var a = SessionFixture.active().startedAt(T0).build();
        var b = SessionFixture.active().startedAt(T0).build();
        String a1 = rotatedToken(present(a.token(), a.family(), T0));
        String b1 = rotatedToken(present(b.token(), b.family(), T0));
        String a2 = rotatedToken(present(a1, a.family(), T0.plusSeconds(1)));
        assertNotEquals(a1.split("\\.")[2], b1.split("\\.")[2]);
        assertNotEquals(a1.split("\\.")[2], a2.split("\\.")[2]);
    }

    @Test
    void aTokenOlderThanTheWalkCapIsRefusedAsUnverifiableAndRevokesNothing() {
        var built = SessionFixture.active().startedAt(T0).build();
        String token = built.token();
        for (int i = 0; i <= RefreshTokens.MAX_WALK; i++) {
            token = rotatedToken(present(token, built.family(), T0.plusSeconds(60)));
        }
        assertEquals(Refusal.FORGED, refusal(present(built.token(), built.family(), T0.plusSeconds(120))));
        assertEquals(SessionStatus.ACTIVE, built.family().status(), "one bounded walk, no revocation");
    }

    @Test
    void aSessionAtItsLastGenerationEndsAndItsOwnerSignsInAgain() {
        var built = SessionFixture.active().startedAt(T0).build();
        String token = built.token();
        while (built.family().generation() < RefreshTokens.MAX_GENERATION) {
            token = rotatedToken(present(token, built.family(), T0.plusSeconds(60)));
        }
        assertEquals(Refusal.ROTATION_LIMIT, refusal(present(token, built.family(), T0.plusSeconds(61))));
        assertEquals(SessionStatus.ROTATION_LIMIT, built.family().status());
    }

    @Test
    void aVerificationOfAnotherGenerationThanTheRowsIsNotDecidedOn() {
        var built = SessionFixture.active().startedAt(T0).build();
        var verifiedAtZero = RefreshTokens.verify(built.presented(), built.family()).orElseThrow();
        rotatedToken(present(built.token(), built.family(), T0));
        assertThrows(IllegalArgumentException.class, () -> cut.rotate(verifiedAtZero, built.family(), SessionFixture.CLIENT, enabled, T0,
                RequestFacts.NONE, REFRESH_TOKEN_ONLY), "the caller carries it forward first (RefreshTokens.Verified.at)");
    }
}
