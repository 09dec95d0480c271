package dev.rotor.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rotor.it.support.PayaraMicroCommand;
import dev.rotor.it.support.RotorProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The instances the tests and the benchmark start use the JVM options the README tells operators
 * to use: one list ({@link PayaraMicroCommand#PRODUCTION_JVM_OPTIONS}), checked against every
 * {@code java} command line in the README and in docs/**.md (the several-instances line lives in
 * docs/operations.md), against {@code mvn -Prun}, against the Arquillian servers (which add
 * {@link RotorProcess#TEST_JIT}) and against the command line {@link PayaraMicroCommand} writes for
 * {@link RotorProcess}, {@code RestartIT} and the benchmark.
 */
class ProductionJvmOptionsTest {

    private static final String OPTIONS = String.join(" ", PayaraMicroCommand.PRODUCTION_JVM_OPTIONS);

    @Test
    void everyJavaCommandLineInTheReadmeAndDocsHasTheProductionOptions() throws Exception {
        List<Path> files = new ArrayList<>();
        files.add(Path.of("README.md"));
        try (Stream<Path> docs = Files.walk(Path.of("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        List<String> all = new ArrayList<>();
        for (Path file : files) {
            all.addAll(Files.readAllLines(file));
        }
        List<String> lines = all.stream()
                .map(String::strip)
                .filter(line -> line.startsWith("java -"))
                .toList();

        assertEquals(2, lines.size(), "the production line (README) and the several-instances line (docs/operations.md): " + lines);
        for (String line : lines) {
            assertEquals("java " + OPTIONS + " \\", line);
        }
    }

    @Test
    void mvnRunStartsPayaraWithTheProductionOptions() throws Exception {
        String pom = Files.readString(Path.of("pom.xml"));
        int start = pom.indexOf("<id>run</id>");
        String run = pom.substring(start, pom.indexOf("</profile>", start));
        for (String option : PayaraMicroCommand.PRODUCTION_JVM_OPTIONS) {
            assertTrue(run.contains("<argument>" + option + "</argument>"), option + " in the run profile");
        }
    }

    @Test
    void arquillianStartsPayaraWithTheProductionOptionsThenTheTestJit() throws Exception {
        String pom = Files.readString(Path.of("pom.xml"));
        int start = pom.indexOf("<payara.cmdOptions>") + "<payara.cmdOptions>".length();
        String cmdOptions = pom.substring(start, pom.indexOf("</payara.cmdOptions>", start));
        assertTrue(cmdOptions.startsWith(OPTIONS + " " + RotorProcess.TEST_JIT + " "), cmdOptions);
    }

    @Test
    void theOneCommandLineOfTheTestsAndTheBenchmarkStartsWithTheProductionOptions() {
        List<String> command = PayaraMicroCommand.rotor(Path.of("."), Path.of("target/runtime")).port(1).toList();
        assertEquals(OPTIONS, String.join(" ", command.subList(1, 1 + PayaraMicroCommand.PRODUCTION_JVM_OPTIONS.size())));
        List<String> test = RotorProcess.onH2("jvm-options").command();
        assertEquals(OPTIONS + " " + RotorProcess.TEST_JIT, String.join(" ", test.subList(1, 2 + PayaraMicroCommand.PRODUCTION_JVM_OPTIONS.size())));
    }
}
