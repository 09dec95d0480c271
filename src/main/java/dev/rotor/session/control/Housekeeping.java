package dev.rotor.session.control;

import dev.rotor.audit.control.AuditRetention;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Every {@code rotor.sessions.purge-interval} (an hour), deletes sessions that ended or expired
 * longer than {@code rotor.sessions.retention} ago, and revocation-log entries older than the
 * access-token lifetime plus {@link #SKEW}, and audit events older than {@code rotor.audit.retention}. A non-persistent timer per instance; the
 * deletes are idempotent, so instances sharing a database may all run it.
 */
@Singleton
@Startup
public class Housekeeping {

    private static final Logger LOG = Logger.getLogger(Housekeeping.class.getName());

    /** Clock skew allowed between instances and resource servers when pruning the revocation log. */
    static final Duration SKEW = Duration.ofSeconds(60);

    @Inject
    SessionPurge purge;

    @Inject
    RevocationLog revocations;

    @Inject
    AuditRetention audit;

    @Inject
    java.time.Clock clock;

    @Inject
    @ConfigProperty(name = "rotor.access.ttl", defaultValue = "PT15M")
    Duration accessTtl;

    @Inject
    @ConfigProperty(name = "rotor.sessions.purge-interval", defaultValue = "PT1H")
    Duration interval;

    @Resource
    TimerService timers;

    @PostConstruct
    void schedule() {
        long millis = interval.toMillis();
        timers.createIntervalTimer(millis, millis, new TimerConfig("rotor-session-purge", false));
    }

    @Timeout
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void purgeOldSessions() {
        int deleted = purge.purgeAll();
        if (deleted > 0) {
            LOG.info(() -> "Deleted " + deleted + " old sessions");
        }
        revocations.pruneBefore(clock.instant().minus(accessTtl).minus(SKEW));
        int events = audit.purgeAll();
        if (events > 0) {
            LOG.info(() -> "Deleted " + events + " audit events past retention");
        }
    }
}
