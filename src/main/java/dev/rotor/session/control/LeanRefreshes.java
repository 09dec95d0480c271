package dev.rotor.session.control;

import dev.rotor.account.entity.Account;
import dev.rotor.platform.RequestFacts;
import dev.rotor.platform.RotorSettings;
import dev.rotor.session.control.RefreshResult.Refusal;
import dev.rotor.session.control.RefreshResult.Refused;
import dev.rotor.session.control.RefreshResult.Rotated;
import dev.rotor.session.entity.Session;
import dev.rotor.token.control.AccessTokenIssuer;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Where every refresh starts (the token endpoint and the browser's cookie). The common case, the
 * current token of a live session of an enabled account, is settled here in two statements and no
 * transaction: the session row and its account read in one query, the rules decided on that row
 * ({@link RefreshRotation}), and the rotation written by one compare-and-set {@code UPDATE … WHERE
 * generation = ? AND status = 'ACTIVE'} that commits on its own (autocommit: no {@code BEGIN}, no
 * separate {@code COMMIT}, no JTA). Its commit is as durable as any other: PostgreSQL's
 * {@code synchronous_commit} applies to it alike.
 *
 * <p>Everything else goes to {@link Refreshes}, in a transaction, from the start: a token that is
 * not the current one (a retry in the grace window, a replay), one that fails verification, every
 * refusal (each writes an audit row, most a revocation), and a rotation whose compare-and-set lost
 * a race (its signed access token is thrown away). So the rules and their writes stay in one
 * place; only the one write a rotation needs is done here. The row read here is read again there,
 * which costs a refusal one read more.
 */
@ApplicationScoped
public class LeanRefreshes {

    /** Session.advance (JPQL) as one SQL statement: the same columns, the same condition. */
    static final String ADVANCE = "UPDATE session_family SET generation = ?, current_hash = ?, rotated_at = ?, last_used_at = ?, "
            + "idle_expires_at = ?, client_ip = ? WHERE id = ? AND generation = ? AND status = 'ACTIVE'";

    @PersistenceContext(unitName = "rotor")
    EntityManager em;

    @Resource(lookup = "jdbc/rotor")
    DataSource dataSource;

    @Inject
    Refreshes refreshes;

    @Inject
    AccessTokenIssuer accessTokens;

    @Inject
    Clock clock;

    @Inject
    RotorSettings settings;

    private RefreshRotation rotation;

    @PostConstruct
    void init() {
        rotation = new RefreshRotation(settings.refreshGrace(), settings.refreshIdleTtl());
    }

    /** Applies the refresh rules to {@code presented}, as {@link Refreshes#refresh} does; the new access token is for {@code audience}. */
    public RefreshResult refresh(RefreshToken presented, String clientId, List<String> audience, RequestFacts facts) {
        // Outside a transaction the container's EntityManager reads into a context of its own and
        // hands back detached entities: nothing is tracked, nothing is compared at a commit.
        List<Object[]> found = em.createNamedQuery("Session.withAccount", Object[].class)
                .setParameter("id", presented.sessionId()).getResultList();
        if (found.isEmpty()) {
            return new Refused(Refusal.UNKNOWN); // nothing to write, nothing to audit (as in Refreshes)
        }
        Session row = (Session) found.get(0)[0];
        Account account = (Account) found.get(0)[1];
        if (presented.generation() == row.generation()) {
            Optional<RefreshTokens.Verified> verified = RefreshTokens.verify(presented, row);
            if (verified.isPresent()) {
                long asRead = row.generation();
                RefreshResult result = rotation.rotate(verified.get(), row, clientId, account, clock.instant(), facts,
                        Refreshes.handout(accessTokens, account, audience));
                if (result instanceof Rotated && advanced(row, asRead)) {
                    refreshes.counted();
                    return result;
                }
            }
        }
        return refreshes.refresh(presented, clientId, audience, facts);
    }

    /** Writes the rotation decided on {@code rotated} if the row is still at {@code expected} and active; commits it. */
    boolean advanced(Session rotated, long expected) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement(ADVANCE)) {
            update.setLong(1, rotated.generation());
            update.setString(2, rotated.currentHash());
            update.setObject(3, rotated.rotatedAt().atOffset(ZoneOffset.UTC));
            update.setObject(4, rotated.rotatedAt().atOffset(ZoneOffset.UTC));
            update.setObject(5, rotated.idleExpiresAt().atOffset(ZoneOffset.UTC));
            update.setString(6, rotated.clientIp());
            update.setString(7, rotated.id());
            update.setLong(8, expected);
            boolean won = update.executeUpdate() == 1;
            if (!connection.getAutoCommit()) {
                connection.commit();
            }
            return won;
        } catch (SQLException e) {
            throw new PersistenceException("Writing a rotation failed", e); // 503 when the database is gone (ProblemMapper)
        }
    }
}
