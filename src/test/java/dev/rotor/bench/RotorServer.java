package dev.rotor.bench;

import dev.rotor.it.support.PayaraMicroCommand;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Starts Rotor as the README's production command line does ({@link PayaraMicroCommand}: Payara
 * Micro from {@code target/runtime}, the WAR from {@code target/}, the pre-boot and PostgreSQL
 * post-boot files, no data grid, the production JVM options) on a fresh database, and waits for
 * {@code /health/ready}.
 */
final class RotorServer {

    private RotorServer() {
    }

    static RotorTarget start(Options options, Http http) {
        return start(options, http, "Rotor", options.target().resolve("rotor.war"), options.rotorPort(),
                options.rotorDatabase(), options.rotorJvmOptions(), "");
    }

    /**
     * The second Rotor of a side-by-side run (an earlier WAR, or the same WAR with other JVM
     * options), on the next port and a database of its own.
     */
    static RotorTarget startBaseline(Options options, Http http) {
        return start(options, http, options.baselineName(), Path.of(options.baselineWar()).toAbsolutePath(), options.rotorPort() + 1,
                options.rotorDatabase() + "_before", options.baselineJvmOptions(), options.baselineConfig());
    }

    private static RotorTarget start(Options options, Http http, String name, Path war, int port, String database,
                                     String jvmOptions, String config) {
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
        List<String> command = command(options, war, port, work, jvmOptions, config);
        var environment = Map.of(
                "ROTOR_DB_HOST", options.pgHost(),
                "ROTOR_DB_PORT", String.valueOf(options.pgPort()),
                "ROTOR_DB_NAME", database,
                "ROTOR_DB_USER", options.pgUser(),
                "ROTOR_DB_PASSWORD", options.pgPassword(),
                "ROTOR_ISSUER", base,
                "ROTOR_DATA_DIR", work.resolve("data").toString(),
                "ROTOR_BOOTSTRAP_ADMIN_PASSWORD", "bench-admin-password",
                "ROTOR_MFA_REQUIRED_ROLES", "none", // the benchmark signs its admin in with a password alone
                "ROTOR_KEK", freshKek());
        mkdirs(work.resolve("tmp"));
        var process = ServerProcess.launch(name, command, environment, work, options.work().resolve(name.toLowerCase() + ".log"));
        process.awaitAnswer(http, URI.create(base + "/health/ready"), options.startTimeout());
        return new RotorTarget(name, URI.create(base), process, http);
    }

    /**
     * The command line of one benchmark server: {@link PayaraMicroCommand} on PostgreSQL with the
     * production JVM options and no others but a temporary directory, the password hash iterations
     * and {@code jvmOptions} (space-separated, from {@code -Dbench.rotor.jvmOptions}). Never the
     * tests' C1-only option: the benchmark measures the production JIT.
     */
    static List<String> command(Options options, Path war, int port, Path work, String jvmOptions, String config) {
        var command = PayaraMicroCommand.rotor(options.projectDir(), options.target().resolve("runtime"))
                .war(war)
                .port(port)
                .database("postgresql")
                .jvmOption("-Djava.io.tmpdir=" + work.resolve("tmp"))
                .jvmOption("-Drotor.password.iterations=" + options.passwordIterations());
        if (!config.isBlank()) {
            command.config(Path.of(config).toAbsolutePath());
        }
        if (!jvmOptions.isBlank()) {
            command.jvmOptions(Arrays.asList(jvmOptions.trim().split("\\s+")));
        }
        return command.toList();
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
