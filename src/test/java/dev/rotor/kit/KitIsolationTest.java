package dev.rotor.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The kit ships alone in rotor-resource-server.jar, so its sources may use only the JDK, the
 * Jakarta EE and MicroProfile APIs that the server provides, and each other.
 */
class KitIsolationTest {

    private static final Path KIT = Path.of("src/main/java/dev/rotor/kit");
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(static\\s+)?([\\w.]+)", Pattern.MULTILINE);
    private static final Pattern ROTOR_OUTSIDE_KIT = Pattern.compile("dev\\.rotor\\.(?!kit\\b)\\w+");

    @Test
    void kitSourcesImportOnlyTheJdkJakartaAndMicroProfile() throws IOException {
        for (Path source : sources()) {
            String text = Files.readString(source);
            var imports = IMPORT.matcher(text);
            while (imports.find()) {
                String imported = imports.group(2);
                boolean allowed = imported.startsWith("java.") || imported.startsWith("jakarta.")
                        || imported.startsWith("org.eclipse.microprofile.") || imported.startsWith("dev.rotor.kit.");
                assertEquals(true, allowed, source + " imports " + imported);
            }
        }
    }

    @Test
    void kitSourcesNameNoRotorClassOutsideTheKit() throws IOException {
        for (Path source : sources()) {
            var matcher = ROTOR_OUTSIDE_KIT.matcher(Files.readString(source));
            assertFalse(matcher.find(), () -> source + " refers to " + matcher.group());
        }
    }

    @Test
    void theScanSeesTheKitsSources() throws IOException {
        assertEquals(true, sources().size() >= 5, "kit sources found: " + sources());
    }

    private static List<Path> sources() throws IOException {
        try (Stream<Path> files = Files.walk(KIT)) {
            return files.filter(f -> f.toString().endsWith(".java")).toList();
        }
    }
}
