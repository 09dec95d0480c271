package dev.rotor.it.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One Rotor instance in its own Payara Micro process, started with the README's production command
 * line ({@link PayaraMicroCommand}) plus {@link #TEST_JIT}, in its own
 * working directory under {@code target/}. Ready means {@code /health/ready} answers 200, not a
 * log line. Used by the multi-instance, fault and time-zone tests and by the benchmarks.
 */
public final class RotorProcess {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(600);

    private final String name;
    private final int port;
    private final Path workDir;
    private final String databaseConfig;
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final List<String> jvmOptions = new ArrayList<>();
    private Process process;
    private boolean everStarted;
    private Instant launchedAt;
    /** Length of server.log when this launch began: what came after is this launch's. */
    private long logOffset;
    /** Whether this start has already been relaunched after Payara's boot race. */
    private boolean relaunched;

    private RotorProcess(String name, String databaseConfig) {
        this.name = name;
        this.port = FreePort.next();
        this.workDir = Path.of(System.getProperty("rotor.it.basedir", "."), "target", "instances", name).toAbsolutePath();
        this.databaseConfig = databaseConfig;
        jvmOptions.add(TEST_JIT);
        jvmOptions.add("-Djava.io.tmpdir=" + workDir);
        jvmOptions.add("-Drotor.password.iterations=1024");
        jvmOptions.add("-Drotor.bootstrap.admin-password=" + ADMIN_PASSWORD);
        // The rigs sign the bootstrap admin in with a password alone; MfaPolicyIT adds -Drotor.mfa.required-roles=admin (the last -D wins).
        jvmOptions.add("-Drotor.mfa.required-roles=none");
    }

    /**
     * Test servers only, after the production options: C1 alone. A test server lives seconds to a
     * minute, and C2 would spend one of the two cores compiling for throughput no test uses (a
     * class's start and tests took 15-20 % less, 2026-12-01). Never in production: RSA signing
     * needs C2 (docs/benchmark.md), so the benchmark leaves it out.
     */
    public static final String TEST_JIT = "-XX:TieredStopAtLevel=1";

    public static final String ADMIN_PASSWORD = "admin-it-password";

    /** An instance on PostgreSQL; every instance of one test shares {@code issuer}, as behind a load balancer. */
    public static RotorProcess onPostgres(String name, PgDatabase db, String issuer) {
        var instance = new RotorProcess(name, "postgresql");
        instance.environment.putAll(db.environment());
        instance.jvmOptions.add("-Drotor.kek=" + db.kek());
        instance.jvmOptions.add("-Drotor.issuer=" + issuer);
        return instance;
    }

    /** An instance on the embedded H2 file database in its own working directory ({@link #h2Url()}). */
    public static RotorProcess onH2(String name) {
        var instance = new RotorProcess(name, "h2");
        instance.jvmOptions.add("-Drotor.issuer=" + instance.url());
        return instance;
    }

    /** Adds a JVM option (e.g. {@code -Duser.timezone=America/New_York}, {@code -Drotor.refresh.grace=PT2S}). */
    public RotorProcess jvmOption(String option) {
        jvmOptions.add(option);
        return this;
    }

    /** Launches the process without waiting; an empty working directory on the first start. */
    public RotorProcess start() {
        try {
            if (!everStarted) {
                deleteRecursively(workDir);
                everStarted = true;
            }
            Files.createDirectories(workDir);
            Path logFile = workDir.resolve("server.log");
            logOffset = Files.exists(logFile) ? Files.size(logFile) : 0;
            List<String> command = command();
            var builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(new File(workDir.toFile(), "server.log")));
            builder.environment().putAll(environment);
            process = builder.start();
            launchedAt = Instant.now();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The command line {@link #start()} runs: {@link PayaraMicroCommand} with this instance's
     * database, port and JVM options ({@link #TEST_JIT} first).
     */
    public List<String> command() {
        Path basedir = Path.of(System.getProperty("rotor.it.basedir", ".")).toAbsolutePath().normalize();
        Path runtime = Path.of(System.getProperty("rotor.it.runtime", basedir.resolve("target/runtime").toString()));
        return PayaraMicroCommand.rotor(basedir, runtime).port(port).database(databaseConfig).jvmOptions(jvmOptions).toList();
    }

    /** Waits until {@code /health/ready} answers 200; fails if the process exits or takes too long. */
    public RotorProcess awaitReady() {
        Api api = api();
        relaunched = false;
        while (true) {
            if (!process.isAlive() && !relaunched && failedInPayaraBootRace()) {
                // Payara Micro's kernel, not Rotor: HK2 iterates a list another boot thread changes
                // (seen once when two instances booted together on 2 cores). Once, then it counts.
                System.out.println(name + ": Payara Micro failed to boot (HK2 ConcurrentModificationException before any deployment); relaunching once");
                relaunched = true;
                start();
                continue;
            }
            if (!process.isAlive()) {
                throw new AssertionError(name + ": Payara Micro exited; see " + log());
            }
            try {
                if (api.get("/health/ready", null).status() == 200) {
                    System.out.println(name + ": start to ready in " + Duration.between(launchedAt, Instant.now()).toMillis() + " ms");
                    return this;
                }
            } catch (UncheckedIOException notYet) {
                // not listening yet
            }
            if (Duration.between(launchedAt, Instant.now()).compareTo(START_TIMEOUT) > 0) {
                throw new AssertionError(name + ": not ready after " + START_TIMEOUT.toSeconds() + " s; see " + log());
            }
            sleep(250);
        }
    }

    /** True when this launch's log shows the kernel failing to start on HK2's ConcurrentModificationException. */
    private boolean failedInPayaraBootRace() {
        try {
            byte[] all = Files.readAllBytes(log());
            String launch = new String(all, (int) Math.min(logOffset, all.length), (int) Math.max(0, all.length - logOffset),
                    java.nio.charset.StandardCharsets.UTF_8);
            return launch.contains("Server failed to start") && launch.contains("java.util.ConcurrentModificationException")
                    && launch.contains("org.jvnet.hk2.internal.SystemDescriptor.invokeInstanceListeners");
        } catch (IOException e) {
            return false;
        }
    }

    /** Starts all of them at once, then waits for each. */
    public static void startTogether(RotorProcess... instances) {
        for (RotorProcess instance : instances) {
            instance.start();
        }
        for (RotorProcess instance : instances) {
            instance.awaitReady();
        }
    }

    /** {@code kill -9}: no shutdown hook, no orderly close of anything. */
    public void kill() {
        if (process != null) {
            process.destroyForcibly();
            waitFor();
        }
    }

    /** An orderly stop (SIGTERM). */
    public void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            waitFor();
        }
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public String url() {
        return "http://localhost:" + port;
    }

    public Api api() {
        try {
            return new Api(URI.create(url()).toURL());
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    public Path log() {
        return workDir.resolve("server.log");
    }

    /** The embedded database of an {@link #onH2} instance, readable while it runs (AUTO_SERVER). */
    public String h2Url() {
        return "jdbc:h2:file:" + workDir.resolve("data/rotor") + ";AUTO_SERVER=TRUE";
    }

    private void waitFor() {
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }


    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted((a, b) -> b.compareTo(a)).toList()) {
                Files.delete(path);
            }
        }
    }
}
