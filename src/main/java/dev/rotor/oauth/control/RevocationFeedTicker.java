package dev.rotor.oauth.control;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

/**
 * Drives {@link RevocationFeed} on a non-persistent timer of this instance. An EJB timer, like
 * the session feature's polling: a task on the managed scheduled executor, scheduled from a request,
 * carried that request's invocation context and closed other requests' EntityManagers (seen).
 */
@Singleton
@Startup
@DependsOn("StartUp")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class RevocationFeedTicker {

    static final long INTERVAL_MILLIS = 100;

    @Inject
    RevocationFeed feed;

    @Resource
    TimerService timers;

    @PostConstruct
    void schedule() {
        timers.createIntervalTimer(INTERVAL_MILLIS, INTERVAL_MILLIS, new TimerConfig("rotor-revocation-feed", false));
    }

    @Timeout
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void tick() {
        feed.tickIfDue();
    }
}
