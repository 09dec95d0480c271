package dev.rotor.throttle.entity;

import java.time.Duration;

/**
 * How one kind of key is throttled. The first {@code freeFailures} failures cost nothing; each
 * further one makes the key wait {@code backoffBase}, doubling per failure up to
 * {@code backoffMax}; the {@code maxFailures}-th locks it for {@code lockout}. Failures further
 * apart than {@code window} from the first one of the count start a new count.
 */
public record ThrottlePolicy(int maxFailures, int freeFailures, Duration backoffBase, Duration backoffMax,
                             Duration window, Duration lockout) {

    public ThrottlePolicy {
        if (maxFailures < 1) {
            throw new IllegalArgumentException("the failure limit must be at least 1, not " + maxFailures);
        }
        if (backoffBase.isNegative() || backoffMax.isNegative() || window.isNegative() || lockout.isNegative()) {
            throw new IllegalArgumentException("throttle durations must not be negative");
        }
    }

    /** A hard limit only: no back-off before it. */
    public static ThrottlePolicy limit(int maxFailures, Duration window, Duration lockout) {
        return new ThrottlePolicy(maxFailures, maxFailures, Duration.ZERO, Duration.ZERO, window, lockout);
    }

    /** How long the key must wait after its {@code failures}-th failure in a row. */
    public Duration delayAfter(int failures) {
        if (failures >= maxFailures) {
            return lockout;
        }
        int doublings = failures - freeFailures - 1;
        if (doublings < 0 || backoffBase.isZero()) {
            return Duration.ZERO;
        }
        if (doublings >= 30) {
            return backoffMax;
        }
        Duration delay = backoffBase.multipliedBy(1L << doublings);
        return delay.compareTo(backoffMax) > 0 ? backoffMax : delay;
    }
}
