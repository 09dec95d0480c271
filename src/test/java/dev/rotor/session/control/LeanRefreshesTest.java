package dev.rotor.session.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rotor.account.entity.Account;
import dev.rotor.account.entity.Username;
import dev.rotor.audit.entity.AuditEvent;
import dev.rotor.platform.InstantConverter;
import dev.rotor.platform.Migrations;
import dev.rotor.platform.MovableClock;
import dev.rotor.platform.RequestFacts;
import dev.rotor.platform.RotorSettings;
import dev.rotor.platform.TestPersistence;
import dev.rotor.session.control.RefreshResult.Refusal;
import dev.rotor.session.control.RefreshResult.Refused;
import dev.rotor.session.control.RefreshResult.Rotated;
import dev.rotor.session.entity.Session;
import dev.rotor.session.entity.SessionStatus;
import dev.rotor.token.control.AccessTokenIssuer;
import dev.rotor.token.entity.Authentication;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The lean refresh on a migrated in-memory H2 database: the current token of a live session is
 * rotated by the one compare-and-set {@code UPDATE} outside any transaction, and every other case
 * (and a lost compare-and-set) goes to {@link Refreshes}, here a stand-in that records the call.
 */
class LeanRefreshesTest {

    static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");
    static final List<String> ORDERS = List.of("urn:rotor:resource-server:orders");
    static final RequestFacts FROM = new RequestFacts("203.0.113.7", "curl", null);

    JdbcDataSource h2;
    EntityManagerFactory emf;
    EntityManager writer;
    final MovableClock clock = new MovableClock(NOW);
    final LeanRefreshes lean = new LeanRefreshes();
    /** The tokens the transactional path was handed, in order, as "session-id.generation". */
    final List<String> fellBack = new ArrayList<>();
    /** When set, runs inside the access-token signing: between the lean path's read and its write. */
    Runnable whileSigning;
    Account alice;

    @BeforeEach
    void database() {
        h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:lean-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        Migrations.configure(h2, getClass().getClassLoader(), ZoneId.of("UTC")).load().migrate();
        emf = TestPersistence.on(h2, Account.class, Session.class, AuditEvent.class, InstantConverter.class);
        writer = emf.createEntityManager();
        alice = new Account(new Username("alice"), "unused hash", Set.of("user"), Instant.EPOCH);
        TestPersistence.inTransaction(writer, () -> {
            writer.persist(alice);
            return null;
        });
        lean.em = emf.createEntityManager();
        lean.dataSource = h2;
        lean.clock = clock;
        lean.settings = RotorSettings.defaults();
        lean.accessTokens = new AccessTokenIssuer() {
            @Override
            public AccessToken issue(Account account, String sessionId, String clientId, List<String> audience, String scope,
                                     Authentication authentication) {
                if (whileSigning != null) {
                    whileSigning.run();
                }
                return new AccessToken("access-token-of-" + sessionId + "-for-" + audience, clock.instant().plusSeconds(900));
            }
        };
        lean.refreshes = new Refreshes() {
            @Override
            public RefreshResult refresh(RefreshToken token, String clientId, List<String> audience, RequestFacts facts) {
                fellBack.add(token.sessionId() + "." + token.generation());
                return new Refused(Refusal.UNKNOWN);
            }
        };
        lean.init();
    }

    @AfterEach
    void close() {
        lean.em.close();
        writer.close();
        emf.close();
    }

    @Test
    void theCurrentTokenOfALiveSessionIsRotatedByTheCompareAndSetAlone() throws Exception {
        var built = persist(SessionFixture.active().ownedBy(alice.id()).build());
        clock.set(NOW.plusSeconds(60));

        var rotated = assertInstanceOf(Rotated.class, refresh(built.token()));

        assertTrue(fellBack.isEmpty(), "no transaction was needed");
        assertEquals(1, lean.refreshes.rotationCount(), "counted like every rotation");
        RefreshToken next = RefreshTokens.parse(rotated.issued().refreshToken()).orElseThrow();
        assertEquals(1, next.generation());
        Session row = stored(built);
        assertEquals(1, row.generation(), "written");
        assertTrue(RefreshTokens.verify(next, row).isPresent(), "the stored hash is the new token's");
        assertEquals(List.of(built.family().id() + " ACTIVE 1 " + at(NOW.plusSeconds(60)) + " " + at(NOW.plusSeconds(60)) + " "
                + at(NOW.plusSeconds(60).plus(RotorSettings.defaults().refreshIdleTtl())) + " 203.0.113.7"), rows(), "rotated_at, last_used_at, idle expiry and address as Session.rotate set them");
        assertEquals("access-token-of-" + built.family().id() + "-for-" + ORDERS, rotated.issued().accessToken().value());

        var again = assertInstanceOf(Rotated.class, refresh(rotated.issued().refreshToken()));
        assertEquals(2, RefreshTokens.parse(again.issued().refreshToken()).orElseThrow().generation(), "the next one too");
        assertTrue(fellBack.isEmpty());
    }

