package dev.rotor.it.support;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The one place that writes the command line starting Rotor in Payara Micro, as the README's
 * production command does: {@code java}, the production JVM options, the caller's JVM options,
 * then Payara Micro with the WAR at context root {@code /}, a port, no data grid, the PostgreSQL
 * driver, the pre-boot file and the database's post-boot file. The tests ({@link RotorProcess},
 * {@code RestartIT}) and the benchmark ({@code dev.rotor.bench.RotorServer}) start Rotor with it;
 * they differ only in the JVM options they add (the tests add {@link RotorProcess#TEST_JIT}, the
 * benchmark never does).
 */
public final class PayaraMicroCommand {

    /** The JVM options of the README's production command line (heap, collector, JSON-P provider). */
    public static final List<String> PRODUCTION_JVM_OPTIONS = List.of("-Xmx512m", "-Xms64m", "-Xmn48m", "-XX:+UseSerialGC",
            "-Djakarta.json.provider=org.eclipse.parsson.JsonProviderImpl");

    private final Path projectDir;
    private Path config;
    private final Path runtime;
    private final List<String> jvmOptions = new ArrayList<>();
    private String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private Path war;
    private int port;
    private String database = "h2";

    private PayaraMicroCommand(Path projectDir, Path runtime) {
        this.projectDir = projectDir;
        this.runtime = runtime;
        this.war = projectDir.resolve("target/rotor.war");
        this.config = projectDir.resolve("payara-config");
    }

    /**
     * Rotor from {@code projectDir} ({@code target/rotor.war}, {@code payara-config/}) on the
     * Payara Micro and PostgreSQL driver in {@code runtime} ({@code payara-micro.jar},
     * {@code postgresql.jar}, copied there by {@code mvn package}).
     */
    public static PayaraMicroCommand rotor(Path projectDir, Path runtime) {
        return new PayaraMicroCommand(projectDir, runtime);
    }

    /** Another WAR than the project's own (the benchmark's side-by-side baseline). */
    public PayaraMicroCommand war(Path war) {
        this.war = war;
        return this;
    }

    /** Another {@code payara-config} directory (the benchmark's baseline, with an earlier pool set-up). */
    public PayaraMicroCommand config(Path config) {
        this.config = config;
        return this;
    }

    public PayaraMicroCommand port(int port) {
        this.port = port;
        return this;
    }

    /** {@code h2} or {@code postgresql}: which {@code payara-config/<database>.asadmin} runs after boot. */
    public PayaraMicroCommand database(String database) {
        this.database = database;
        return this;
    }

    /** A JVM option after the production ones, in the order added. */
    public PayaraMicroCommand jvmOption(String option) {
        jvmOptions.add(option);
        return this;
    }

    public PayaraMicroCommand jvmOptions(List<String> options) {
        jvmOptions.addAll(options);
        return this;
    }

    /** The java executable (default: the one running this JVM). */
    public PayaraMicroCommand java(String java) {
        this.java = java;
        return this;
    }

    /** The whole command, ready for a {@link ProcessBuilder}. */
    public List<String> toList() {
        if (port <= 0) {
            throw new IllegalStateException("no port");
        }
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(PRODUCTION_JVM_OPTIONS);
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", runtime.resolve("payara-micro.jar").toString(),
                "--deploy", war.toString(), "--contextroot", "/",
                "--port", Integer.toString(port), "--nohazelcast",
                "--addlibs", runtime.resolve("postgresql.jar").toString(),
                "--prebootcommandfile", config.resolve("pre-boot.asadmin").toString(),
                "--postbootcommandfile", config.resolve(database + ".asadmin").toString()));
        return List.copyOf(command);
    }
}
