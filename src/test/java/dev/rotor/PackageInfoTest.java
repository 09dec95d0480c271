package dev.rotor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every package directly under {@code dev.rotor}, and {@code dev.rotor} itself, says in its
 * {@code package-info.java} what it owns and which packages it may use ("it may use {@code a} and
 * {@code b}", "it may use no other package", or "it may use every package except {@code c}"), and
 * its sources name no package that sentence leaves out, so the sentence stays true.
 */
class PackageInfoTest {

    private static final Path ROOT = Path.of("src/main/java/dev/rotor");
    private static final Pattern JAVADOC = Pattern.compile("/\\*\\*(.*?)\\*/", Pattern.DOTALL);
    private static final Pattern CODE = Pattern.compile("\\{@code ([a-z]\\w*)\\}");
    private static final Pattern COMMENT_OR_LITERAL =
            Pattern.compile("(\"[^\"\\\\]*+(?:\\\\.[^\"\\\\]*+)*+\"|'(?:\\\\.|[^'\\\\])')|/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);
    private static final Pattern ROTOR_PACKAGE = Pattern.compile("\\bdev\\.rotor\\.([a-z]\\w*)\\.");

    @Test
    void everyPackageSaysWhatItOwnsAndWhatItMayUse() {
        List<String> missing = new ArrayList<>();
        for (Path dir : withRoot(packages())) {
            Path info = dir.resolve("package-info.java");
            if (!Files.exists(info) || !javadoc(info).toLowerCase(Locale.ROOT).contains("may use")) {
                missing.add(info.toString());
            }
        }
        assertEquals(List.of(), missing, "package-info.java without a sentence saying what the package may use");
    }

    @Test
    void noPackageUsesOneItsSentenceLeavesOut() {
        Set<String> all = packages().stream().map(dir -> dir.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        List<String> offenders = new ArrayList<>();
        for (Path dir : withRoot(packages())) {
            Path info = dir.resolve("package-info.java");
            if (!Files.exists(info)) {
                continue; // reported by the test above
            }
            String name = dir.equals(ROOT) ? "(root)" : dir.getFileName().toString();
            Set<String> allowed = mayUse(javadoc(info), all);
            for (Path source : sources(dir)) {
                Set<String> used = uses(source, dir.equals(ROOT) ? null : name);
                used.removeAll(allowed);
                if (!used.isEmpty()) {
                    offenders.add(source + " uses " + used + ", which its package-info does not allow");
                }
            }
        }
        assertEquals(List.of(), offenders);
    }

    @Test
    void theScanSeesTheFeaturePackages() {
        Set<String> names = packages().stream().map(dir -> dir.getFileName().toString()).collect(Collectors.toSet());
        assertTrue(names.containsAll(Set.of("platform", "session", "selfservice", "admin", "kit")), "packages found: " + names);
    }

    @Test
    void theSentenceIsReadAsAListAnExceptionOrNothing() {
        Set<String> all = Set.of("platform", "problem", "kit");
        assertEquals(Set.of("platform", "problem"), mayUse(" * Owns x; it may use {@code platform} and\n * {@code problem}.", all));
        assertEquals(Set.of("platform", "problem"), mayUse("it may use every package except {@code kit}. The {@code kit} ...", all));
        assertEquals(Set.of(), mayUse("Owns x; it may use no other package.", all));
    }

    /** The packages the sentence after "may use" allows. */
    static Set<String> mayUse(String javadoc, Set<String> all) {
        String text = javadoc.replaceAll("\\s*\\*\\s*", " ");
        int at = text.toLowerCase(Locale.ROOT).indexOf("may use");
        if (at < 0) {
            return Set.of();
        }
        String rest = text.substring(at + "may use".length());
        int end = rest.indexOf(". ");
        rest = end < 0 ? rest : rest.substring(0, end);
        Set<String> named = new TreeSet<>();
        Matcher code = CODE.matcher(rest);
        while (code.find()) {
            named.add(code.group(1));
        }
        if (rest.strip().startsWith("every package except")) {
            Set<String> allowed = new TreeSet<>(all);
            allowed.removeAll(named);
            return allowed;
        }
        return named;
    }

    /** The top-level packages of the sources it names, outside comments, other than {@code own}. */
    private static Set<String> uses(Path source, String own) {
        try {
            String code = COMMENT_OR_LITERAL.matcher(Files.readString(source))
                    .replaceAll(match -> match.group(1) == null ? " " : Matcher.quoteReplacement(match.group(1)));
            Set<String> used = new TreeSet<>();
            Matcher matcher = ROTOR_PACKAGE.matcher(code);
            while (matcher.find()) {
                used.add(matcher.group(1));
            }
            if (own != null) {
                used.remove(own);
            }
            return used;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String javadoc(Path file) {
        try {
            Matcher matcher = JAVADOC.matcher(Files.readString(file));
            return matcher.find() ? matcher.group(1) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> packages() {
        try (Stream<Path> entries = Files.list(ROOT)) {
            return entries.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> withRoot(List<Path> packages) {
        var all = new ArrayList<Path>(packages);
        all.add(0, ROOT);
        return all;
    }

    /** The root's own files, or every file of a feature package and its subpackages. */
    private static List<Path> sources(Path dir) {
        try (Stream<Path> files = dir.equals(ROOT) ? Files.list(dir) : Files.walk(dir)) {
            return files.filter(file -> file.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
