package dev.rotor.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What one benchmark run does, from {@code -Dbench.*} system properties and the flags
 * {@code --quick} (a smoke check of a few seconds per phase) and {@code --keycloak} (the
 * side-by-side mode). Every value has a default, so the plain command needs no arguments.
 */
record Options(
        boolean quick,
        boolean keycloak,
        int sessions,
        int threads,
        int users,
        int rounds,
        Duration phase,
        Duration halfRatePhase,
        Duration window,
        int steadyWindows,
        double steadyTolerance,
        Duration warmupCap,
        Duration startTimeout,
        Path projectDir,
        String pgHost,
        int pgPort,
        String pgUser,
        String pgPassword,
        int rotorPort,
        String rotorDatabase,
        String rotorJvmOptions,
        String baselineWar,
        String baselineJvmOptions,
        String baselineName,
        String baselineConfig,
        long largeTableRows,
        int passwordIterations,
        int keycloakPort,
        int keycloakManagementPort,
        String keycloakDatabase,
        String keycloakVersion,
        String keycloakJavaHome) {

    static Options parse(String[] args) {
        List<String> flags = List.of(args);
        for (String flag : flags) {
            if (!flag.equals("--quick") && !flag.equals("--keycloak")) {
                throw new IllegalArgumentException("unknown argument " + flag + " (known: --quick, --keycloak)");
            }
        }
        boolean quick = flags.contains("--quick");
        var options = new Options(
                quick,
                flags.contains("--keycloak") || Boolean.getBoolean("bench.keycloak"),
                integer("bench.sessions", 50),
                integer("bench.threads", 8),
                integer("bench.users", 8),
                integer("bench.rounds", quick ? 1 : 3),
                seconds("bench.phaseSeconds", quick ? 3 : 30),
                seconds("bench.halfRateSeconds", quick ? 3 : 90),
                seconds("bench.windowSeconds", quick ? 2 : 10),
                integer("bench.steadyWindows", quick ? 2 : 3),
                Double.parseDouble(System.getProperty("bench.steadyTolerance", "0.05")),
                seconds("bench.warmupCapSeconds", quick ? 10 : 900),
                seconds("bench.startTimeoutSeconds", 600),
                Path.of(System.getProperty("bench.projectDir", ".")).toAbsolutePath().normalize(),
                System.getProperty("bench.pg.host", "127.0.0.1"),
                integer("bench.pg.port", 5432),
                System.getProperty("bench.pg.user", "postgres"),
                System.getProperty("bench.pg.password", "postgres"),
                integer("bench.rotor.port", 18080),
                System.getProperty("bench.rotor.database", "rotor_bench"),
                System.getProperty("bench.rotor.jvmOptions", ""),
                System.getProperty("bench.baseline.war", ""),
                System.getProperty("bench.baseline.jvmOptions", ""),
                System.getProperty("bench.baseline.name", "Rotor-before"),
                System.getProperty("bench.baseline.config", ""),
                Long.getLong("bench.largeTableRows", 0),
                integer("bench.rotor.passwordIterations", 600_000),
                integer("bench.keycloak.port", 18180),
                integer("bench.keycloak.managementPort", 19000),
                System.getProperty("bench.keycloak.database", "keycloak_bench"),
                System.getProperty("bench.keycloak.version", "26.7.3"),
                System.getProperty("bench.keycloak.javaHome", ""));
        if (options.threads() < 1 || options.sessions() < options.threads() || options.users() < 1) {
            throw new IllegalArgumentException("need threads >= 1, sessions >= threads and users >= 1");
        }
        return options;
    }

    Path target() {
        return projectDir.resolve("target");
    }

    boolean baseline() {
        return !baselineWar.isBlank();
    }

    Path work() {
        return target().resolve("bench-work");
    }

    private static int integer(String key, int defaultValue) {
        return Integer.getInteger(key, defaultValue);
    }

    private static Duration seconds(String key, int defaultValue) {
        return Duration.ofSeconds(Integer.getInteger(key, defaultValue));
    }
}
