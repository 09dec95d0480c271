package dev.rotor;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every relative link in README.md and docs/**.md points at a file that exists and, when it has a
 * {@code #anchor}, at a heading of that file (anchors computed with GitHub's rule: lower case,
 * punctuation dropped, spaces to '-', "-1", "-2", … for repeated headings). Links with a scheme
 * (http:, https:, mailto:, …) are not checked; code blocks and code spans hold no links.
 */
class DocsLinksTest {

    private static final Pattern LINK = Pattern.compile("!?\\[[^\\]]*\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");
    private static final Pattern CODE_SPAN = Pattern.compile("`+[^`]*`+");

    @Test
    void everyRelativeLinkAndAnchorResolves() throws IOException {
        List<String> broken = brokenLinks(Path.of("."));
        assertTrue(broken.isEmpty(), "broken links:\n" + String.join("\n", broken));
    }

    @Test
    void anchorsFollowGitHubsRule() {
        List<String> anchors = anchors(List.of(
                "# Rotor",
                "## Audiences: one per API",
                "### Measured with two instances (2026-11-30, 19:40–19:47 UTC, this 2-core machine)",
                "## `rotor.kek` and friends",
                "```",
                "# not a heading",
                "```",
                "## Rotor"));
        assertTrue(anchors.equals(List.of("rotor", "audiences-one-per-api",
                "measured-with-two-instances-2026-11-30-19401947-utc-this-2-core-machine",
                "rotorkek-and-friends", "rotor-1")), anchors.toString());
    }

    static List<String> brokenLinks(Path root) throws IOException {
        List<Path> files = new ArrayList<>();
        files.add(root.resolve("README.md"));
        Path docs = root.resolve("docs");
        if (Files.isDirectory(docs)) {
            try (Stream<Path> walk = Files.walk(docs)) {
                walk.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
            }
        }
        Map<Path, Set<String>> anchorCache = new HashMap<>();
        List<String> broken = new ArrayList<>();
        for (Path file : files) {
            List<String> lines = Files.readAllLines(file);
            boolean fenced = false;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.strip().startsWith("```")) {
                    fenced = !fenced;
                    continue;
                }
                if (fenced) {
                    continue;
                }
                Matcher m = LINK.matcher(CODE_SPAN.matcher(line).replaceAll(""));
                while (m.find()) {
                    String target = m.group(1);
                    if (SCHEME.matcher(target).find()) {
                        continue;
                    }
                    String where = root.relativize(file).normalize() + ":" + (i + 1) + ": " + target;
                    int hash = target.indexOf('#');
                    String pathPart = hash < 0 ? target : target.substring(0, hash);
                    String anchor = hash < 0 ? null : target.substring(hash + 1);
                    Path resolved = pathPart.isEmpty() ? file : file.getParent().resolve(pathPart).normalize();
                    if (!Files.exists(resolved)) {
                        broken.add(where + " (no file " + root.relativize(resolved).normalize() + ")");
                        continue;
                    }
                    if (anchor != null && !anchor.isEmpty()) {
                        if (Files.isDirectory(resolved) || !resolved.toString().endsWith(".md")) {
                            broken.add(where + " (an anchor into a file that is not Markdown)");
                            continue;
                        }
                        Set<String> known = anchorCache.computeIfAbsent(resolved.toAbsolutePath().normalize(), p -> {
                            try {
                                return new HashSet<>(anchors(Files.readAllLines(p)));
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        });
                        if (!known.contains(anchor)) {
                            broken.add(where + " (no heading with anchor #" + anchor + " in "
                                    + root.relativize(resolved).normalize() + ")");
                        }
                    }
                }
            }
        }
        return broken;
    }

    /** The anchors GitHub gives the {@code #}-headings of a Markdown file, in order. */
    static List<String> anchors(List<String> lines) {
        List<String> anchors = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        boolean fenced = false;
        for (String line : lines) {
            if (line.strip().startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            if (fenced || !line.matches("^#{1,6}\\s+.*")) {
                continue;
            }
            String text = line.replaceFirst("^#{1,6}\\s+", "").replaceFirst("\\s+#+\\s*$", "").strip();
            String slug = text.toLowerCase(Locale.ROOT)
                    .replaceAll("[^\\p{L}\\p{N}\\p{M}\\s_-]", "")
                    .replace(' ', '-');
            int n = seen.merge(slug, 1, Integer::sum) - 1;
            anchors.add(n == 0 ? slug : slug + "-" + n);
        }
        return anchors;
    }
}
