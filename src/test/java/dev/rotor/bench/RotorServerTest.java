package dev.rotor.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The benchmark starts Rotor with the tests' command line but the production JIT (C2), never the tests' C1-only option. */
class RotorServerTest {

    private final Options options = Options.parse(new String[0]);

    @Test
    void theBenchmarkServerRunsTheProductionCommandLineOnPostgres() {
        Path project = options.projectDir();
        Path work = options.work().resolve("rotor");
        List<String> command = RotorServer.command(options, project.resolve("target/rotor.war"), 18080, work, " -Dx=1  -Dy=2 ", "");

        assertEquals(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-Xms64m", "-Xmn48m", "-XX:+UseSerialGC",
                "-Djakarta.json.provider=org.eclipse.parsson.JsonProviderImpl",
                "-Djava.io.tmpdir=" + work.resolve("tmp"),
                "-Drotor.password.iterations=600000",
                "-Dx=1", "-Dy=2",
                "-jar", project + "/target/runtime/payara-micro.jar",
                "--deploy", project + "/target/rotor.war", "--contextroot", "/",
                "--port", "18080", "--nohazelcast",
                "--addlibs", project + "/target/runtime/postgresql.jar",
                "--prebootcommandfile", project + "/payara-config/pre-boot.asadmin",
                "--postbootcommandfile", project + "/payara-config/postgresql.asadmin"), command);
        assertFalse(command.stream().anyMatch(option -> option.startsWith("-XX:TieredStopAtLevel")), "C2 stays on");
    }

    @Test
    void theBaselineRunsAnotherWarWithoutExtraOptions() {
        List<String> command = RotorServer.command(options, Path.of("/before/rotor.war"), 18081, options.work().resolve("before"), "", "");

        assertEquals("/before/rotor.war", command.get(command.indexOf("--deploy") + 1));
        assertEquals("-Drotor.password.iterations=600000", command.get(command.indexOf("-jar") - 1));
    }

    @Test
    void theBaselineMayRunWithAnEarlierPayaraConfig() {
        List<String> command = RotorServer.command(options, Path.of("/before/target/rotor.war"), 18081, options.work().resolve("before"), "",
                "/before/payara-config");

        assertEquals("/before/payara-config/pre-boot.asadmin", command.get(command.indexOf("--prebootcommandfile") + 1));
        assertEquals("/before/payara-config/postgresql.asadmin", command.get(command.indexOf("--postbootcommandfile") + 1));
    }
}