    @Test
    void aRowThatMovedBetweenTheReadAndTheWriteIsLeftAloneAndTheTransactionalPathDecides() throws Exception {
        var advanced = persist(SessionFixture.active().ownedBy(alice.id()).build());
        whileSigning = () -> sql("UPDATE session_family SET generation = generation + 1 WHERE id = '" + advanced.family().id() + "'");

        assertInstanceOf(Refused.class, refresh(advanced.token()));

        assertEquals(List.of(advanced.family().id() + ".0"), fellBack, "handed over after the compare-and-set lost");
        assertEquals(1, stored(advanced).generation(), "the other writer's generation stands; nothing written over it");
        assertEquals(0, lean.refreshes.rotationCount());

        fellBack.clear();
        var ended = persist(SessionFixture.active().ownedBy(alice.id()).build());
        whileSigning = () -> sql("UPDATE session_family SET status = 'LOGOUT' WHERE id = '" + ended.family().id() + "'");

        assertInstanceOf(Refused.class, refresh(ended.token()));

        assertEquals(List.of(ended.family().id() + ".0"), fellBack, "an ended row is never advanced");
        assertEquals(0, stored(ended).generation());
        assertEquals(SessionStatus.LOGOUT, stored(ended).status());
    }

    @Test
    void everyCaseButTheCurrentTokenOfALiveSessionGoesToTheTransactionalPathUnwritten() throws Exception {
        var rotatedOnce = persist(SessionFixture.active().ownedBy(alice.id()).build());
        String previous = rotatedOnce.token();
        String current = assertInstanceOf(Rotated.class, refresh(previous)).issued().refreshToken();
        fellBack.clear();

        refresh(previous); // the previous generation: a retry in the grace window or a replay
        refresh(RefreshTokens.format(rotatedOnce.family().id(), 1, RefreshTokens.newSecret())); // the current generation, a forged secret

        var ended = SessionFixture.active().ownedBy(alice.id()).build();
        ended.family().end(SessionStatus.LOGOUT, NOW);
        persist(ended);
        refresh(ended.token());

        var expired = persist(SessionFixture.active().ownedBy(alice.id()).startedAt(NOW.minus(Duration.ofDays(31))).build());
        refresh(expired.token());

        var otherClient = persist(SessionFixture.active().ownedBy(alice.id()).build());
        assertInstanceOf(Refused.class, lean.refresh(otherClient.presented(), "another-client", ORDERS, FROM));

        var disabled = new Account(new Username("bob"), "unused hash", Set.of("user"), Instant.EPOCH);
        disabled.disable();
        TestPersistence.inTransaction(writer, () -> {
            writer.persist(disabled);
            return null;
        });
        var ofDisabled = persist(SessionFixture.active().ownedBy(disabled.id()).build());
        refresh(ofDisabled.token());

        assertEquals(6, fellBack.size(), "each went to the transactional path: " + fellBack);
        assertEquals(List.of(1L, 0L, 0L, 0L, 0L), List.of(stored(rotatedOnce).generation(), stored(ended).generation(), stored(expired).generation(),
                stored(otherClient).generation(), stored(ofDisabled).generation()), "nothing written by the lean path");
        assertTrue(RefreshTokens.verify(RefreshTokens.parse(current).orElseThrow(), stored(rotatedOnce)).isPresent(), "still the current token");
        assertEquals(SessionStatus.ACTIVE, stored(expired).status(), "its end is the transactional path's to write");
    }

    @Test
    void aTokenOfAnUnknownSessionIsRefusedAtOnce() {
        var nowhere = SessionFixture.active().ownedBy(alice.id()).build();
        assertEquals(Refusal.UNKNOWN, assertInstanceOf(Refused.class, refresh(nowhere.token())).reason());
        assertTrue(fellBack.isEmpty(), "nothing to write or audit");
    }

    private RefreshResult refresh(String token) {
        lean.em.clear(); // the container's EntityManager outside a transaction reads into a new context each time
        return lean.refresh(RefreshTokens.parse(token).orElseThrow(), SessionFixture.CLIENT, ORDERS, FROM);
    }

    private SessionFixture.Built persist(SessionFixture.Built built) {
        TestPersistence.inTransaction(writer, () -> {
            writer.persist(built.family());
            return null;
        });
        return built;
    }

    private Session stored(SessionFixture.Built built) {
        writer.clear();
        return writer.find(Session.class, built.family().id());
    }

    private static String at(Instant instant) {
        return instant.toString();
    }

    /** The session rows as "id STATUS generation rotated_at last_used_at idle_expires_at client_ip" (instants in UTC). */
    private List<String> rows() throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection connection = h2.getConnection();
             ResultSet result = connection.createStatement().executeQuery(
                     "SELECT id, status, generation, rotated_at, last_used_at, idle_expires_at, client_ip FROM session_family")) {
            while (result.next()) {
                rows.add(String.join(" ", result.getString(1), result.getString(2), result.getString(3),
                        at(result.getObject(4, OffsetDateTime.class).toInstant()), at(result.getObject(5, OffsetDateTime.class).toInstant()),
                        at(result.getObject(6, OffsetDateTime.class).toInstant()), result.getString(7)));
            }
        }
        return rows;
    }

    private void sql(String statement) {
        try (Connection connection = h2.getConnection()) {
            connection.createStatement().executeUpdate(statement);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
