package dev.rotor.session.control;

import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.logging.Logger;

/** Every hour, deletes sessions that ended or expired longer than {@code rotor.sessions.retention} ago. */
@Singleton
public class Housekeeping {

    private static final Logger LOG = Logger.getLogger(Housekeeping.class.getName());

    @Inject
    SessionPurge purge;

    @Schedule(hour = "*", minute = "17", persistent = false)
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void purgeOldSessions() {
        int deleted = purge.purgeAll();
        if (deleted > 0) {
            LOG.info(() -> "Deleted " + deleted + " old sessions");
        }
    }
}
