package dev.rotor.bench;

import dev.rotor.it.support.RotorProcess;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Starts Rotor as the README's production command line does (Payara Micro from
 * {@code target/runtime}, the WAR from {@code target/}, the pre-boot and PostgreSQL post-boot
 * files, no data grid, the heap cap, the serial collector and the JSON-P provider) on a fresh database, and waits for
 * {@code /health/ready}.
 */
final class RotorServer {

    private RotorServer() {
    }

    static RotorTarget start(Options options, Http http) {
        return start(options, http, "Rotor", options.target().resolve("rotor.war"), options.rotorPort(),
                options.rotorDatabase(), options.rotorJvmOptions());
    }

    /**
     * The second Rotor of a side-by-side run (an earlier WAR, or the same WAR with other JVM
     * options), on the next port and a database of its own.
     */
    static RotorTarget startBaseline(Options options, Http http) {
        return start(options, http, options.baselineName(), Path.of(options.baselineWar()).toAbsolutePath(), options.rotorPort() + 1,
                options.rotorDatabase() + "_before", options.baselineJvmOptions());
    }

    private static RotorTarget start(Options options, Http http, String name, Path war, int port, String database,
                                     String jvmOptions) {
        Path target = options.target();
        Path micro = target.resolve("runtime/payara-micro.jar");
        for (Path needed : List.of(micro, war, target.resolve("runtime/postgresql.jar"))) {
            if (!Files.isRegularFile(needed)) {
                throw new IllegalStateException(needed + " is missing: run the benchmark through `mvn -Pbench package exec:java` (see docs/benchmark.md)");
            }
        }
        var postgres = new Postgres(options);
        postgres.recreate(database);

        String base = "http://localhost:" + port;
        Path work = options.work().resolve(name.toLowerCase());
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(RotorProcess.PRODUCTION_JVM_OPTIONS);
        command.add("-Djava.io.tmpdir=" + work.resolve("tmp"));
        command.add("-Drotor.password.iterations=" + options.passwordIterations());
        if (!jvmOptions.isBlank()) {
            command.addAll(Arrays.asList(jvmOptions.trim().split("\\s+")));
        }
        command.addAll(List.of("-jar", micro.toString(), "--deploy", war.toString(), "--contextroot", "/",
                "--port", String.valueOf(port), "--nohazelcast",
                "--addlibs", target.resolve("runtime/postgresql.jar").toString(),
                "--prebootcommandfile", options.projectDir().resolve("payara-config/pre-boot.asadmin").toString(),
                "--postbootcommandfile", options.projectDir().resolve("payara-config/postgresql.asadmin").toString()));
        var environment = Map.of(
                "ROTOR_DB_HOST", options.pgHost(),
                "ROTOR_DB_PORT", String.valueOf(options.pgPort()),
                "ROTOR_DB_NAME", database,
                "ROTOR_DB_USER", options.pgUser(),
                "ROTOR_DB_PASSWORD", options.pgPassword(),
                "ROTOR_ISSUER", base,
                "ROTOR_DATA_DIR", work.resolve("data").toString(),
                "ROTOR_BOOTSTRAP_ADMIN_PASSWORD", "bench-admin-password",
                "ROTOR_KEK", freshKek());
        mkdirs(work.resolve("tmp"));
        var process = ServerProcess.launch(name, command, environment, work, options.work().resolve(name.toLowerCase() + ".log"));
        process.awaitAnswer(http, URI.create(base + "/health/ready"), options.startTimeout());
        return new RotorTarget(name, URI.create(base), process, http);
    }

    /** A key encryption key for this run's fresh database (required on PostgreSQL). */
    private static String freshKek() {
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        return java.util.Base64.getEncoder().encodeToString(key);
    }

    private static void mkdirs(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
