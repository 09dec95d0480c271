package dev.rotor.platform;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Every {@code rotor.sessions.purge-interval} (an hour), runs each {@link Chore}: the deletions of
 * rows nobody needs any more (old sessions, the revocation log past the access-token horizon, audit
 * events past retention, stale throttle rows). One non-persistent timer per instance; chores are
 * idempotent, so instances sharing a database may all run them, and one that fails keeps no other
 * from running.
 */
@Singleton
@Startup
public class Housekeeping {

    private static final Logger LOG = Logger.getLogger(Housekeeping.class.getName());

    /** A deletion the housekeeping timer runs; a feature's bean implements it to take part. */
    public interface Chore {

        /** What it deletes, for the log: "old sessions". */
        String deletes();

        /** Deletes what is due at {@code now}; returns how many rows went. */
        int run(Instant now);
    }

    @Inject
    Instance<Chore> chores;

    @Inject
    Clock clock;

    @Inject
    @ConfigProperty(name = "rotor.sessions.purge-interval", defaultValue = "PT1H")
    Duration interval;

    @Resource
    TimerService timers;

    @PostConstruct
    void schedule() {
        // Naming each chore makes it, so a chore's own settings checks stop the start (the throttle's).
        String all = chores.stream().map(Chore::deletes).collect(Collectors.joining(", "));
        LOG.config(() -> "Every " + interval + ", deleting " + all);
        long millis = interval.toMillis();
        timers.createIntervalTimer(millis, millis, new TimerConfig("rotor-housekeeping", false));
    }

    @Timeout
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void runChores() {
        Instant now = clock.instant();
        for (Chore chore : chores) {
            try {
                int deleted = chore.run(now);
                if (deleted > 0) {
                    LOG.info(() -> "Deleted " + deleted + " " + chore.deletes());
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, e, () -> "Deleting " + chore.deletes() + " failed; trying again in " + interval);
            }
        }
    }
}
