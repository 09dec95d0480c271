package dev.rotor.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Prints what the run measured: each sample as it ends, then the medians per server and the ratios. */
final class Report {

    private final StringBuilder summary = new StringBuilder();
    private final List<Step> runOrder = new ArrayList<>();
    private String baselineName = "";

    /** A periodic job of a server: the counter its readiness answer keeps, what it is, the period stated for it. */
    record Timer(String counter, String label, long statedMillis) {
    }

    /** One step of the run, in the order it ran: consecutive phases of one server's round are one step. */
    record Step(String what, Instant ended) {
    }

    void header(Options options) {
        baselineName = options.baselineName();
        System.out.printf("Rotor benchmark, %s%n", Instant.now().truncatedTo(ChronoUnit.SECONDS));
        System.out.printf("machine: %d cores (%s), %s MiB memory; driver on Java %s%n",
                Runtime.getRuntime().availableProcessors(), cpuModel(), memoryMiB(), Runtime.version());
        System.out.printf("mode: %s%s; %d sessions on %d threads, %d accounts; %d round(s) of %d s per phase, %d s at half rate; "
                        + "warm-up windows of %d s until %d in a row lie within %.0f %% (cap %d s)%n",
                options.quick() ? "QUICK smoke check (numbers mean nothing)" : "full",
                (options.baseline() ? ", Rotor and " + options.baselineName() + " (" + (options.baselineWar() + " " + options.baselineJvmOptions()).trim() + ")" : ", Rotor")
                        + (options.keycloak() ? " and Keycloak " + options.keycloakVersion() + " alternating" : ""),
                options.sessions(), options.threads(), options.users(), options.rounds(), options.phase().toSeconds(),
                options.halfRatePhase().toSeconds(), options.window().toSeconds(), options.steadyWindows(), options.steadyTolerance() * 100, options.warmupCap().toSeconds());
    }

