package dev.rotor.it.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one Payara Micro command line, word for word, as the builder writes it and as the tests' instances use it. */
class PayaraMicroCommandTest {

    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @Test
    void theBuilderWritesJavaTheProductionOptionsTheCallersOptionsThenPayaraMicro() {
        List<String> command = PayaraMicroCommand.rotor(Path.of("/p"), Path.of("/p/target/runtime"))
                .port(8080)
                .database("postgresql")
                .jvmOption("-Da=1")
                .jvmOptions(List.of("-Db=2", "-Dc=3"))
                .toList();

        assertEquals(List.of(JAVA, "-Xmx512m", "-Xms64m", "-Xmn48m", "-XX:+UseSerialGC",
                "-Djakarta.json.provider=org.eclipse.parsson.JsonProviderImpl",
                "-Da=1", "-Db=2", "-Dc=3",
                "-jar", "/p/target/runtime/payara-micro.jar",
                "--deploy", "/p/target/rotor.war", "--contextroot", "/",
                "--port", "8080", "--nohazelcast",
                "--addlibs", "/p/target/runtime/postgresql.jar",
                "--prebootcommandfile", "/p/payara-config/pre-boot.asadmin",
                "--postbootcommandfile", "/p/payara-config/postgresql.asadmin"), command);
    }

    @Test
    void anotherWarAndTheH2PostBootFileByDefault() {
        List<String> command = PayaraMicroCommand.rotor(Path.of("/p"), Path.of("/rt")).war(Path.of("/old/rotor.war")).port(1).toList();

        assertEquals(List.of("--deploy", "/old/rotor.war"), command.subList(command.indexOf("--deploy"), command.indexOf("--deploy") + 2));
        assertEquals("/p/payara-config/h2.asadmin", command.get(command.size() - 1));
        assertEquals("/rt/payara-micro.jar", command.get(command.indexOf("-jar") + 1));
    }

    @Test
    void withoutAPortThereIsNoCommand() {
        assertThrows(IllegalStateException.class, () -> PayaraMicroCommand.rotor(Path.of("/p"), Path.of("/rt")).toList());
    }

    /** A test instance: the production options, then C1 only and the test settings; the rest as in production. */
    @Test
    void aTestInstanceAddsTheTestJitAfterTheProductionOptions() {
        RotorProcess instance = RotorProcess.onH2("unit-a").jvmOption("-Duser.timezone=America/New_York");
        Path basedir = Path.of(".").toAbsolutePath().normalize();
        Path work = Path.of(".", "target", "instances", "unit-a").toAbsolutePath();

        assertEquals(List.of(JAVA, "-Xmx512m", "-Xms64m", "-Xmn48m", "-XX:+UseSerialGC",
                "-Djakarta.json.provider=org.eclipse.parsson.JsonProviderImpl",
                "-XX:TieredStopAtLevel=1",
                "-Djava.io.tmpdir=" + work,
                "-Drotor.password.iterations=1024",
                "-Drotor.bootstrap.admin-password=" + RotorProcess.ADMIN_PASSWORD,
                "-Drotor.mfa.required-roles=none",
                "-Drotor.issuer=http://localhost:" + instance.port(),
                "-Duser.timezone=America/New_York",
                "-jar", basedir + "/target/runtime/payara-micro.jar",
                "--deploy", basedir + "/target/rotor.war", "--contextroot", "/",
                "--port", Integer.toString(instance.port()), "--nohazelcast",
                "--addlibs", basedir + "/target/runtime/postgresql.jar",
                "--prebootcommandfile", basedir + "/payara-config/pre-boot.asadmin",
                "--postbootcommandfile", basedir + "/payara-config/h2.asadmin"), instance.command());
        assertEquals("-XX:TieredStopAtLevel=1", RotorProcess.TEST_JIT);
    }
}
