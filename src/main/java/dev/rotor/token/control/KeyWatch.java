package dev.rotor.token.control;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * Twice a second on every instance: follows key changes made anywhere (one primary-key read of
 * the lock row's generation; the keys are re-read only when it moved), follows the clock (a next
 * key starts signing, a previous key retires), and runs the scheduled rotation when it is due.
 * So a key added or revoked on any instance is used here within about a second.
 */
@Singleton
@Startup
public class KeyWatch {

    private static final Logger LOG = Logger.getLogger(KeyWatch.class.getName());
    static final long INTERVAL_MILLIS = 500;

    @Inject
    SigningKeys keys;

    @Resource
    TimerService timers;

    private boolean failing;
    private final AtomicLong watches = new AtomicLong();

    @PostConstruct
    void schedule() {
        timers.createIntervalTimer(INTERVAL_MILLIS, INTERVAL_MILLIS, new TimerConfig("rotor-key-watch", false));
    }

    @Timeout
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void watch() {
        watches.incrementAndGet();
        if (!keys.isLoaded()) {
            return;
        }
        try {
            keys.poll();
            keys.rotateIfDue();
            if (failing) {
                failing = false;
                LOG.info("Signing keys are followed again");
            }
        } catch (RuntimeException e) {
            if (!failing) {
                failing = true;
                LOG.warning(() -> "Cannot follow the signing keys (retrying twice a second): " + e);
            }
        }
    }

    /** How many times the timer has fired since start (readiness data: the real period shows in it). */
    @Lock(LockType.READ)
    public long watches() {
        return watches.get();
    }
}
