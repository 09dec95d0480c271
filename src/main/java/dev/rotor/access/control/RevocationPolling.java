package dev.rotor.access.control;

import dev.rotor.platform.Started;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.concurrent.atomic.AtomicLong;

/** Drives {@link RevocationFollower} on a non-persistent timer of this instance, once start-up is done. */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class RevocationPolling {

    @Inject
    RevocationFollower follower;

    @Resource
    TimerService timers;

    private final AtomicLong polls = new AtomicLong();

    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public void schedule(@Observes Started started) {
        long millis = Math.max(50, follower.interval().toMillis());
        timers.createIntervalTimer(millis, millis, new TimerConfig("rotor-revocation-poll", false));
    }

    @Timeout
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void poll() {
        polls.incrementAndGet();
        follower.pollQuietly();
    }

    /** How many times the timer has fired since start (readiness data: the poll's real period shows in it; reads on a notice are not counted here). */
    public long polls() {
        return polls.get();
    }
}
