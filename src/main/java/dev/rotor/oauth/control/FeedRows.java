package dev.rotor.oauth.control;

import dev.rotor.session.entity.Revocation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Reads the revocation record for the feed with a native query. Not through the {@code Revocation}
 * entity: on H2 its {@code TIMESTAMP WITH TIME ZONE} column comes back as an {@link OffsetDateTime},
 * which the shared Instant converter (written for {@link Timestamp}) cannot take (seen); PostgreSQL's
 * driver hands back a Timestamp. Both are accepted here.
 */
@ApplicationScoped
public class FeedRows {

    @PersistenceContext(unitName = "rotor")
    EntityManager em;

    /** Rows after {@code cursor}, seq ascending, at most {@code limit}. */
    public List<FeedEntry> since(long cursor, int limit) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT seq, kind, account_id, session_id, min_token_version, key_id, recorded_at "
                        + "FROM revocation WHERE seq > ? ORDER BY seq")
                .setParameter(1, cursor)
                .setMaxResults(limit)
                .getResultList();
        return rows.stream().map(FeedRows::entry).toList();
    }

    private static FeedEntry entry(Object[] row) {
        return new FeedEntry(((Number) row[0]).longValue(), Revocation.Kind.valueOf(row[1].toString().strip()),
                (String) row[2], (String) row[3], row[4] == null ? null : ((Number) row[4]).longValue(), (String) row[5], instant(row[6]));
    }

    static Instant instant(Object value) {
        if (value instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant();
        }
        if (value instanceof java.time.LocalDateTime local) {
            return local.toInstant(java.time.ZoneOffset.UTC);
        }
        throw new IllegalStateException("Unexpected type for revocation.recorded_at: " + value.getClass().getName());
    }
}
