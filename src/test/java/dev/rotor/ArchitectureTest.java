package dev.rotor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Dependencies between the packages under {@code dev.rotor} follow one order (ARCHITECTURE.md),
 * read from the sources: every mention of another Rotor package outside comments (imports, static
 * imports, fully qualified names) counts. A package may use only the packages before it in
 * {@link #ORDER}; inside a feature, boundary uses control and entity, control uses entity, and an
 * entity neither. The kit has its own test ({@code KitIsolationTest}).
 */
class ArchitectureTest {

    private static final Path ROOT = Path.of("src/main/java/dev/rotor");
    private static final String ROOT_PACKAGE = "(root)";

    /** Every package under dev.rotor but the kit, each allowed to use only those before it. */
    static final List<String> ORDER = List.of("platform", "problem", "audit", "custody", "account", "throttle", "token", "factor",
            "session", "client", "access", "browser", "authorize", "logout", "oauth", "selfservice", "admin", ROOT_PACKAGE, "tools");
    /** The layers inside a feature, each allowed to use only those after it. */
    static final List<String> LAYERS = List.of("boundary", "control", "entity");

    /** A comment, or a string or char literal (kept: a {@code "/*"} in a string starts no comment). */
    private static final Pattern COMMENT_OR_LITERAL =
            Pattern.compile("(\"[^\"\\\\]*+(?:\\\\.[^\"\\\\]*+)*+\"|'(?:\\\\.|[^'\\\\])')|/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);
    private static final Pattern PACKAGE_LINE = Pattern.compile("^package [\\w.]+;", Pattern.MULTILINE);
    /** {@code dev.rotor.<package>.} (group 1), or {@code dev.rotor.<Class>}: a class of the root package. */
    private static final Pattern ROTOR_PACKAGE = Pattern.compile("\\bdev\\.rotor\\.(?:([a-z]\\w*)\\.|[A-Z])");
    /** {@code dev.rotor.<feature>.<layer>.}: the layer is group 1. */
    private static final Pattern ROTOR_LAYER = Pattern.compile("\\bdev\\.rotor\\.[a-z]\\w*\\.(boundary|control|entity)\\.");

    /** One source file: its top-level package under dev.rotor, its path, and its code without comments. */
    record Source(String feature, Path path, String code) {

        /** The other top-level packages it names. */
        Set<String> uses() {
            var uses = new TreeSet<String>();
            var matcher = ROTOR_PACKAGE.matcher(code);
            while (matcher.find()) {
                uses.add(matcher.group(1) == null ? ROOT_PACKAGE : matcher.group(1));
            }
            uses.remove(feature);
            return uses;
        }

        /** The layers of any feature it names ({@code dev.rotor.x.control.}, ...). */
        Set<String> layersUsed() {
            var layers = new TreeSet<String>();
            var matcher = ROTOR_LAYER.matcher(code);
            while (matcher.find()) {
                layers.add(matcher.group(1));
            }
            return layers;
        }

        /** boundary, control or entity; null for a package without layers (platform, problem, the root, tools). */
        String layer() {
            String parent = path.getParent().getFileName().toString();
            return LAYERS.contains(parent) ? parent : null;
        }

        boolean isControlOrEntity() {
            return "control".equals(layer()) || "entity".equals(layer());
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
    void theOrderNamesEveryPackageAndNoOther() {
        Set<String> features = sources.stream().map(Source::feature).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(ORDER), features, "packages found under dev.rotor (kit aside) against ORDER: place a new one in the order");
    }

    @Test
    void everyPackageUsesOnlyThePackagesBeforeIt() {
        assertEquals(List.of(), laterPackagesUsed(sources), "uses of a package that comes later in " + ORDER);
    }

    @Test
    void insideAFeatureBoundaryUsesControlAndControlUsesEntityNeverBack() {
        assertEquals(List.of(), layersUsedBackwards(sources), "uses against boundary -> control -> entity");
    }

    /** The check must be able to fail: a control class that names a boundary, or a lower package a higher one, is reported. */
    @Test
    void theChecksCatchAnUpwardUse() {
        var tokenControl = new Source("token", ROOT.resolve("token/control/Bad.java"),
                "import dev.rotor.access.control.AccessCutoff; import dev.rotor.token.boundary.JwksResource; class Bad {}");
        var entity = new Source("session", ROOT.resolve("session/entity/Bad.java"), "import dev.rotor.session.control.Sessions; class Bad {}");
        var platform = new Source("platform", ROOT.resolve("platform/Bad.java"), "class Bad { dev.rotor.StartUp start; }");
        assertEquals(List.of(tokenControl.path() + " (token) uses access", platform.path() + " (platform) uses " + ROOT_PACKAGE),
                laterPackagesUsed(List.of(tokenControl, entity, platform)));
        assertEquals(List.of(tokenControl.path() + " (control) uses boundary", entity.path() + " (entity) uses control"),
                layersUsedBackwards(List.of(tokenControl, entity, platform)));
    }

    @Test
    void controlAndEntityKnowNoJaxRsAndNoProblem() {
        List<String> offenders = sources.stream().filter(Source::isControlOrEntity)
                .filter(source -> source.code().contains("jakarta.ws.rs.") || source.code().contains("dev.rotor.problem."))
                .map(source -> source.path().toString()).toList();
        assertEquals(List.of(), offenders, "control or entity classes that name JAX-RS or the problem package");
    }

    private static List<String> laterPackagesUsed(List<Source> sources) {
        var offenders = new ArrayList<String>();
        for (Source source : sources) {
            int own = ORDER.indexOf(source.feature());
            for (String used : source.uses()) {
                int index = ORDER.indexOf(used);
                if (own < 0 || index < 0 || index > own) {
                    offenders.add(source.path() + " (" + source.feature() + ") uses " + used);
                }
            }
        }
        return offenders;
    }

    private static List<String> layersUsedBackwards(List<Source> sources) {
        var offenders = new ArrayList<String>();
        for (Source source : sources) {
            String layer = source.layer();
            for (String used : source.layersUsed()) {
                if (layer != null && LAYERS.indexOf(used) < LAYERS.indexOf(layer)) {
                    offenders.add(source.path() + " (" + layer + ") uses " + used);
                }
            }
        }
        return offenders;
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
