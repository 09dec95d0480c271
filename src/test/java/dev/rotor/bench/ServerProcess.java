package dev.rotor.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One server launched by the benchmark: its process, the moment it was launched, and the CPU time
 * and resident memory of its JVM as Linux reports them in {@code /proc/<pid>/stat} and
 * {@code /proc/<pid>/status}. The JVM may be a child of a launch script (Keycloak's
 * {@code kc.sh}); the readings always come from the JVM.
 */
final class ServerProcess implements AutoCloseable, Driver.Measured {

    private static final long CLOCK_TICKS = clockTicks();

    private final String name;
    private final Process process;
    private final Instant launched;
    private final Path log;
    private ProcessHandle jvm;

    private ServerProcess(String name, Process process, Instant launched, Path log) {
        this.name = name;
        this.process = process;
        this.launched = launched;
        this.log = log;
    }

    static ServerProcess launch(String name, List<String> command, Map<String, String> environment, Path directory, Path log) {
        try {
            Files.createDirectories(directory);
            Files.createDirectories(log.getParent());
            var builder = new ProcessBuilder(command).directory(directory.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(environment);
            Instant launched = Instant.now();
            return new ServerProcess(name, builder.start(), launched, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot launch " + name + ": " + command, e);
        }
    }

    /** Polls {@code probe} once a second until it answers 200; fails early if the process dies. */
    void awaitAnswer(Http http, URI probe, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " before answering; see " + log);
            }
            if (http.status(Http.get(probe, null)) == 200) {
                return;
            }
            sleep(Duration.ofSeconds(1));
        }
        throw new IllegalStateException(name + " did not answer " + probe + " within " + timeout.toSeconds() + " s; see " + log);
    }

    /** For a launched command that is meant to finish (a build step). */
    int waitFor() throws InterruptedException {
        return process.waitFor();
    }

    String name() {
        return name;
    }

    Instant launched() {
        return launched;
    }

    Path log() {
        return log;
    }

    /** User plus system CPU time the server's JVM has used since it started. */
    @Override
    public Duration cpu() {
        String stat = read("/proc/" + jvm().pid() + "/stat");
        // Fields after the command name "(...)": state is field 3, utime 14, stime 15.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        return Duration.ofNanos(ticks * 1_000_000_000L / CLOCK_TICKS);
    }

    /** Resident set size of the server's JVM in MiB. */
    @Override
    public long rssMiB() {
        return read("/proc/" + jvm().pid() + "/status").lines()
                .filter(line -> line.startsWith("VmRSS:"))
                .map(line -> Long.parseLong(line.replaceAll("\\D", "")) / 1024)
                .findFirst().orElse(-1L);
    }

    private ProcessHandle jvm() {
        if (jvm == null || !jvm.isAlive()) {
            jvm = isJava(process.toHandle()) ? process.toHandle()
                    : process.descendants().filter(ServerProcess::isJava).findFirst()
                            .orElseThrow(() -> new IllegalStateException("no JVM below " + name + "'s process " + process.pid()));
        }
        return jvm;
    }

    private static boolean isJava(ProcessHandle handle) {
        Optional<String> command = handle.info().command();
        return command.map(c -> c.endsWith("/java")).orElse(false);
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String read(String path) {
        try {
            return Files.readString(Path.of(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long clockTicks() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").start();
            String out = new String(getconf.getInputStream().readAllBytes()).trim();
            return getconf.waitFor() == 0 ? Long.parseLong(out) : 100;
        } catch (IOException | NumberFormatException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
