package dev.rotor.oauth.control;

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

/**
 * Drives {@link RevocationFeed} on a non-persistent timer of this instance, scheduled when start-up is
 * done ({@link Started}). An EJB timer, like the session feature's polling: a task on the managed
 * scheduled executor, scheduled from a request, carried that request's invocation context and
 * closed other requests' EntityManagers (seen).
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class RevocationFeedTicker {

    static final long INTERVAL_MILLIS = 100;

    @Inject
    RevocationFeed feed;

    @Resource
    TimerService timers;

    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public void schedule(@Observes Started started) {
        timers.createIntervalTimer(INTERVAL_MILLIS, INTERVAL_MILLIS, new TimerConfig("rotor-revocation-feed", false));
    }

    @Timeout
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void tick() {
        feed.tickIfDue();
    }
}
