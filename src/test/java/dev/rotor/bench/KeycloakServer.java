package dev.rotor.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Starts the official Keycloak distribution that the {@code bench} Maven profile unpacks into
 * {@code target/keycloak/}, in production mode ({@code start --optimized --cache=local}, plain HTTP,
 * local caches: one node, as Rotor runs without a data grid) on a fresh PostgreSQL database of its own,
 * and waits until the master realm answers. Keycloak 26 needs Java 21 or later: the JDK is
 * {@code -Dbench.keycloak.javaHome}, else the one running the benchmark if it is new enough,
 * else the newest JDK under {@code /usr/lib/jvm}.
 */
final class KeycloakServer {

    private KeycloakServer() {
    }

    static KeycloakTarget start(Options options, Http http) {
        Path home = options.target().resolve("keycloak/keycloak-" + options.keycloakVersion());
        Path kc = home.resolve("bin/kc.sh");
        if (!Files.isRegularFile(kc)) {
            throw new IllegalStateException(kc + " is missing: the bench profile unpacks Keycloak during `mvn -Pbench package`");
        }
        var postgres = new Postgres(options);
        postgres.recreate(options.keycloakDatabase());
        Path work = options.work().resolve("keycloak");

        Map<String, String> environment = new HashMap<>();
        environment.put("JAVA_HOME", javaHome(options));
        environment.put("KC_BOOTSTRAP_ADMIN_USERNAME", KeycloakTarget.ADMIN);
        environment.put("KC_BOOTSTRAP_ADMIN_PASSWORD", KeycloakTarget.ADMIN_PASSWORD);

        build(kc, environment, work, options.work().resolve("keycloak-build.log"));
        var process = ServerProcess.launch("Keycloak", startCommand(kc, options, postgres.jdbcUrl(options.keycloakDatabase())),
                environment, work, options.work().resolve("keycloak.log"));
        String base = "http://localhost:" + options.keycloakPort();
        process.awaitAnswer(http, URI.create(base + "/realms/master"), options.startTimeout());
        return new KeycloakTarget(URI.create(base), process, http);
    }

    /**
     * {@code kc.sh build}: the build-time options (database kind, health endpoints), baked in once
     * before the timed launch. The cache is not one of them in Keycloak 26: {@code --cache} given
     * here "will be ignored during build time", so it goes to {@link #startCommand}.
     */
    static List<String> buildCommand(Path kc) {
        return List.of(kc.toString(), "build", "--db=postgres", "--health-enabled=true");
    }

    /**
     * {@code kc.sh start --optimized} in production mode, plain HTTP, with local caches: a runtime
     * option in Keycloak 26 (without it a production start runs the clustered {@code ispn}
     * default), and the fair match for one Rotor instance without a data grid.
     */
    static List<String> startCommand(Path kc, Options options, String jdbcUrl) {
        return List.of(kc.toString(), "start", "--optimized", "--cache=local",
                "--db-url=" + jdbcUrl,
                "--db-username=" + options.pgUser(), "--db-password=" + options.pgPassword(),
                "--http-enabled=true", "--hostname-strict=false",
                "--http-port=" + options.keycloakPort(), "--http-management-port=" + options.keycloakManagementPort());
    }

    private static void build(Path kc, Map<String, String> environment, Path work, Path log) {
        var build = ServerProcess.launch("Keycloak build", buildCommand(kc), environment, work, log);
        try {
            int exit = build.waitFor();
            if (exit != 0) {
                throw new IllegalStateException("kc.sh build exited with " + exit + "; see " + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String javaHome(Options options) {
        if (!options.keycloakJavaHome().isBlank()) {
            return options.keycloakJavaHome();
        }
        if (Runtime.version().feature() >= 21) {
            return System.getProperty("java.home");
        }
        try (Stream<Path> jdks = Files.list(Path.of("/usr/lib/jvm"))) {
            return jdks.filter(jdk -> Files.isExecutable(jdk.resolve("bin/java")))
                    .filter(jdk -> featureVersion(jdk) >= 21)
                    .max((a, b) -> Integer.compare(featureVersion(a), featureVersion(b)))
                    .map(Path::toString)
                    .orElseThrow(() -> new IllegalStateException("Keycloak needs Java 21+: set -Dbench.keycloak.javaHome"));
        } catch (IOException e) {
            throw new UncheckedIOException("Keycloak needs Java 21+: set -Dbench.keycloak.javaHome", e);
        }
    }

    /** The feature version from a JDK's {@code release} file ({@code JAVA_VERSION="21.0.5"}), 0 if unknown. */
    private static int featureVersion(Path jdk) {
        try {
            return Files.readAllLines(jdk.resolve("release")).stream()
                    .filter(line -> line.startsWith("JAVA_VERSION="))
                    .map(line -> line.replaceAll("JAVA_VERSION=\"(\\d+).*", "$1"))
                    .mapToInt(Integer::parseInt).findFirst().orElse(0);
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }
}
