package dev.rotor.access.control;

import dev.rotor.platform.Started;
import dev.rotor.session.control.RevocationSignal;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Revocations pushed on PostgreSQL: one thread per instance holds a listening connection
 * ({@link PostgresNotices}, outside the pool) and, on every notice, has {@link RevocationFollower}
 * read the log at once and then fires {@link RevocationNotice} (the revocation feed answers its
 * waiting consumers on it). The notice carries nothing: the read, its cursor and its gap handling
 * are the follower's, as for a poll, and {@link RevocationPolling} keeps reading every interval
 * in case a notice is lost. Started when start-up is done ({@link Started}), connecting in its own thread, so an unreachable
 * database never holds up the start. Off on H2 and with {@code rotor.revocations.push=false}
 * (this instance then only polls; it still announces its own revocations to the others,
 * {@link RevocationSignal}).
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class RevocationPush {

    private static final Logger LOG = Logger.getLogger(RevocationPush.class.getName());

    @Inject
    RevocationSignal signal;

    @Inject
    RevocationFollower follower;

    @Inject
    Event<RevocationNotice> notices;

    @Inject
    Config config;

    @Inject
    @ConfigProperty(name = "rotor.revocations.push", defaultValue = "true")
    boolean push;

    @Resource
    ManagedThreadFactory threads;

    @Resource
    SessionContext context;

    private RevocationListener listener;
    private Thread thread;

    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public void start(@Observes Started started) {
        if (!push || !signal.onPostgres()) {
            return;
        }
        var host = config.getOptionalValue("rotor.db.host", String.class);
        var database = config.getOptionalValue("rotor.db.name", String.class);
        var user = config.getOptionalValue("rotor.db.user", String.class);
        if (host.isEmpty() || database.isEmpty() || user.isEmpty()) {
            LOG.warning("Revocations are not pushed: ROTOR_DB_HOST, ROTOR_DB_NAME or ROTOR_DB_USER is not set; "
                    + "each instance reads the revocation log every poll interval");
            return;
        }
        var connector = new PostgresNotices(host.get(), config.getOptionalValue("rotor.db.port", Integer.class).orElse(5432),
                database.get(), user.get(), config.getOptionalValue("rotor.db.password", String.class).orElse(null));
        RevocationPush self = context.getBusinessObject(RevocationPush.class);
        listener = new RevocationListener(connector, self::readNow, duration -> Thread.sleep(duration.toMillis()));
        thread = threads.newThread(listener);
        thread.setName("rotor-revocation-listener");
        thread.setDaemon(true);
        thread.start();
        LOG.info(() -> "Revocations pushed: listening on " + connector.target());
    }

    @PreDestroy
    void stop() {
        if (listener != null) {
            listener.stop();
            thread.interrupt();
        }
    }

    /**
     * Reads the revocation log now, then tells whatever waits on {@link RevocationNotice}. Waits for
     * a poll under way rather than skipping (as a poll does): that poll may have read before the
     * notified commit.
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public void readNow() {
        follower.poll();
        notices.fire(new RevocationNotice());
    }
}
