package dev.rotor.bench;

import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * The raw PBKDF2-HMAC-SHA256 rate of this machine at Rotor's iteration count: the ceiling a
 * sign-in cannot beat, since hashing the password is its real cost. Measured with every core
 * hashing at once, as a server under load does: two cores need not hash twice as fast as one.
 */
final class PasswordHashRate {

    /** Hashes per second with {@code threads} threads hashing at once, and with one thread alone. */
    record Rates(double allAtOnce, int threads, double oneThread) {
    }

    private PasswordHashRate() {
    }

    static Rates measure(int iterations, Duration each, int threads) {
        hash(iterations); // warm up
        double one = perSecond(iterations, each, 1);
        return new Rates(perSecond(iterations, each, threads), threads, one);
    }

    private static double perSecond(int iterations, Duration atLeast, int threads) {
        var pool = Executors.newFixedThreadPool(threads);
        try {
            long start = System.nanoTime();
            var counts = new ArrayList<Future<Integer>>();
            for (int t = 0; t < threads; t++) {
                counts.add(pool.submit(() -> {
                    int hashes = 0;
                    while (System.nanoTime() - start < atLeast.toNanos()) {
                        hash(iterations);
                        hashes++;
                    }
                    return hashes;
                }));
            }
            int total = 0;
            for (Future<Integer> count : counts) {
                total += count.get();
            }
            return total / ((System.nanoTime() - start) / 1e9);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static void hash(int iterations) {
        try {
            SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(new PBEKeySpec("bench password".toCharArray(), new byte[16], iterations, 256));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
