package dev.rotor.session.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rotor.RecordingEvent;
import dev.rotor.account.control.Accounts;
import dev.rotor.account.control.MfaPolicy;
import dev.rotor.account.entity.Account;
import dev.rotor.account.entity.Username;
import dev.rotor.audit.control.AuditLog;
import dev.rotor.audit.entity.AuditEvent;
import dev.rotor.factor.control.Challenges;
import dev.rotor.factor.control.Factors;
import dev.rotor.factor.control.Passkeys;
import dev.rotor.factor.control.RecoveryCodes;
import dev.rotor.factor.control.Totps;
import dev.rotor.factor.entity.AuthChallenge;
import dev.rotor.factor.entity.FactorKind;
import dev.rotor.factor.entity.Passkey;
import dev.rotor.platform.InstantConverter;
import dev.rotor.platform.Migrations;
import dev.rotor.platform.MovableClock;
import dev.rotor.platform.Refusal;
import dev.rotor.platform.RequestFacts;
import dev.rotor.platform.RotorSettings;
import dev.rotor.platform.TestPersistence;
import dev.rotor.session.entity.Revocation;
import dev.rotor.session.entity.Session;
import dev.rotor.session.entity.SessionStatus;
import dev.rotor.throttle.control.SignInThrottle;
import dev.rotor.token.control.AccessTokenIssuer;
import dev.rotor.token.entity.Authentication;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The second step of a sign-in on a migrated in-memory H2 database, with the factors' checks
 * replaced by fakes (their own tests cover them): the challenge binds the step to the password
 * step, is single use, dies after five wrong answers, expires, and is void when the password or
 * the token version changed between the steps; the session's amr says what was used; the
 * password grant is refused; an admin without a factor is made to enrol.
 */
class SecondStepsTest {

    static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    static final List<String> AUDIENCE = List.of("rotor");
    static final String CLIENT = "rotor-web";
    static final String CODE = "123456";

    JdbcDataSource h2;
    EntityManagerFactory emf;
    EntityManager em;
    final MovableClock clock = new MovableClock(NOW);
    final Sessions sessions = new Sessions();
    final SecondSteps steps = new SecondSteps();
    final Accounts accounts = new Accounts();
    final Set<FactorKind> factorsOfAlice = EnumSet.noneOf(FactorKind.class);
    final Set<String> recoveryCodes = new HashSet<>();
    final List<Authentication> issuedWith = new ArrayList<>();
    final List<String> forgotten = new ArrayList<>();
    boolean totpConfirmed;
    Account alice;

    @BeforeEach
    void database() throws Exception {
        h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:second-steps-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        Migrations.configure(h2, getClass().getClassLoader(), ZoneId.of("UTC")).load().migrate();
        emf = TestPersistence.on(h2, Account.class, Session.class, AuditEvent.class, AuthChallenge.class, Passkey.class,
                Revocation.class, InstantConverter.class);
        em = emf.createEntityManager();
        wire();
        alice = new Account(new Username("alice"), SessionsTest.FakeHasher.hashOf("right password"), Set.of("user"), Instant.EPOCH);
        tx(() -> {
            em.persist(alice);
            return null;
        });
    }

    @AfterEach
    void close() {
        em.close();
        emf.close();
    }

    @Test
    void withoutAFactorTheSessionStartsAtOnceWithPasswordAlone() {
        var started = assertInstanceOf(SignInOutcome.Started.class, signIn(true));
        assertEquals(List.of(Authentication.PWD), started.issued().session().authentication().methods());
        assertEquals("pwd", column("SELECT amr FROM session_family"));
    }

    @Test
    void aRightPasswordOfAnAccountWithAFactorStartsNoSessionButAStepThatASecondFactorCompletes() {
        factorsOfAlice.add(FactorKind.TOTP);
        var step = assertInstanceOf(SignInOutcome.SecondStepNeeded.class, signIn(true));
        assertEquals(EnumSet.of(FactorKind.TOTP), step.methods());
        assertEquals(NOW.plus(Challenges.STEP_TTL), step.expiresAt());
        assertEquals("0", column("SELECT COUNT(*) FROM session_family"), "no session before the second step");
        assertEquals("SECOND_FACTOR", column("SELECT purpose FROM auth_challenge"));
        assertTrue(!column("SELECT id_hash FROM auth_challenge").contains(step.challenge()), "only a hash of the challenge is kept");

        clock.advance(Duration.ofSeconds(30));
        var started = assertInstanceOf(SignInOutcome.Started.class, complete(step, new SecondSteps.Answer.TotpCode(CODE)));

        assertEquals(List.of("pwd", "otp", "mfa"), started.issued().session().authentication().methods());
        assertEquals(NOW.plusSeconds(30), started.issued().session().authentication().time(), "auth_time: when the sign-in completed");
        assertEquals("pwd otp mfa", column("SELECT amr FROM session_family"));
        assertEquals(List.of(new Authentication(NOW.plusSeconds(30), List.of("pwd", "otp", "mfa"))), issuedWith, "the access token says so");
        assertNotNull(column("SELECT used_at FROM auth_challenge"), "consumed");
        assertEquals(List.of("alice"), forgotten, "a completed sign-in clears the username's failures");
    }

