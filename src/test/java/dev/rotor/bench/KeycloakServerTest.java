package dev.rotor.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Keycloak's command lines: which option goes to {@code kc.sh build} and which to {@code kc.sh start}. */
class KeycloakServerTest {

    private static final Path KC = Path.of("keycloak/bin/kc.sh");

    @Test
    void localCachesArePassedToStartWhereKeycloak26ReadsThem() {
        List<String> start = KeycloakServer.startCommand(KC, Options.parse(new String[0]), "jdbc:postgresql://127.0.0.1:5432/keycloak_bench");
        assertEquals(List.of(KC.toString(), "start", "--optimized"), start.subList(0, 3));
        assertTrue(start.contains("--cache=local"), "a production start without it runs the clustered ispn cache: " + start);
    }

    @Test
    void theBuildCarriesOnlyBuildTimeOptions() {
        List<String> build = KeycloakServer.buildCommand(KC);
        assertEquals(List.of(KC.toString(), "build", "--db=postgres", "--health-enabled=true"), build,
                "--cache given to build is ignored there (a runtime option since Keycloak 26)");
    }
}
