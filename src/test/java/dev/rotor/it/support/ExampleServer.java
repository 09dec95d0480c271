package dev.rotor.it.support;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * A second Payara Micro, started as a plain process beside the Rotor under test, running example
 * apps (the orders resource server, the Jakarta Security OIDC web app). Each WAR's context root is
 * its name; start returns once each answers its ready path with the expected status.
 */
public final class ExampleServer implements AutoCloseable {

    /** One WAR to deploy and how to tell it is up. */
    public record App(String name, WebArchive war, String readyPath, int readyStatus) {
    }

    private final Process process;
    private final int port;
    private final Path log;

    private ExampleServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    public static ExampleServer start(String workDir, List<App> apps) throws IOException, InterruptedException {
        return start(workDir, FreePort.next(), apps);
    }

    /** On a port chosen beforehand (an app registered at Rotor before it starts needs its redirect URI, which names the port). */
    public static ExampleServer start(String workDir, int port, List<App> apps) throws IOException, InterruptedException {
        Path basedir = basedir();
        Path work = basedir.resolve("target").resolve(workDir);
        Files.createDirectories(work);
        List<String> command = new ArrayList<>(List.of("java", "-Xmx256m", RotorProcess.TEST_JIT, "-Djava.io.tmpdir=" + work,
                "-jar", basedir.resolve("target/runtime/payara-micro.jar").toString(),
                "--nohazelcast", "--port", String.valueOf(port)));
        for (App app : apps) {
            File file = work.resolve(app.name() + ".war").toFile();
            app.war().as(ZipExporter.class).exportTo(file, true);
            command.add("--deploy");
            command.add(file.toString());
        }
        Path log = work.resolve("payara-" + port + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        var server = new ExampleServer(process, port, log);
        for (App app : apps) {
            server.awaitDeployed(app);
        }
        return server;
    }

    public static Path basedir() {
        return Path.of(System.getProperty("rotor.it.basedir", "."));
    }

    /** The app's URL on {@code host} (use 127.0.0.1 for an origin, and a site, other than Rotor's localhost). */
    public String url(String host, String app) {
        return "http://" + host + ":" + port + "/" + app;
    }

    public String url(String app) {
        return url("localhost", app);
    }

    public String base() {
        return "http://localhost:" + port;
    }

    public Path log() {
        return log;
    }

    private void awaitDeployed(App app) throws InterruptedException, IOException {
        var http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(600).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("example Payara Micro exited; see " + log);
            }
            try {
                var response = http.send(HttpRequest.newBuilder(URI.create(url(app.name()) + app.readyPath())).GET().build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == app.readyStatus()) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException(app.name() + " did not deploy within 600 s; see " + log);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
