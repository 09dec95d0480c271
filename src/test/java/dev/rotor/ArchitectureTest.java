package dev.rotor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Dependencies between the packages under {@code dev.rotor} point one way (ARCHITECTURE.md), read
 * from the sources: every mention of {@code dev.rotor.<package>.} outside comments (imports, static
 * imports, fully qualified names) counts. The kit has its own test ({@code KitIsolationTest}).
 */
class ArchitectureTest {

    private static final Path ROOT = Path.of("src/main/java/dev/rotor");
    private static final String ROOT_PACKAGE = "(root)";
    private static final Set<String> GROUND = Set.of("platform", "problem");
    /** A comment, or a string or char literal (kept: a {@code "/*"} in a string starts no comment). */
    private static final Pattern COMMENT_OR_LITERAL =
            Pattern.compile("(\"[^\"\\\\]*+(?:\\\\.[^\"\\\\]*+)*+\"|'(?:\\\\.|[^'\\\\])')|/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);
    private static final Pattern PACKAGE_LINE = Pattern.compile("^package [\\w.]+;", Pattern.MULTILINE);
    private static final Pattern ROTOR_PACKAGE = Pattern.compile("\\bdev\\.rotor\\.([a-z]\\w*)\\.");

    /** One source file: its top-level package under dev.rotor, its path, and its code without comments. */
    record Source(String feature, Path path, String code) {

        /** The other top-level packages it names. */
        Set<String> uses() {
            var uses = new TreeSet<String>();
            var matcher = ROTOR_PACKAGE.matcher(code);
            while (matcher.find()) {
                uses.add(matcher.group(1));
            }
            uses.remove(feature);
            return uses;
        }

        boolean isControlOrEntity() {
            String parent = path.getParent().getFileName().toString();
            return parent.equals("control") || parent.equals("entity");
        }
    }

    static List<Source> sources;

    @BeforeAll
    static void readSources() throws IOException {
        try (Stream<Path> files = Files.walk(ROOT)) {
            sources = files.filter(file -> file.toString().endsWith(".java")).map(ArchitectureTest::read)
                    .filter(source -> !source.feature().equals("kit")).toList();
        }
    }

    @Test
    void theScanSeesEveryFeature() {
        Set<String> features = sources.stream().map(Source::feature).collect(Collectors.toSet());
        assertTrue(features.containsAll(Set.of(ROOT_PACKAGE, "platform", "problem", "account", "token", "session", "oauth", "browser", "admin")),
                "packages found: " + features);
    }

    @Test
    void noTwoPackagesUseEachOther() {
        Map<String, Map<String, Set<Path>>> users = usersByPackage();
        var cycles = new ArrayList<String>();
        users.forEach((used, byUser) -> byUser.forEach((user, files) -> {
            Set<Path> back = users.getOrDefault(user, Map.of()).get(used);
            if (back != null && user.compareTo(used) < 0) {
                cycles.add(user + " -> " + used + " in " + files + "; " + used + " -> " + user + " in " + back);
            }
        }));
        assertEquals(List.of(), cycles, "packages that use each other");
    }

    /** Stronger than the pair rule: no chain of uses leads from a package back to itself. */
    @Test
    void noPackageReachesItselfThroughOthers() {
        Map<String, Set<String>> uses = new TreeMap<>();
        for (Source source : sources) {
            uses.computeIfAbsent(source.feature(), key -> new TreeSet<>()).addAll(source.uses());
        }
        var cycles = new ArrayList<String>();
        for (String start : uses.keySet()) {
            var path = new ArrayList<String>(List.of(start));
            if (leadsBack(start, start, uses, path, new java.util.HashSet<>())) {
                cycles.add(String.join(" -> ", path));
            }
        }
        assertEquals(List.of(), cycles, "packages that reach themselves");
    }

    private static boolean leadsBack(String start, String at, Map<String, Set<String>> uses, List<String> path, Set<String> seen) {
        for (String next : uses.getOrDefault(at, Set.of())) {
            path.add(next);
            if (next.equals(start) || (seen.add(next) && leadsBack(start, next, uses, path, seen))) {
                return true;
            }
            path.remove(path.size() - 1);
        }
        return false;
    }

    @Test
    void controlAndEntityKnowNoJaxRsAndNoProblem() {
        List<String> offenders = sources.stream().filter(Source::isControlOrEntity)
                .filter(source -> source.code().contains("jakarta.ws.rs.") || source.code().contains("dev.rotor.problem."))
                .map(source -> source.path().toString()).toList();
        assertEquals(List.of(), offenders, "control or entity classes that name JAX-RS or the problem package");
    }

    @Test
    void theGroundUsesNoFeature() {
        List<String> offenders = sources.stream().filter(source -> GROUND.contains(source.feature()))
                .filter(source -> !GROUND.containsAll(source.uses()))
                .map(source -> source.path() + " uses " + source.uses()).toList();
        assertEquals(List.of(), offenders, "platform and problem must not use a feature");
    }

    /** used package → using package → the files that use it. */
    private static Map<String, Map<String, Set<Path>>> usersByPackage() {
        Map<String, Map<String, Set<Path>>> users = new TreeMap<>();
        for (Source source : sources) {
            for (String used : source.uses()) {
                users.computeIfAbsent(used, key -> new TreeMap<>())
                        .computeIfAbsent(source.feature(), key -> new TreeSet<>())
                        .add(source.path());
            }
        }
        return users;
    }

    private static Source read(Path file) {
        Path relative = ROOT.relativize(file);
        String feature = relative.getNameCount() == 1 ? ROOT_PACKAGE : relative.getName(0).toString();
        try {
            String code = COMMENT_OR_LITERAL.matcher(Files.readString(file))
                    .replaceAll(match -> match.group(1) == null ? " " : Matcher.quoteReplacement(match.group(1)));
            return new Source(feature, file, PACKAGE_LINE.matcher(code).replaceFirst(""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