    @Test
    void aStepIsSingleUse() {
        factorsOfAlice.add(FactorKind.TOTP);
        var step = (SignInOutcome.SecondStepNeeded) signIn(true);
        assertInstanceOf(SignInOutcome.Started.class, complete(step, new SecondSteps.Answer.TotpCode(CODE)));

        assertThrows(SignInStepExpired.class, () -> complete(step, new SecondSteps.Answer.TotpCode(CODE)));
        assertEquals("1", column("SELECT COUNT(*) FROM session_family"));
    }

    @Test
    void wrongAnswersAreCountedAndTheFifthVoidsTheStep() {
        factorsOfAlice.add(FactorKind.TOTP);
        var step = (SignInOutcome.SecondStepNeeded) signIn(true);
        for (int i = 1; i <= Challenges.MAX_FAILURES; i++) {
            assertEquals(new SignInOutcome.Refused("wrong-second-factor"), complete(step, new SecondSteps.Answer.TotpCode("654321")));
            assertEquals(String.valueOf(i), column("SELECT failures FROM auth_challenge"));
        }
        assertThrows(SignInStepExpired.class, () -> complete(step, new SecondSteps.Answer.TotpCode(CODE)), "void even for the right code");
        assertEquals("0", column("SELECT COUNT(*) FROM session_family"));
        assertEquals(String.valueOf(Challenges.MAX_FAILURES), column("SELECT COUNT(*) FROM audit_event WHERE type = 'SECOND_FACTOR_FAILED'"));
    }

    @Test
    void anAbandonedStepExpires() {
        factorsOfAlice.add(FactorKind.TOTP);
        var step = (SignInOutcome.SecondStepNeeded) signIn(true);
        clock.advance(Challenges.STEP_TTL.plusSeconds(1));
        assertThrows(SignInStepExpired.class, () -> complete(step, new SecondSteps.Answer.TotpCode(CODE)));
    }

    @Test
    void aPasswordChangeOrALogoutEverywhereBetweenTheStepsVoidsTheStep() {
        factorsOfAlice.add(FactorKind.TOTP);
        var beforeTheChange = (SignInOutcome.SecondStepNeeded) signIn(true);
        tx(() -> {
            em.find(Account.class, alice.id()).changePassword(SessionsTest.FakeHasher.hashOf("new password"));
            return null;
        });
        assertThrows(SignInStepExpired.class, () -> complete(beforeTheChange, new SecondSteps.Answer.TotpCode(CODE)));

        var beforeTheCutOff = (SignInOutcome.SecondStepNeeded) signIn(true, "new password");
        tx(() -> em.find(Account.class, alice.id()).cutOffTokens(clock.instant()));
        assertThrows(SignInStepExpired.class, () -> complete(beforeTheCutOff, new SecondSteps.Answer.TotpCode(CODE)));
        assertEquals("0", column("SELECT COUNT(*) FROM session_family"));
    }

    @Test
    void aRecoveryCodeWorksOnceAndSaysHowManyAreLeft() {
        factorsOfAlice.addAll(EnumSet.of(FactorKind.TOTP, FactorKind.RECOVERY_CODE));
        recoveryCodes.addAll(Set.of("aaaa-bbbb-cccc", "dddd-eeee-ffff"));
        var started = assertInstanceOf(SignInOutcome.Started.class,
                complete((SignInOutcome.SecondStepNeeded) signIn(true), new SecondSteps.Answer.RecoveryCode("aaaa-bbbb-cccc")));
        assertEquals(1, started.recoveryCodesLeft());
        assertEquals(List.of("pwd", "otp", "mfa"), started.issued().session().authentication().methods());
        assertEquals("1", column("SELECT COUNT(*) FROM audit_event WHERE type = 'RECOVERY_CODE_USED'"));

        assertEquals(new SignInOutcome.Refused("wrong-second-factor"),
                complete((SignInOutcome.SecondStepNeeded) signIn(true), new SecondSteps.Answer.RecoveryCode("aaaa-bbbb-cccc")));
    }

