package dev.rotor.factor.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rotor.custody.control.KeyCustody;
import dev.rotor.custody.control.KeyEncryptionKey;
import dev.rotor.custody.control.TestCustody;
import dev.rotor.factor.entity.TotpAuthenticator;
import dev.rotor.factor.entity.TotpPending;
import dev.rotor.platform.ClusterLock;
import dev.rotor.platform.ClusterLocks;
import dev.rotor.platform.InstantConverter;
import dev.rotor.platform.Migrations;
import dev.rotor.platform.MovableClock;
import dev.rotor.platform.RequestFacts;
import dev.rotor.platform.TestPersistence;
import dev.rotor.throttle.control.SignInThrottle;
import dev.rotor.throttle.control.TooManyAttempts;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The authenticator app on a migrated in-memory H2 database with a real KEK and a fixed clock:
 * RFC 6238's SHA-1 vectors, the ±1 step window, one use per step (compare-and-set), enrolment that
 * keeps a confirmed authenticator until a new one is confirmed, sealing, and the throttle (a fake
 * that counts like the real one's per-account key).
 */
class TotpsTest {

    /** RFC 6238 Appendix B's SHA-1 seed. */
    static final byte[] RFC_SECRET = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
    static final Instant NOW = Instant.parse("2026-12-07T10:00:10Z");

    JdbcDataSource h2;
    EntityManagerFactory emf;
    EntityManager em;
    final MovableClock clock = new MovableClock(NOW);
    final KeyEncryptionKey kek = KeyEncryptionKey.generate();
    final CountingThrottle throttle = new CountingThrottle();
    Totps cut;
    String alice;

    @BeforeEach
    void database() throws Exception {
        h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:totp-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        Migrations.configure(h2, getClass().getClassLoader(), ZoneId.of("UTC")).load().migrate();
        emf = TestPersistence.on(h2, TotpAuthenticator.class, TotpPending.class, ClusterLock.class, InstantConverter.class);
        em = emf.createEntityManager();
        cut = totps(TestCustody.with(kek, null));
        alice = account("alice");
    }

    Totps totps(KeyCustody custody) throws Exception {
        var totps = new Totps();
        var locks = new ClusterLocks();
        set(locks, "em", em);
        totps.em = em;
        totps.custody = custody;
        totps.throttle = throttle;
        totps.locks = locks;
        totps.clock = clock;
        totps.self = totps;
        totps.window = 1;
        totps.issuer = "Rotor";
        totps.check();
        return totps;
    }

    @AfterEach
    void close() {
        em.close();
        emf.close();
    }

    @Test
    void rfc6238Sha1VectorsTruncatedToSixDigits() throws Exception {
        Object[][] vectors = {{59L, "287082"}, {1111111109L, "081804"}, {1111111111L, "050471"},
                {1234567890L, "005924"}, {2000000000L, "279037"}, {20000000000L, "353130"}};
        for (Object[] vector : vectors) {
            long time = (Long) vector[0];
            assertEquals(vector[1], Totps.code(RFC_SECRET, time / 30), "T = " + time);
            clock.set(Instant.ofEpochSecond(time));
            String account = account("rfc" + time);
            plant(account, RFC_SECRET);
            assertTrue(verify(account, (String) vector[1]), "accepted at T = " + time);
        }
    }

    @Test
    void theCurrentThePreviousAndTheNextStepAreAcceptedTwoStepsAwayAreNot() throws Exception {
        plant(alice, RFC_SECRET);
        long step = currentStep();
        assertFalse(verify(alice, codeAt(step - 2)), "two steps back");
        assertFalse(verify(alice, codeAt(step + 2)), "two steps ahead");
        assertTrue(verify(alice, codeAt(step - 1)), "the previous step");
        assertTrue(verify(alice, codeAt(step)), "the current step");
        assertTrue(verify(alice, codeAt(step + 1)), "the next step");
        assertEquals(step + 1, row(alice).lastUsedStep());
        assertEquals(NOW, row(alice).lastUsedAt());
    }

    @Test
    void aCodeIsAcceptedOnceAndAnOlderStepNeverAfterANewerOne() throws Exception {
        plant(alice, RFC_SECRET);
        long step = currentStep();
        assertTrue(verify(alice, codeAt(step)));
        assertFalse(verify(alice, codeAt(step)), "the same code again, in the same step");
        assertFalse(verify(alice, codeAt(step - 1)), "the previous step after the current one");

        clock.advance(Duration.ofSeconds(30));
        assertFalse(verify(alice, codeAt(step)), "the used code, still inside the window one step later");
        assertTrue(verify(alice, codeAt(step + 1)), "the new step's code");
    }

    @Test
    void aCodeThatIsNotSixAsciiDigitsIsInvalidAndNothingIsCounted() throws Exception {
        plant(alice, RFC_SECRET);
        for (String bad : new String[]{"", "12345", "1234567", "12345a", "12 345", "١٢٣٤٥٦", "123456\n", "+12345"}) {
            assertThrows(InvalidOneTimeCode.class, () -> verify(alice, bad), "'" + bad + "'");
            assertThrows(InvalidOneTimeCode.class, () -> confirm(alice, bad), "'" + bad + "'");
        }
        assertThrows(InvalidOneTimeCode.class, () -> verify(alice, null));
        assertEquals(List.of(), throttle.events, "nothing counted");
        assertEquals(-1, row(alice).lastUsedStep(), "nothing used");
    }

    @Test
    void failuresAreCountedPerAccountAndThrottledSuccessClearsTheCount() throws Exception {
        plant(alice, RFC_SECRET);
        long step = currentStep();
        assertFalse(verify(alice, wrongCode(step)));
        assertFalse(verify(alice, wrongCode(step)));
        assertEquals(List.of("begin alice", "failed alice", "begin alice", "failed alice"), throttle.events);
        assertTrue(verify(alice, codeAt(step)));
        assertEquals("succeeded alice", throttle.events.get(throttle.events.size() - 1));
        assertEquals(0, throttle.failures.getOrDefault("alice", 0));

        for (int i = 0; i < CountingThrottle.LIMIT; i++) {
            assertFalse(verify(alice, wrongCode(step)));
        }
        assertThrows(TooManyAttempts.class, () -> verify(alice, codeAt(step + 1)), "locked out even with the right code");
        assertEquals(step, row(alice).lastUsedStep(), "the refused attempt used nothing");
    }

    @Test
    void enrolmentIsConfirmedByAFirstValidCodeWhichCannotBeUsedAgain() throws Exception {
        Totps.Enrolment enrolment = inTransaction(() -> cut.begin(alice, "alice"));
        byte[] secret = Base32.decode(enrolment.secret());
        assertEquals(Totps.SECRET_BYTES, secret.length, "160 bits");
        assertEquals("otpauth://totp/Rotor:alice?secret=" + enrolment.secret() + "&issuer=Rotor&algorithm=SHA1&digits=6&period=30",
                enrolment.uri());
        assertFalse(cut.isEnrolled(alice), "waits for a code");
        assertNull(em.find(TotpAuthenticator.class, alice));

        long step = currentStep();
        assertFalse(confirm(alice, Totps.code(secret, step + 2)), "a code outside the window");
        assertFalse(cut.isEnrolled(alice));
        assertTrue(confirm(alice, Totps.code(secret, step)));
        assertTrue(cut.isEnrolled(alice));
        assertNull(em.find(TotpPending.class, alice), "the pending row is gone");
        assertEquals(NOW, row(alice).confirmedAt());
        assertEquals(step, row(alice).lastUsedStep());
        assertFalse(verify(alice, Totps.code(secret, step)), "the confirming code is used");
        assertTrue(verify(alice, Totps.code(secret, step + 1)));
        assertFalse(confirm(alice, Totps.code(secret, step + 1)), "nothing pending any more");
    }

    @Test
    void aNewEnrolmentLeavesTheConfirmedAuthenticatorWorkingUntilItIsConfirmed() throws Exception {
        plant(alice, RFC_SECRET);
        long step = currentStep();
        Totps.Enrolment first = inTransaction(() -> cut.begin(alice, "alice"));
        Totps.Enrolment second = inTransaction(() -> cut.begin(alice, "alice"));
        assertNotEquals(first.secret(), second.secret());
        assertTrue(verify(alice, codeAt(step - 1)), "the old app still works while the new one waits");

        assertFalse(confirm(alice, Totps.code(Base32.decode(first.secret()), step)), "a restarted enrolment replaced the first secret");
        assertTrue(confirm(alice, Totps.code(Base32.decode(second.secret()), step)));
        assertFalse(verify(alice, codeAt(step + 1)), "the old app's codes no longer work");
        assertTrue(verify(alice, Totps.code(Base32.decode(second.secret()), step + 1)));
    }

    @Test
    void theSecretIsStoredSealedBoundToItsRowAndSealedAgainUnderANewKek() throws Exception {
        Totps.Enrolment enrolment = inTransaction(() -> cut.begin(alice, "alice"));
        String[] pending = sealedColumns("totp_pending", alice);
        assertEquals(kek.id(), pending[0]);
        assertFalse(pending[1].contains(enrolment.secret()), "the pending secret is not stored in the clear");
        assertFalse(pending[1].contains(Base64.getEncoder().encodeToString(Base32.decode(enrolment.secret()))));
        byte[] secret = Base32.decode(enrolment.secret());
        assertTrue(confirm(alice, Totps.code(secret, currentStep())));
        String[] stored = sealedColumns("totp_authenticator", alice);
        assertEquals(kek.id(), stored[0]);
        assertFalse(stored[1].contains(enrolment.secret()), "the confirmed secret is not stored in the clear");
        assertNotEquals(pending[1], stored[1], "sealed again, bound to the authenticator's row");

        String bob = account("bob");
        plant(bob, RFC_SECRET);
        jdbc("UPDATE totp_authenticator SET secret_sealed = ? WHERE account_id = ?", stored[1], bob);
        assertThrows(RuntimeException.class, () -> verify(bob, codeAt(currentStep())), "alice's sealed secret does not open as bob's");
        jdbc("DELETE FROM totp_authenticator WHERE account_id = ?", bob);

        KeyEncryptionKey next = KeyEncryptionKey.generate();
        Totps afterKekChange = totps(TestCustody.with(next, kek));
        inTransaction(() -> {
            afterKekChange.resealAll();
            return null;
        });
        assertEquals(next.id(), sealedColumns("totp_authenticator", alice)[0]);
        Totps newKekOnly = totps(TestCustody.with(next, null));
        clock.advance(Duration.ofSeconds(30));
        assertTrue(inTransaction(() -> newKekOnly.verify(alice, "alice", Totps.code(secret, currentStep()), RequestFacts.NONE)),
                "opens with the new KEK alone");
    }

    @Test
    void aPendingEnrolmentIsSealedAgainUnderANewKekToo() throws Exception {
        Totps.Enrolment enrolment = inTransaction(() -> cut.begin(alice, "alice"));
        KeyEncryptionKey next = KeyEncryptionKey.generate();
        Totps afterKekChange = totps(TestCustody.with(next, kek));
        inTransaction(() -> {
            afterKekChange.resealAll();
            return null;
        });
        assertEquals(next.id(), sealedColumns("totp_pending", alice)[0]);
        Totps newKekOnly = totps(TestCustody.with(next, null));
        assertTrue(inTransaction(() -> newKekOnly.confirm(alice, "alice", Totps.code(Base32.decode(enrolment.secret()), currentStep()), RequestFacts.NONE)));
    }

    @Test
    void anEnrolmentWaitsADayForItsCodeThenHousekeepingDeletesIt() throws Exception {
        Totps.Enrolment enrolment = inTransaction(() -> cut.begin(alice, "alice"));
        byte[] secret = Base32.decode(enrolment.secret());
        clock.advance(Totps.PENDING_TTL);
        assertEquals(0, (int) inTransaction(() -> cut.run(clock.instant().minusSeconds(1))), "not older than a day yet");
        assertFalse(confirm(alice, Totps.code(secret, currentStep())), "a day later the code does not confirm it");
        assertEquals(1, (int) inTransaction(() -> cut.run(clock.instant().plusSeconds(1))));
        assertNull(em.find(TotpPending.class, alice));
    }

    @Test
    void removeDeletesTheAuthenticatorAndAPendingEnrolment() throws Exception {
        plant(alice, RFC_SECRET);
        inTransaction(() -> cut.begin(alice, "alice"));
        assertTrue(inTransaction(() -> cut.remove(alice)));
        assertFalse(cut.isEnrolled(alice));
        assertNull(em.find(TotpPending.class, alice));
        assertFalse(inTransaction(() -> cut.remove(alice)), "nothing left");
        assertFalse(verify(alice, codeAt(currentStep())));
    }

    @Test
    void theQrCodeIsAnSvgDataUri() {
        String qr = Totps.qrCode("otpauth://totp/Rotor:alice?secret=ABC");
        assertTrue(qr.startsWith("data:image/svg+xml;base64,"));
        String svg = new String(Base64.getDecoder().decode(qr.substring(qr.indexOf(',') + 1)), StandardCharsets.UTF_8);
        assertTrue(svg.startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\""), svg);
        assertTrue(svg.contains("<path fill=\"#000\" d=\"M"), "dark modules drawn");
    }

    @Test
    void aWindowOutsideItsRangeStopsTheStart() {
        var totps = new Totps();
        totps.issuer = "Rotor";
        totps.window = -1;
        assertThrows(IllegalStateException.class, totps::check);
        totps.window = 11;
        assertThrows(IllegalStateException.class, totps::check);
        totps.window = 0;
        totps.issuer = "Ro:tor";
        assertThrows(IllegalStateException.class, totps::check);
    }

    // --- helpers ---------------------------------------------------------------------------

    boolean verify(String accountId, String code) {
        return inTransaction(() -> cut.verify(accountId, usernameOf(accountId), code, RequestFacts.NONE));
    }

    boolean confirm(String accountId, String code) {
        return inTransaction(() -> cut.confirm(accountId, usernameOf(accountId), code, RequestFacts.NONE));
    }

    final Map<String, String> usernames = new HashMap<>();

    String usernameOf(String accountId) {
        return usernames.get(accountId);
    }

    long currentStep() {
        return Math.floorDiv(clock.instant().getEpochSecond(), 30);
    }

    static String codeAt(long step) {
        return Totps.code(RFC_SECRET, step);
    }

    /** A code that is no code of the window around {@code step}. */
    static String wrongCode(long step) {
        List<String> window = List.of(codeAt(step - 1), codeAt(step), codeAt(step + 1));
        for (int n = 0; ; n++) {
            String candidate = String.format("%06d", n);
            if (!window.contains(candidate)) {
                return candidate;
            }
        }
    }

    /** A confirmed authenticator with {@code secret} that has accepted no step yet. */
    void plant(String accountId, byte[] secret) {
        inTransaction(() -> {
            var row = new TotpAuthenticator(accountId, null, "", clock.instant());
            var sealed = cut.custody.seal(Base32.encode(secret), row::sealBindingFor);
            row.resealed(sealed.kekId(), sealed.value());
            row.confirm(-1, clock.instant());
            em.persist(row);
            return null;
        });
    }

    TotpAuthenticator row(String accountId) {
        em.clear();
        return em.find(TotpAuthenticator.class, accountId);
    }

    String account(String username) throws Exception {
        String id = UUID.randomUUID().toString();
        jdbc("INSERT INTO account (id, username, password_hash, roles, enabled, created_at, version) VALUES (?, ?, 'x', 'user', TRUE, CURRENT_TIMESTAMP, 0)",
                id, username);
        usernames.put(id, username);
        return id;
    }

    String[] sealedColumns(String table, String accountId) throws Exception {
        try (Connection c = h2.getConnection();
             var statement = c.prepareStatement("SELECT secret_kek_id, secret_sealed FROM " + table + " WHERE account_id = ?")) {
            statement.setString(1, accountId);
            try (ResultSet rows = statement.executeQuery()) {
                assertTrue(rows.next(), table + " row of " + accountId);
                return new String[]{rows.getString(1), rows.getString(2)};
            }
        }
    }

    void jdbc(String sql, Object... params) throws Exception {
        try (Connection c = h2.getConnection(); var statement = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, params[i]);
            }
            statement.executeUpdate();
        }
    }

    <T> T inTransaction(Supplier<T> step) {
        return TestPersistence.inTransaction(em, step);
    }

    static void set(Object target, String name, Object value) throws ReflectiveOperationException {
        Field field = target.getClass().getDeclaredField(name);
        field.setAccessible(true);
        field.set(target, value);
    }

    /**
     * The throttle's contract, in memory: every attempt is counted before the code is checked
     * (begin), a success clears the username's count; at {@link #LIMIT} failures begin refuses.
     */
    static final class CountingThrottle extends SignInThrottle {
        static final int LIMIT = 5;
        final List<String> events = new ArrayList<>();
        final Map<String, Integer> failures = new HashMap<>();

        @Override
        public Attempt begin(String rawUsername, RequestFacts facts) {
            events.add("begin " + rawUsername);
            int count = failures.getOrDefault(rawUsername, 0);
            if (count >= LIMIT) {
                throw new TooManyAttempts(60);
            }
            failures.put(rawUsername, count + 1);
            return new Attempt(rawUsername, null, false, false);
        }

        @Override
        public void failed(Attempt attempt, String rawUsername, RequestFacts facts) {
            events.add("failed " + rawUsername);
        }

        @Override
        public void succeeded(Attempt attempt) {
            events.add("succeeded " + attempt.accountKey());
            failures.remove(attempt.accountKey());
        }
    }
}
