package dev.rotor.platform;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.Collections;
import javax.transaction.xa.XAException;

/**
 * The database cannot be reached (stopped, restarting, connection dropped, pool unable to
 * connect). {@link #causes} tells such a failure from any other by walking the cause chain that
 * JPA, EclipseLink, JTA and the connection pool wrap it in. It is temporary, and nothing was
 * stored, so no token was handed out: callers get this refusal, 503 with Retry-After, and may
 * simply try again.
 */
public class DatabaseUnavailable extends Refusal {

    /** What {@code Retry-After} says: long enough for a restart or a fail-over to finish. */
    public static final long RETRY_AFTER_SECONDS = 5;

    public DatabaseUnavailable() {
        super("unavailable", 503, "The service cannot reach its database right now; try again shortly.",
                OAuthAnswer.temporarilyUnavailable(), RETRY_AFTER_SECONDS);
    }

    public static boolean causes(Throwable thrown) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = thrown; t != null && seen.add(t); t = next(t)) {
            if (isConnectionFailure(t)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isConnectionFailure(Throwable t) {
        if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                || t instanceof SQLRecoverableException || t instanceof ConnectException) {
            return true;
        }
        if (t instanceof SQLException sql) {
            String state = sql.getSQLState();
            // SQLSTATE class 08: connection exception; 57P01-57P03: the server shut down or is starting.
            if (state != null && (state.startsWith("08") || state.startsWith("57P"))) {
                return true;
            }
        }
        // A commit the database could not complete (its connection was terminated mid-commit): the
        // transaction manager reports it as an XAException naming the resource adapter's failure in
        // its message only, with no cause. The database is Rotor's only transactional resource.
        if (t instanceof XAException) {
            return true;
        }
        // The pool's own refusal (jakarta.resource.ResourceException and its wrappers) when it cannot connect.
        String type = t.getClass().getName();
        return type.startsWith("jakarta.resource.") || type.startsWith("com.sun.appserv.connectors.internal.api.PoolingException");
    }

    private static Throwable next(Throwable t) {
        if (t instanceof SQLException sql && sql.getNextException() != null && t.getCause() == null) {
            return sql.getNextException();
        }
        return t.getCause();
    }
}