    /** Notes that {@code what} just ran; a repeat of the last step only moves its end. */
    void ran(String what) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        if (!runOrder.isEmpty() && runOrder.get(runOrder.size() - 1).what().equals(what)) {
            runOrder.set(runOrder.size() - 1, new Step(what, now));
        } else {
            runOrder.add(new Step(what, now));
        }
    }

    List<Step> runOrder() {
        return List.copyOf(runOrder);
    }

    void started(ServerProcess server) {
        ran(server.name() + " launch, until it answers");
        System.out.printf("%s answers %.1f s after launch (log: %s)%n", server.name(),
                Duration.between(server.launched(), Instant.now()).toMillis() / 1000.0, server.log());
    }

    /** One line per phase as it ends, with the time it ended (to match it with a profile's samples). */
    void sample(String target, String stage, Phase phase, Sample sample) {
        ran(target + " " + (stage.startsWith("warm-up") ? "warm-up" : stage));
        System.out.println(line(target + " " + stage, phase, sample) + "  [ended " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "]");
    }

    void warmedUp(String target, Warmup.Result result) {
        String line = result.steady()
                ? String.format("%s steady %.0f s after launch (%d warm-up windows, %.0f s under load)", target,
                        seconds(result.launchToSteady()), result.windows(), seconds(result.underLoad()))
                : String.format("%s NOT steady after %.0f s of warm-up (cap); measured anyway, %.0f s after launch", target,
                        seconds(result.underLoad()), seconds(result.launchToSteady()));
        ran(target + " warm-up");
        System.out.println(line);
        summary.append(line).append('\n');
    }

    /** Medians over the rounds (the round with the median rate, per phase), then ratios. */
    void summary(Map<String, List<Map<Phase, Sample>>> results, PasswordHashRate.Rates hashes, int iterations, Sample bare) {
        double bareRotations = bare.perSecond();
        System.out.println();
        System.out.println("== Run order (each step with the time it ended; a round runs every phase of one server)");
        for (int i = 0; i < runOrder.size(); i++) {
            System.out.printf("%2d. %-34s ended %s%n", i + 1, runOrder.get(i).what(), runOrder.get(i).ended());
        }
        System.out.println("== Summary (per phase: the round with the median rate)");
        System.out.print(summary);
        Map<String, Map<Phase, Sample>> medians = new LinkedHashMap<>();
        results.forEach((target, rounds) -> {
            var perPhase = new java.util.EnumMap<Phase, Sample>(Phase.class);
            for (Phase phase : Phase.values()) {
                perPhase.put(phase, Rounds.median(rounds.stream().map(r -> r.get(phase)).toList()));
            }
            medians.put(target, perPhase);
            perPhase.forEach((phase, sample) -> System.out.println(line(target, phase, sample)));
            long rss = maxRss(rounds);
            System.out.printf("%-18s RSS under load (max over rounds) %d MiB%n", target, rss);
        });
        Map<Phase, Sample> rotor = medians.get("Rotor");
        System.out.printf("Rotor protected / unprotected calls: %.2f (target >= 0.9)%n",
                rotor.get(Phase.PROTECTED).perSecond() / rotor.get(Phase.UNPROTECTED).perSecond());
        System.out.printf("Rotor sign-ins / raw PBKDF2-HMAC-SHA256 at %d iterations in the driver's JVM (%.1f/s on %d threads at once; "
                        + "one thread alone %.1f/s, times %d = %.1f/s): %.2f (target >= 0.9)%n",
                iterations, hashes.allAtOnce(), hashes.threads(), hashes.oneThread(), hashes.threads(),
                hashes.oneThread() * hashes.threads(), rotor.get(Phase.SIGN_IN).perSecond() / hashes.allAtOnce());
        System.out.printf("Bare rotation floor (row read + SHA-256 + compare-and-set UPDATE and commit on PostgreSQL + one RS256 "
                + "signature; no HTTP, no server) on all cores: %.0f/s; Rotor reaches %.2f of it%n",
                bareRotations, rotor.get(Phase.ROTATION).perSecond() / bareRotations);
        Map<Phase, Sample> before = medians.get(baselineName);
        if (before != null) {
            System.out.println("== Rotor / " + baselineName + " (this build against the baseline WAR or JVM options)");
            ratios(rotor, before, results.get("Rotor"), results.get(baselineName), "");
        }
        Map<Phase, Sample> keycloak = medians.get("Keycloak");
        if (keycloak != null) {
            System.out.println("== Rotor / Keycloak");
            ratios(rotor, keycloak, results.get("Rotor"), results.get("Keycloak"), " (target <= 0.8)");
            double keycloakRotations = keycloak.get(Phase.ROTATION).perSecond();
            System.out.printf("%-18s %5.2fx (target >= %.1f; %.1fx Keycloak is %.0f/s, %.2f of the bare floor)%n", "rotations/s",
                    rotor.get(Phase.ROTATION).perSecond() / keycloakRotations, ROTATION_TARGET, ROTATION_TARGET,
                    ROTATION_TARGET * keycloakRotations, ROTATION_TARGET * keycloakRotations / bareRotations);
            System.out.printf("%-18s %5.2fx (target <= %.1f)%n", "CPU per rotation",
                    rotor.get(Phase.ROTATION).cpuMillisPerOp() / keycloak.get(Phase.ROTATION).cpuMillisPerOp(), CPU_TARGET);
        }
    }

    /** The targets against Keycloak: rotations/s at least this many times Keycloak's ... */
    static final double ROTATION_TARGET = 1.4;
    /** ... and server CPU per rotation at most this fraction of Keycloak's. */
    static final double CPU_TARGET = 0.5;

    private static void ratios(Map<Phase, Sample> a, Map<Phase, Sample> b, List<Map<Phase, Sample>> aRounds, List<Map<Phase, Sample>> bRounds,
                               String rssTarget) {
        for (Phase phase : Phase.values()) {
            Sample x = a.get(phase);
            Sample y = b.get(phase);
            System.out.printf("%-18s rate %5.2fx   p99 %5.2fx   CPU per op %5.2fx%n", phase.label,
                    x.perSecond() / y.perSecond(), x.p99Millis() / y.p99Millis(), x.cpuMillisPerOp() / y.cpuMillisPerOp());
        }
        System.out.printf("%-18s %5.2fx%s%n", "RSS under load", maxRss(aRounds) / (double) maxRss(bRounds), rssTarget);
    }

    /**
     * Each periodic job's real period over {@code elapsed} (the rounds, under load): the time
     * divided by the runs counted, beside the period stated for it.
     */
    void timers(String target, List<Timer> timers, Map<String, Long> before, Map<String, Long> after, Duration elapsed) {
        summary.append(timerLine(target, timers, before, after, elapsed)).append('\n');
    }

    static String timerLine(String target, List<Timer> timers, Map<String, Long> before, Map<String, Long> after, Duration elapsed) {
        List<String> parts = new ArrayList<>();
        for (Timer timer : timers) {
            Long from = before.get(timer.counter());
            Long to = after.get(timer.counter());
            if (from == null || to == null || to <= from) {
                parts.add(String.format("%s: no run counted (stated every %d ms)", timer.label(), timer.statedMillis()));
            } else {
                parts.add(String.format("%s every %.0f ms (stated %d ms; %d runs)", timer.label(),
                        elapsed.toMillis() / (double) (to - from), timer.statedMillis(), to - from));
            }
        }
        return String.format("%s periodic jobs over the rounds (%.0f s, under load): %s", target, elapsed.toMillis() / 1000.0, String.join("; ", parts));
    }

    /**
     * The half-rate lines, and per server where its slowest 1 % came from: requests due within
     * {@link #BURST_GAP} of each other form one burst, so a few large bursts point at pauses (of
     * a collector, the machine, the database) and many single requests at spread. Every slow
     * request is written to {@code half-rate-<server>.txt} in the work directory, to set beside a
     * GC log ({@code -Xlog:gc:file=...:time}). Last, the bare floor's operation (no server) at
     * Rotor's half rate: the least Rotor's latency can be on this machine at that rate.
     */
    void halfRate(Map<String, Sample> samples, Sample bare, Path work) {
        System.out.println("== Rotations in an open loop at half of each server's median rate, latency from when each was due"
                + " (target for Rotor: p99 <= 10 ms)");
        var withBare = new LinkedHashMap<>(samples);
        withBare.put("bare-floor", bare);
        withBare.forEach((target, sample) -> {
            System.out.printf("%s  p99.9 %.2f ms  max %.2f ms (%d requests)%n",
                    line(target, Phase.ROTATION, sample), sample.p999Millis(), sample.maxMillis(), sample.ok());
            List<List<Sample.Slow>> bursts = bursts(sample.slowest());
            List<Sample.Slow> largest = bursts.stream().max(Comparator.comparingInt(List::size)).orElse(List.of());
            System.out.printf("%-18s slowest 1 %%: %d requests in %d bursts (due within %d ms of each other); largest %d requests from %s%n",
                    "", sample.slowest().size(), bursts.size(), BURST_GAP.toMillis(), largest.size(),
                    largest.isEmpty() ? "-" : largest.get(0).due().truncatedTo(ChronoUnit.MILLIS));
            Stalls stalls = sample.stalls();
            System.out.printf("%-18s meanwhile a driver thread sleeping 1 ms woke late by p99 %.2f ms, max %.2f ms, 10 ms or more %d times"
                            + " (the machine's share of any latency)%n", "", stalls.p99Millis(), stalls.maxMillis(), stalls.over10ms());
            writeSlowest(work.resolve("half-rate-" + target.toLowerCase() + ".txt"), sample.slowest());
        });
    }

    static final Duration BURST_GAP = Duration.ofMillis(100);

    static List<List<Sample.Slow>> bursts(List<Sample.Slow> slowest) {
        List<List<Sample.Slow>> bursts = new ArrayList<>();
        List<Sample.Slow> current = new ArrayList<>();
        for (Sample.Slow slow : slowest) {
            if (!current.isEmpty() && Duration.between(current.get(current.size() - 1).due(), slow.due()).compareTo(BURST_GAP) > 0) {
                bursts.add(current);
                current = new ArrayList<>();
            }
            current.add(slow);
        }
        if (!current.isEmpty()) {
            bursts.add(current);
        }
        return bursts;
    }

    private static void writeSlowest(Path file, List<Sample.Slow> slowest) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, slowest.stream()
                    .map(s -> s.due().truncatedTo(ChronoUnit.MILLIS) + " " + String.format("%.2f", s.latency() / 1e6))
                    .toList());
        } catch (IOException e) {
            System.out.println("cannot write " + file + ": " + e);
        }
    }

    void largeTable(LargeTable.Result result) {
        System.out.println("== Rotor rotation with a small and a large session table (target: p99 large <= 1.3x p99 small)");
        System.out.println(line(String.format("%,d rows", result.rowsBefore()), Phase.ROTATION, result.before()));
        System.out.println(line(String.format("%,d rows", result.rowsAfter()), Phase.ROTATION, result.after()));
        System.out.printf("p99 large / small: %.2fx   rate large / small: %.2fx%n", result.after().p99Millis() / result.before().p99Millis(),
                result.after().perSecond() / result.before().perSecond());
    }

    private static long maxRss(List<Map<Phase, Sample>> rounds) {
        return rounds.stream().flatMap(r -> r.values().stream()).mapToLong(Sample::rssMiB).max().orElse(-1);
    }

    private static String line(String who, Phase phase, Sample sample) {
        return String.format("%-18s %-18s %8.1f/s  p50 %7.2f ms  p99 %7.2f ms  CPU %6.2f ms/op  RSS %5d MiB%s",
                who, phase.label, sample.perSecond(), sample.p50Millis(), sample.p99Millis(), sample.cpuMillisPerOp(),
                sample.rssMiB(), sample.failed() == 0 ? "" : "  FAILED " + sample.failed() + " " + sample.failures());
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }

    private static String cpuModel() {
        return procLine("/proc/cpuinfo", "model name").map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown CPU");
    }

    private static String memoryMiB() {
        return procLine("/proc/meminfo", "MemTotal").map(l -> String.valueOf(Long.parseLong(l.replaceAll("\\D", "")) / 1024)).orElse("?");
    }

    private static java.util.Optional<String> procLine(String file, String prefix) {
        try {
            return Files.readAllLines(Path.of(file)).stream().filter(l -> l.startsWith(prefix)).findFirst();
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }
}