    @Test
    void aPasskeyAnswersTheStepWithItsKindOfKey() {
        factorsOfAlice.add(FactorKind.PASSKEY);
        var step = (SignInOutcome.SecondStepNeeded) signIn(true);
        assertEquals("{\"publicKey\":{\"challenge\":\"kept-request\"}}", step.publicKey(), "the browser gets the assertion request");
        assertEquals("kept-request", column("SELECT webauthn_request FROM auth_challenge"));

        assertEquals(new SignInOutcome.Refused("wrong-second-factor"), complete(step, new SecondSteps.Answer.PasskeyResponse("{\"bad\":1}", null)));
        var started = assertInstanceOf(SignInOutcome.Started.class, complete(step, new SecondSteps.Answer.PasskeyResponse("{\"good\":1}", null)));
        assertEquals(List.of("pwd", "hwk", "user", "mfa"), started.issued().session().authentication().methods());
    }

    @Test
    void thePasswordGrantRefusesAnAccountWithAFactorAndOneThatMustEnrol() {
        factorsOfAlice.add(FactorKind.TOTP);
        var refused = assertThrows(SecondFactorRequired.class, () -> signIn(false));
        assertEquals("invalid_grant", refused.oauth().orElseThrow().error());

        factorsOfAlice.clear();
        tx(() -> {
            em.find(Account.class, alice.id()).grantRoles(Set.of("user", "admin"));
            return null;
        });
        assertThrows(SecondFactorRequired.class, () -> signIn(false));
        assertEquals("0", column("SELECT COUNT(*) FROM session_family"));
    }

    @Test
    void anAdminWithoutAFactorEnrolsOneBeforeGettingASessionAndItsOtherSessionsEnd() {
        var before = assertInstanceOf(SignInOutcome.Started.class, signIn(true)).issued().session().id();
        tx(() -> {
            em.find(Account.class, alice.id()).grantRoles(Set.of("user", "admin"));
            return null;
        });

        var step = assertInstanceOf(SignInOutcome.SecondStepNeeded.class, signIn(true));
        assertTrue(step.enrolment());
        assertEquals(NOW.plus(Challenges.ENROLMENT_TTL), step.expiresAt());
        assertEquals(new SignInOutcome.Refused("wrong-second-factor"), complete(step, new SecondSteps.Answer.TotpCode("000000")));
        assertThrows(InvalidSecondStep.class, () -> complete(step, new SecondSteps.Answer.RecoveryCode("aaaa-bbbb-cccc")));

        var started = assertInstanceOf(SignInOutcome.Started.class, complete(step, new SecondSteps.Answer.TotpCode(CODE)));
        assertTrue(totpConfirmed);
        assertEquals(List.of("pwd", "otp", "mfa"), started.issued().session().authentication().methods());
        assertEquals(2, started.newRecoveryCodes().size(), "recovery codes made at enrolment, shown once");
        assertEquals("FACTOR_CHANGED", column("SELECT status FROM session_family WHERE id = '" + before + "'"));
        assertEquals("1", column("SELECT COUNT(*) FROM audit_event WHERE type = 'TOTP_ENROLLED'"));
    }

    @Test
    void aSecondFactorStepIsNoEnrolment() {
        factorsOfAlice.add(FactorKind.TOTP);
        var step = (SignInOutcome.SecondStepNeeded) signIn(true);
        assertThrows(SignInStepExpired.class, () -> steps.beginTotpEnrolment(step.challenge()));
        assertThrows(SignInStepExpired.class, () -> complete(new SignInOutcome.SecondStepNeeded("not-a-challenge", Set.of(), NOW, false, null),
                new SecondSteps.Answer.TotpCode(CODE)));
    }

    // --- helpers

    private SignInOutcome signIn(boolean browser) {
        return signIn(browser, "right password");
    }

    private SignInOutcome signIn(boolean browser, String password) {
        return tx(() -> sessions.signIn("alice", password, CLIENT, AUDIENCE, RequestFacts.NONE, browser));
    }

