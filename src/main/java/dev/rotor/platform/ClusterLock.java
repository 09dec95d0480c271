package dev.rotor.platform;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A row that instances sharing the database lock ({@code SELECT ... FOR UPDATE}) to do one thing
 * at a time, and whose generation counts the changes made under it.
 */
@Entity
@Table(name = "cluster_lock")
public class ClusterLock {

    public static final String SIGNING_KEYS = "signing-keys";
    public static final String FIRST_START = "first-start";

    @Id
    private String name;

    private long generation;

    protected ClusterLock() {
    }

    public long generation() {
        return generation;
    }

    /** Marks a change made while holding the lock. */
    public void changed() {
        generation++;
    }
}
