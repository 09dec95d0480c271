package dev.rotor.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * Deletes old rows a batch at a time, one short transaction each, so a large clean-up never holds
 * a table's locks for long. A table takes part with two named queries: one selecting ids by
 * {@code :cutoff}, one deleting {@code :ids}.
 */
@ApplicationScoped
public class BatchedDelete {

    /** The two named queries and the batch size for one kind of row. */
    public record Rows(String idsQuery, String deleteQuery, int batchSize) {
    }

    @PersistenceContext(unitName = "rotor")
    EntityManager em;

    @Inject
    BatchedDelete self;

    /** Deletes every row that {@code rows.idsQuery} selects for {@code cutoff}, batch by batch; returns how many went. */
    public int deleteAll(Rows rows, Instant cutoff) {
        return untilShort(rows.batchSize(), () -> self.deleteBatch(rows, cutoff));
    }

    /** One batch in its own transaction; returns how many rows went. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int deleteBatch(Rows rows, Instant cutoff) {
        List<?> ids = em.createNamedQuery(rows.idsQuery())
                .setParameter("cutoff", cutoff)
                .setMaxResults(rows.batchSize())
                .getResultList();
        if (ids.isEmpty()) {
            return 0;
        }
        em.createNamedQuery(rows.deleteQuery()).setParameter("ids", ids).executeUpdate();
        return ids.size();
    }

    /** Runs {@code batch} until one deletes fewer than {@code batchSize} rows; returns the sum. */
    static int untilShort(int batchSize, IntSupplier batch) {
        int total = 0;
        int deleted;
        do {
            deleted = batch.getAsInt();
            total += deleted;
        } while (deleted == batchSize);
        return total;
    }
}