    private SignInOutcome complete(SignInOutcome.SecondStepNeeded step, SecondSteps.Answer answer) {
        return tx(() -> steps.complete(step.challenge(), answer, AUDIENCE, RequestFacts.NONE));
    }

    private <T> T tx(Supplier<T> step) {
        return TestPersistence.inTransaction(em, step);
    }

    private String column(String sql) {
        try (Connection connection = h2.getConnection(); ResultSet result = connection.createStatement().executeQuery(sql)) {
            return result.next() ? result.getString(1) : null;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void wire() throws Exception {
        var audit = new AuditLog();
        set(audit, "em", em);
        set(audit, "clock", clock);
        var revocations = new RevocationLog();
        revocations.em = em;
        revocations.revoked = new RecordingEvent<Revocation>();
        revocations.ended = new RecordingEvent<SessionEnded>();
        revocations.clock = clock;
        revocations.settings = RotorSettings.defaults();
        revocations.signal = new RevocationSignal();
        revocations.signal.postgres = false;
        set(accounts, "em", em);
        set(accounts, "clock", clock);
        set(accounts, "hasher", new SessionsTest.FakeHasher());
        var ends = new SessionEnds();
        ends.em = em;
        ends.audit = audit;
        ends.revocations = revocations;
        ends.clock = clock;

        sessions.em = em;
        sessions.self = sessions;
        sessions.accounts = accounts;
        sessions.accessTokens = new AccessTokenIssuer() {
            @Override
            public AccessToken issue(Account account, String sessionId, String clientId, List<String> audience, String scope,
                                     Authentication authentication) {
                issuedWith.add(authentication);
                return new AccessToken("access-" + sessionId, clock.instant().plusSeconds(900));
            }
        };
        sessions.audit = audit;
        sessions.revocations = revocations;
        sessions.secondSteps = steps;
        sessions.clock = clock;
        sessions.settings = RotorSettings.defaults();
        sessions.maxPerUser = 50;

        var challenges = new Challenges();
        set(challenges, "em", em);
        set(challenges, "clock", clock);
        steps.em = em;
        steps.challenges = challenges;
        steps.factors = new Factors() {
            @Override
            public Set<FactorKind> of(String accountId) {
                return EnumSet.copyOf(factorsOfAlice.isEmpty() ? EnumSet.noneOf(FactorKind.class) : factorsOfAlice);
            }
        };
        steps.totps = new Totps() {
            @Override
            public boolean verify(String accountId, String username, String code, RequestFacts facts) {
                return CODE.equals(code);
            }

            @Override
            public boolean confirm(String accountId, String username, String code, RequestFacts facts) {
                totpConfirmed = CODE.equals(code);
                return totpConfirmed;
            }
        };
        steps.recoveryCodes = new RecoveryCodes() {
            @Override
            public OptionalInt use(String accountId, String code) {
                return recoveryCodes.remove(code) ? OptionalInt.of(recoveryCodes.size()) : OptionalInt.empty();
            }

            @Override
            public int remaining(String accountId) {
                return recoveryCodes.size();
            }

            @Override
            public List<String> generate(String accountId) {
                recoveryCodes.clear();
                recoveryCodes.addAll(Set.of("new1-code-aaaa", "new2-code-bbbb"));
                return List.copyOf(recoveryCodes);
            }
        };
        steps.passkeys = new Passkeys() {
            @Override
            public Ceremony startAssertion(String accountId) {
                return new Ceremony("{\"publicKey\":{\"challenge\":\"kept-request\"}}", "kept-request");
            }

            @Override
            public Use verifySecondFactor(String accountId, String challengeValue, String responseJson) {
                if (!responseJson.contains("good")) {
                    throw new Refusal("invalid-passkey-response", 400, "no") { };
                }
                return new Use(accountId, "passkey-1", List.of(Authentication.HWK, Authentication.USER), true);
            }
        };
        steps.policy = new MfaPolicy("admin", false);
        steps.sessions = sessions;
        steps.ends = ends;
        steps.throttle = new SignInThrottle() {
            @Override
            public void forgetFailures(String rawUsername) {
                forgotten.add(rawUsername);
            }
        };
        steps.audit = audit;
        steps.clock = clock;
    }

    private static void set(Object target, String field, Object value) throws Exception {
        var f = target.getClass().getDeclaredField(field);
        f.setAccessible(true);
        f.set(target, value);
    }
}
