package dev.rotor.access.control;

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

/** Drives {@link RevocationFollower} on a non-persistent timer of this instance, once start-up is done. */
@Singleton
@Startup
@DependsOn("StartUp")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class RevocationPolling {

    @Inject
    RevocationFollower follower;

    @Resource
    TimerService timers;

    @PostConstruct
    void schedule() {
        long millis = Math.max(50, follower.interval().toMillis());
        timers.createIntervalTimer(millis, millis, new TimerConfig("rotor-revocation-poll", false));
    }

    @Timeout
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void poll() {
        follower.pollQuietly();
    }
}
