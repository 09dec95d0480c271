package dev.rotor.it.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL 15 server of the fault tests' own (initdb into {@code target/pg-faults}, trust
 * authentication on 127.0.0.1, a free port), so stopping it never touches the shared server.
 * When the tests run as root, the server runs as the {@code postgres} user.
 */
public final class ThrowawayPostgres {

    private static final Path BIN = Path.of(System.getProperty("rotor.it.pgBin", "/usr/lib/postgresql/15/bin"));

    private final Path dataDir;
    private final int port;

    public ThrowawayPostgres(Path dataDir) {
        this.dataDir = dataDir.toAbsolutePath();
        this.port = FreePort.next();
    }

    public int port() {
        return port;
    }

    /** initdb (first time only) and start; returns once it accepts connections. */
    public void start() {
        if (!Files.exists(dataDir.resolve("PG_VERSION"))) {
            try {
                Files.createDirectories(dataDir);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            if (isRoot()) {
                run(List.of("chown", "postgres:postgres", dataDir.toString()));
            }
            run(asOwner(BIN.resolve("initdb").toString(), "-D", dataDir.toString(), "-A", "trust", "-U", "postgres", "--no-sync"));
        }
        run(asOwner(BIN.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-l", dataDir.resolve("server.log").toString(),
                "-o", "-p " + port + " -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off", "-w", "start"));
    }

    /** A fast shutdown: open connections are ended, as when the database server is stopped for real. */
    public void stop() {
        run(asOwner(BIN.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-m", "fast", "-w", "stop"));
    }

    /** Stops it if it runs, then deletes its files. */
    public void destroy() {
        try {
            stop();
        } catch (IllegalStateException alreadyStopped) {
            // nothing to stop
        }
        run(List.of("rm", "-rf", dataDir.toString()));
    }

    private static List<String> asOwner(String... command) {
        List<String> full = new ArrayList<>();
        if (isRoot()) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(List.of(command));
        return full;
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

}
