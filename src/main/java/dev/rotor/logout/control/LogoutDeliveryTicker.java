package dev.rotor.logout.control;

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
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Drives {@link LogoutDelivery} on a non-persistent timer of this instance every
 * {@code rotor.backchannel.poll-interval} (half a second), once start-up is done: an EJB timer, as
 * the revocation polling, never a request thread. A round still sending when the next tick comes
 * makes that tick do nothing.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class LogoutDeliveryTicker {

    private static final Logger LOG = Logger.getLogger(LogoutDeliveryTicker.class.getName());

    @Inject
    LogoutDelivery delivery;

    @Inject
    @ConfigProperty(name = "rotor.backchannel.poll-interval", defaultValue = "PT0.5S")
    Duration interval;

    @Resource
    TimerService timers;

    private final AtomicLong ticks = new AtomicLong();

    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public void schedule(@Observes Started started) {
        long millis = Math.max(50, interval.toMillis());
        timers.createIntervalTimer(millis, millis, new TimerConfig("rotor-backchannel-logout", false));
    }

    @Timeout
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void tick() {
        ticks.incrementAndGet();
        try {
            delivery.deliverDue();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Sending back-channel logouts failed; trying again on the next tick", e);
        }
    }

    /** How many times the timer has fired since start (readiness data: the real period shows in it). */
    public long ticks() {
        return ticks.get();
    }
}
