package dev.rotor.token.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import dev.rotor.audit.control.AuditLog;
import dev.rotor.audit.entity.AuditEvent;
import dev.rotor.audit.entity.AuditType;
import dev.rotor.custody.control.KeyCustody;
import dev.rotor.custody.control.KeyCustodyException;
import dev.rotor.custody.control.KeyEncryptionKey;
import dev.rotor.custody.control.TestCustody;
import dev.rotor.platform.MovableClock;
import dev.rotor.platform.ClusterLock;
import dev.rotor.platform.ClusterLocks;
import dev.rotor.platform.InstantConverter;
import dev.rotor.platform.Migrations;
import dev.rotor.platform.RequestFacts;
import dev.rotor.platform.RotorSettings;
import dev.rotor.platform.TestPersistence;
import dev.rotor.token.entity.KeyState;
import dev.rotor.token.entity.SigningKey;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Key rotation and revocation on a migrated in-memory H2 database with a real KEK and a clock the
 * test moves: after every change, time is moved past every retirement that change could strand,
 * and a key must still sign and be published.
 */
class KeyRotationTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final JWSAlgorithm ALGORITHM = JWSAlgorithm.ES256;
    /** Access-token lifetime plus clock skew of {@link RotorSettings#defaults()}. */
    private static final Duration VERIFY_WINDOW = Duration.ofMinutes(16);

    JdbcDataSource h2;
    EntityManagerFactory emf;
    EntityManager em;
    final MovableClock clock = new MovableClock(T0);
    final KeyEncryptionKey firstKek = KeyEncryptionKey.generate();
    final KeyCustody custody = custody(firstKek, null);
    final KeyRotation cut = new KeyRotation();
    final dev.rotor.RecordingEvent<dev.rotor.token.entity.KeyRevoked> revoked = new dev.rotor.RecordingEvent<>();

    @BeforeEach
    void database() throws Exception {
        h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:keys-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        Migrations.configure(h2, getClass().getClassLoader(), ZoneId.of("UTC")).load().migrate();
        emf = TestPersistence.on(h2, SigningKey.class, ClusterLock.class, InstantConverter.class);
        em = emf.createEntityManager();
        var locks = new ClusterLocks();
        var field = ClusterLocks.class.getDeclaredField("em");
        field.setAccessible(true);
        field.set(locks, em);
        cut.em = em;
        cut.keyRevoked = revoked;
        cut.clock = clock;
        cut.locks = locks;
        cut.custody = custody;
        cut.settings = RotorSettings.defaults();
        cut.rotateEvery = Duration.ofDays(30);
        cut.publishAhead = Duration.ofHours(1);
        cut.audit = new AuditLog() {
            @Override
            public AuditEvent record(AuditType type, String accountId, String actorId, String sessionId, RequestFacts facts,
                                     String detail) {
                return null;
            }
        };
        inTransaction(() -> {
            cut.sealAndEnsureCurrent(ALGORITHM);
            return null;
        });
    }

    @AfterEach
    void close() {
        em.close();
        emf.close();
    }

    @Test
    void revokingTheNextKeyLeavesTheCurrentKeySigningPastTheRetirementPlannedForIt() {
        String first = currentKid();
        clock.set(T0.plus(Duration.ofDays(1)));
        String next = inTransaction(() -> cut.rotate(ALGORITHM, false, "admin", RequestFacts.NONE)).kid();
        Instant plannedRetirement = key(first).retiresAt();
        assertEquals(key(next).activatesAt().plus(VERIFY_WINDOW), plannedRetirement, "set by the rotation");

        clock.advance(Duration.ofMinutes(10));
        revoke(next);

        assertNull(key(first).retiresAt(), "no successor: it keeps signing");
        assertEquals(List.of(next), revoked.fired.stream().map(dev.rotor.token.entity.KeyRevoked::kid).toList(),
                "the revocation is announced once, for the revocation log and the feed");
        clock.set(plannedRetirement.plus(Duration.ofHours(1)));
        assertEquals(first, currentKid(), "still signing long after the retirement planned for the revoked key");
        assertEquals(List.of(first), publishedKids());
        assertNoRotationBeyondTheSchedule();
    }

    @Test
    void revokingTheCurrentKeyMakesANewKeySignAtOnceRatherThanBringBackTheRetiringOne() {
        String first = currentKid();
        clock.set(T0.plus(Duration.ofDays(1)));
        String second = inTransaction(() -> cut.rotate(ALGORITHM, true, "admin", RequestFacts.NONE)).kid();
        assertEquals(second, currentKid());
        Instant firstRetires = key(first).retiresAt();

        clock.advance(Duration.ofMinutes(5));
        revoke(second);

        String replacement = currentKid();
        assertNotEquals(first, replacement, "the retiring key is not signing again");
        assertNotEquals(second, replacement);
        assertEquals(clock.instant(), key(replacement).activatesAt(), "signs at once");
        assertEquals(firstRetires, key(first).retiresAt(), "the older key keeps its retirement: it signed nothing since");
        assertEquals(KeyState.PREVIOUS, ring().stateOf(key(first), clock.instant()));

        clock.set(firstRetires.plus(Duration.ofHours(2)));
        assertEquals(replacement, currentKid(), "a key signs after the older one retired");
        assertEquals(List.of(replacement), publishedKids());
    }

    @Test
    void revokingTheCurrentKeyWhileANextKeyWaitsKeepsTheNextKeysScheduleAndASignerUntilThen() {
        clock.set(T0.plus(Duration.ofDays(1)));
        String next = inTransaction(() -> cut.rotate(ALGORITHM, false, "admin", RequestFacts.NONE)).kid();
        String first = currentKid();
        revoke(first);

        String replacement = currentKid();
        assertNotEquals(first, replacement);
        assertEquals(key(next).activatesAt().plus(VERIFY_WINDOW), key(replacement).retiresAt(), "retires after the next key took over");
        clock.set(key(next).activatesAt().minusSeconds(1));
        assertEquals(replacement, currentKid());
        clock.set(key(replacement).retiresAt().plus(Duration.ofDays(1)));
        assertEquals(next, currentKid());
        assertEquals(List.of(next), publishedKids());
    }

    @Test
    void aRevokedKeysPrivateHalfIsErasedAndAnUnrevokedRowDoesNotOpen() throws Exception {
        clock.set(T0.plus(Duration.ofDays(1)));
        String next = inTransaction(() -> cut.rotate(ALGORITHM, false, "admin", RequestFacts.NONE)).kid();
        revoke(next);
        assertFalse(key(next).hasPrivateHalf());
        sql("UPDATE signing_key SET revoked_at = NULL WHERE kid = '" + next + "'");
        SigningKey unrevoked = key(next);
        assertThrows(KeyCustodyException.class, () -> open(unrevoked));
    }

    @Test
    void aRowWhoseLifeCycleOrPublicKeyChangedBehindRotorsBackDoesNotOpen() throws Exception {
        String first = currentKid();
        open(key(first));
        sql("UPDATE signing_key SET retires_at = TIMESTAMP WITH TIME ZONE '2030-01-01 00:00:00+00' WHERE kid = '" + first + "'");
        assertThrows(KeyCustodyException.class, () -> open(key(first)));
        sql("UPDATE signing_key SET retires_at = NULL, public_jwk = '{\"kty\":\"EC\"}' WHERE kid = '" + first + "'");
        assertThrows(KeyCustodyException.class, () -> open(key(first)));
        sql("UPDATE signing_key SET kek_id = NULL WHERE kid = '" + first + "'");
        assertThrows(KeyCustodyException.class, () -> open(key(first)), "a row without a KEK id is refused");
    }

    @Test
    void aKeyWhoseRowWasChangedBehindRotorsBackIsNeitherPublishedNorUsed(@TempDir Path dataDir) throws Exception {
        String first = currentKid();
        clock.set(T0.plus(Duration.ofDays(1)));
        String next = inTransaction(() -> cut.rotate(ALGORITHM, false, "admin", RequestFacts.NONE)).kid();
        // moved forward so it would sign now
        sql("UPDATE signing_key SET activates_at = TIMESTAMP WITH TIME ZONE '2026-01-01 12:00:00+00' WHERE kid = '" + next + "'");
        assertEquals(next, currentKid(), "the rows alone say it signs");

        Loaded keys = loadedSigningKeys(custody, dataDir);

        assertEquals(first, keys.signer().choose().kid(), "the changed row does not open: the untouched key signs");
        assertFalse(keys.published().verifies(next));
        assertEquals(List.of(first), keys.published().publicKeys().getKeys().stream().map(k -> k.getKeyID()).toList());
    }

    @Test
    void aKeySealedBeforeRowsWereBoundToTheirColumnsIsBoundByTheNextStart() throws Exception {
        String first = currentKid();
        String privateJwk = open(key(first));
        // as the previous version stored it: the row's name alone as associated data
        String legacy = firstKek.seal(privateJwk, "signing_key/" + first);
        sql("UPDATE signing_key SET private_jwk = '" + legacy + "' WHERE kid = '" + first + "'");
        assertThrows(KeyCustodyException.class, () -> open(key(first)), "not used as it is");

        inTransaction(() -> {
            cut.sealAndEnsureCurrent(ALGORITHM);
            return null;
        });

        assertEquals(privateJwk, open(key(first)), "bound to its row now");
        assertEquals(first, currentKid(), "the same key signs");
    }

    @Test
    void anInstanceStillOnTheOldKekKeepsTheKeysItHasWhenAnotherChangedKeks(@TempDir Path dataDir) {
        String first = currentKid();
        Loaded oldKekOnly = loadedSigningKeys(custody, dataDir);
        cut.custody = custody(KeyEncryptionKey.generate(), firstKek);
        inTransaction(() -> {
            cut.sealAndEnsureCurrent(ALGORITHM); // another instance starts with a new KEK and the previous one
            cut.rotate(ALGORITHM, false, "admin", RequestFacts.NONE);
            return null;
        });

        assertThrows(KeyCustodyException.class, oldKekOnly.keys()::poll, "it cannot follow, and says so (KeyWatch logs it)");
        assertEquals(first, oldKekOnly.signer().choose().kid(), "rather than lose every key, it signs on with the one it has");
        assertTrue(oldKekOnly.published().verifies(first));
    }

    @Test
    void anImmediateRotationSignsOnlyOnceThisInstancesVerifierCanHaveReadTheNewKey(@TempDir Path dataDir) throws Exception {
        String first = currentKid();
        Loaded keys = loadedSigningKeys(custody, dataDir);
        clock.set(T0.plus(Duration.ofDays(1)));

        String second = inTransaction(() -> keys.admin().rotate(true, "admin", RequestFacts.NONE)).kid();

        assertEquals(second, currentKid(), "the rows say it signs at once");
        assertTrue(keys.published().verifies(second), "published at once");
        assertTrue(Files.readString(dataDir.resolve(PublishedKeys.VERIFY_FILE)).contains(second), "in the verification file");
        assertEquals(first, keys.signer().choose().kid(), "MP JWT may not have re-read the file yet: the previous key signs");
        clock.advance(PublishedKeys.VERIFIER_DELAY);
        assertEquals(second, keys.signer().choose().kid());
    }

    @Test
    void theAdminViewShowsEachKeysStateNow(@TempDir Path dataDir) {
        String first = currentKid();
        Loaded keys = loadedSigningKeys(custody, dataDir);
        clock.set(T0.plus(Duration.ofDays(1)));
        String next = inTransaction(() -> keys.admin().rotate(false, "admin", RequestFacts.NONE)).kid();

        assertEquals(Map.of(first, KeyState.CURRENT, next, KeyState.NEXT), states(keys.admin()));

        inTransaction(() -> {
            keys.admin().revoke(next, "admin", RequestFacts.NONE);
            return null;
        });
        assertEquals(Map.of(first, KeyState.CURRENT, next, KeyState.REVOKED), states(keys.admin()));
        assertFalse(keys.published().verifies(next), "this instance read the keys again at once");
        assertThrows(UnknownSigningKey.class, () -> inTransaction(() -> {
            keys.admin().revoke("no-such-kid", "admin", RequestFacts.NONE);
            return null;
        }));
    }

    private static Map<String, KeyState> states(KeyAdministration admin) {
        return admin.list().stream().collect(Collectors.toMap(KeyAdministration.KeyView::kid, KeyAdministration.KeyView::state));
    }

    /** One instance's signing keys: its copy of the rows, what it publishes, its signer and its admin view. */
    record Loaded(SigningKeys keys, PublishedKeys published, CurrentSigner signer, KeyAdministration admin) {
    }

    private Loaded loadedSigningKeys(KeyCustody with, Path dataDir) {
        var published = new PublishedKeys();
        published.clock = clock;
        published.settings = RotorSettings.defaults().withDataDir(dataDir);
        var keys = new SigningKeys();
        keys.rotation = cut;
        keys.custody = with;
        keys.locks = cut.locks;
        keys.clock = clock;
        keys.algorithmName = ALGORITHM.getName();
        keys.published = published;
        inTransaction(() -> {
            keys.load();
            return null;
        });
        var signer = new CurrentSigner();
        signer.keys = keys;
        signer.published = published;
        signer.clock = clock;
        signer.settings = RotorSettings.defaults();
        var admin = new KeyAdministration();
        admin.keys = keys;
        admin.rotation = cut;
        admin.clock = clock;
        return new Loaded(keys, published, signer, admin);
    }

    @Test
    void everyLifeCycleChangeSealsTheRowAgainSoItStillOpens() {
        String first = currentKid();
        clock.set(T0.plus(Duration.ofDays(1)));
        String next = inTransaction(() -> cut.rotate(ALGORITHM, false, "admin", RequestFacts.NONE)).kid();
        open(key(first));
        open(key(next));
        revoke(next);
        open(key(first));
    }

    @Test
    void whenNoKeySignsTheScheduledRunMakesOneThatSignsAtOnce() throws Exception {
        String first = currentKid();
        clock.set(T0.plus(Duration.ofDays(1)));
        sql("UPDATE signing_key SET revoked_at = TIMESTAMP WITH TIME ZONE '2026-01-01 12:00:00+00' WHERE kid = '" + first + "'");
        assertTrue(ring().current(clock.instant()).isEmpty());
        assertTrue(cut.isDue(ring(), clock.instant()));

        SigningKey made = inTransaction(() -> cut.rotateIfDue(ALGORITHM)).orElseThrow();

        assertEquals(clock.instant(), made.activatesAt());
        assertEquals(made.kid(), currentKid());
    }

    @Test
    void theScheduledRotationPublishesTheNextKeyAheadAndTheOldKeyRetiresAfterIt() {
        String first = currentKid();
        clock.set(T0.plus(Duration.ofDays(30)).minus(Duration.ofHours(1)).minusSeconds(1));
        assertFalse(cut.isDue(ring(), clock.instant()));
        assertTrue(inTransaction(() -> cut.rotateIfDue(ALGORITHM)).isEmpty());

        clock.advance(Duration.ofSeconds(1));
        assertTrue(cut.isDue(ring(), clock.instant()));
        String next = inTransaction(() -> cut.rotateIfDue(ALGORITHM)).orElseThrow().kid();
        assertEquals(T0.plus(Duration.ofDays(30)), key(next).activatesAt());
        assertEquals(List.of(first, next).stream().sorted().toList(), publishedKids());
        assertTrue(inTransaction(() -> cut.rotateIfDue(ALGORITHM)).isEmpty(), "once");

        clock.set(T0.plus(Duration.ofDays(30)));
        assertEquals(next, currentKid());
        clock.advance(VERIFY_WINDOW);
        assertEquals(List.of(next), publishedKids());
    }

    @Test
    void aStartWithANewKekAndThePreviousOneSealsEveryKeyAgainSoThePreviousKekCanGo() {
        String first = currentKid();
        clock.set(T0.plus(Duration.ofDays(1)));
        String next = inTransaction(() -> cut.rotate(ALGORITHM, false, "admin", RequestFacts.NONE)).kid();
        KeyEncryptionKey newKek = KeyEncryptionKey.generate();

        cut.custody = custody(newKek, firstKek);
        inTransaction(() -> {
            cut.sealAndEnsureCurrent(ALGORITHM);
            return null;
        });

        cut.custody = custody(newKek, null);
        for (String kid : List.of(first, next)) {
            SigningKey key = key(kid);
            assertEquals(newKek.id(), key.kekId());
            assertFalse(cut.custody.needsSealing(new KeyCustody.Sealed(key.kekId(), key.sealedPrivateJwk())));
            cut.custody.open(new KeyCustody.Sealed(key.kekId(), key.sealedPrivateJwk()), key.sealName(), key.sealBinding());
        }
    }

    @Test
    void theDefaultScheduleIsAccepted() {
        assertTrue(KeyRotation.scheduleProblems(Duration.ofDays(30), Duration.ofHours(1)).isEmpty());
    }

    @Test
    void aRotationPeriodNotLongerThanThePublishAheadTimeStopsTheStart() {
        assertEquals(1, KeyRotation.scheduleProblems(Duration.ofHours(1), Duration.ofHours(1)).size());
        assertEquals(1, KeyRotation.scheduleProblems(Duration.ofDays(1), Duration.ofHours(-1)).size());
    }

    private void assertNoRotationBeyondTheSchedule() {
        assertTrue(inTransaction(() -> cut.rotateIfDue(ALGORITHM)).isEmpty(), "nothing to repair, nothing due yet");
    }

    private void revoke(String kid) {
        inTransaction(() -> {
            cut.revoke(ALGORITHM, kid, "admin", RequestFacts.NONE);
            return null;
        });
    }

    private String open(SigningKey key) {
        return custody.open(new KeyCustody.Sealed(key.kekId(), key.sealedPrivateJwk()), key.sealName(), key.sealBinding());
    }

    private KeyRing ring() {
        em.clear();
        return new KeyRing(cut.all(), ALGORITHM.getName());
    }

    private String currentKid() {
        return ring().current(clock.instant()).orElseThrow(() -> new AssertionError("no key signs at " + clock.instant())).kid();
    }

    private List<String> publishedKids() {
        return ring().published(clock.instant()).stream().map(SigningKey::kid).sorted().toList();
    }

    private SigningKey key(String kid) {
        em.clear();
        return em.find(SigningKey.class, kid);
    }

    private void sql(String statement) throws Exception {
        try (Connection c = h2.getConnection(); var s = c.createStatement()) {
            s.executeUpdate(statement);
        }
        em.clear();
    }

    private <T> T inTransaction(Supplier<T> step) {
        return TestPersistence.inTransaction(em, step);
    }

    private static KeyCustody custody(KeyEncryptionKey kek, KeyEncryptionKey previous) {
        return TestCustody.with(kek, previous);
    }
}
