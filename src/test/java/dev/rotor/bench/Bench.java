package dev.rotor.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The side-by-side benchmark: starts Rotor on PostgreSQL (and, with
 * {@code --keycloak}, Keycloak), warms each until its throughput is steady, runs alternating
 * rounds of rotations, protected calls, unprotected calls and sign-ins, then rotations at half
 * of each server's rate, and prints rates, p50/p99, server CPU per operation, RSS, time to steady
 * and the ratios. Asserts nothing.
 *
 * <p>Run (see docs/benchmark.md): {@code mvn -B -Pbench -DskipTests package exec:java -Dexec.args="--keycloak"}
 */
public final class Bench {

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        var report = new Report();
        var http = new Http();
        List<ServerProcess> servers = new ArrayList<>();
        Thread stopServers = new Thread(() -> servers.forEach(ServerProcess::close), "bench-stop-servers");
        Runtime.getRuntime().addShutdownHook(stopServers);
        report.header(options);
        try (var driver = new Driver(options.threads())) {
            List<Workload> workloads = new ArrayList<>();
            RotorTarget rotor = RotorServer.start(options, http);
            servers.add(rotor.process());
            workloads.add(prepare(rotor, http, driver, options, report));
            if (options.baseline()) {
                RotorTarget before = RotorServer.startBaseline(options, http);
                servers.add(before.process());
                workloads.add(prepare(before, http, driver, options, report));
            }
            if (options.keycloak()) {
                KeycloakTarget keycloak = KeycloakServer.start(options, http);
                servers.add(keycloak.process());
                workloads.add(prepare(keycloak, http, driver, options, report));
            }
            List<Map<String, Long>> timersBefore = workloads.stream().map(workload -> workload.target().timerCounts()).toList();
            Instant roundsStart = Instant.now();
            var results = Rounds.run(workloads, driver, options, report);
            Duration roundsTook = Duration.between(roundsStart, Instant.now());
            for (int i = 0; i < workloads.size(); i++) {
                Target target = workloads.get(i).target();
                if (!timersBefore.get(i).isEmpty()) {
                    report.timers(target.name(), RotorTarget.TIMERS, timersBefore.get(i), target.timerCounts(), roundsTook);
                }
            }
            var halfRate = Rounds.rotationsAtHalfRate(workloads, results, driver, options, report);
            LargeTable.Result largeTable = options.largeTableRows() > 0 ? LargeTable.measure(workloads.get(0), driver, options) : null;
            if (largeTable != null) {
                report.ran("Rotor large session table");
            }
            var hashRate = PasswordHashRate.measure(options.passwordIterations(), options.quick() ? Duration.ofSeconds(1) : Duration.ofSeconds(5),
                    Runtime.getRuntime().availableProcessors());
            report.ran("raw PBKDF2 rate (driver JVM)");
            Sample bare;
            Sample bareAtHalfRate;
            try (var bareRotation = BareRotationRate.open(options, options.rotorDatabase() + "_bare", options.threads())) {
                Duration length = options.quick() ? Duration.ofSeconds(2) : Duration.ofSeconds(20);
                driver.run(bareRotation.operation(), length, Driver.Measured.NOTHING);
                bare = driver.run(bareRotation.operation(), length, Driver.Measured.NOTHING);
                report.ran("bare rotation floor");
                bareAtHalfRate = driver.runAtRate(bareRotation.operation(), Rounds.halfRate(results.get("Rotor")),
                        options.halfRatePhase(), Driver.Measured.NOTHING);
                report.ran("bare rotation floor at half rate");
            }
            report.summary(results, hashRate, options.passwordIterations(), bare);
            report.halfRate(halfRate, bareAtHalfRate, options.work());
            if (largeTable != null) {
                report.largeTable(largeTable);
            }
        } finally {
            servers.forEach(ServerProcess::close);
            Runtime.getRuntime().removeShutdownHook(stopServers);
        }
    }

    private static Workload prepare(Target target, Http http, Driver driver, Options options, Report report) throws Exception {
        report.started(target.process());
        Workload workload = Workload.open(target, http, options);
        report.warmedUp(target.name(), Warmup.untilSteady(workload, driver, options, report));
        return workload;
    }
}
