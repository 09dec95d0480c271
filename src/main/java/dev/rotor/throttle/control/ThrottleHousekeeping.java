package dev.rotor.throttle.control;

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
 * Every {@code rotor.sessions.purge-interval} (an hour), deletes throttle rows that neither count
 * nor block any more, the way {@code Housekeeping} purges sessions: a non-persistent timer per
 * instance, an idempotent delete, so instances sharing a database may all run it.
 */
@Singleton
@Startup
public class ThrottleHousekeeping {

    private static final Logger LOG = Logger.getLogger(ThrottleHousekeeping.class.getName());

    @Inject
    SignInThrottle throttle;

    @Inject
    @ConfigProperty(name = "rotor.sessions.purge-interval", defaultValue = "PT1H")
    Duration interval;

    @Resource
    TimerService timers;

    @PostConstruct
    void schedule() {
        throttle.isEnabled(); // creates the throttle, whose settings are checked then
        long millis = interval.toMillis();
        timers.createIntervalTimer(millis, millis, new TimerConfig("rotor-throttle-purge", false));
    }

    @Timeout
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void purgeStaleRows() {
        int deleted = throttle.purgeStale();
        if (deleted > 0) {
            LOG.info(() -> "Deleted " + deleted + " stale sign-in throttle rows");
        }
    }
}
