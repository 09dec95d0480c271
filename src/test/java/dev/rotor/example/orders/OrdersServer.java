package dev.rotor.example.orders;

import dev.rotor.it.support.FreePort;
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
import java.util.Map;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.EmptyAsset;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * A second Payara Micro, started as a plain process, running copies of the orders WAR. Each copy
 * is the example classes, {@code target/rotor-resource-server.jar} in WEB-INF/lib and its own
 * {@code microprofile-config.properties}; its context root is its name.
 */
public final class OrdersServer implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path log;

    private OrdersServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Builds one WAR per entry (name → settings) and starts them together; waits until each answers. */
    public static OrdersServer start(Map<String, String> wars) throws IOException, InterruptedException {
        Path basedir = Path.of(System.getProperty("rotor.it.basedir", "."));
        Path work = basedir.resolve("target/orders-it");
        Files.createDirectories(work);
        int port = FreePort.next();
        List<String> command = new ArrayList<>(List.of("java", "-Xmx256m", dev.rotor.it.support.RotorProcess.TEST_JIT, "-Djava.io.tmpdir=" + work,
                "-jar", basedir.resolve("target/runtime/payara-micro.jar").toString(),
                "--nohazelcast", "--port", String.valueOf(port)));
        for (var war : wars.entrySet()) {
            File file = work.resolve(war.getKey() + ".war").toFile();
            build(basedir, war.getKey(), war.getValue()).as(ZipExporter.class).exportTo(file, true);
            command.add("--deploy");
            command.add(file.toString());
        }
        Path log = work.resolve("payara-" + port + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        var server = new OrdersServer(process, port, log);
        for (String name : wars.keySet()) {
            server.awaitDeployed(name);
        }
        return server;
    }

    static WebArchive build(Path basedir, String name, String settings) {
        return ShrinkWrap.create(WebArchive.class, name + ".war")
                .addClasses(OrdersApplication.class, OrdersResource.class, OrderBook.class, WebSessionResource.class)
                .addAsLibrary(basedir.resolve("target/rotor-resource-server.jar").toFile())
                .addAsResource(new StringAsset(settings), "META-INF/microprofile-config.properties")
                .addAsWebInfResource(EmptyAsset.INSTANCE, "beans.xml");
    }

    public String url(String war) {
        return "http://localhost:" + port + "/" + war;
    }

    public String base() {
        return "http://localhost:" + port;
    }

    private void awaitDeployed(String war) throws InterruptedException, IOException {
        var http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(600).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("orders Payara Micro exited; see " + log);
            }
            try {
                var response = http.send(HttpRequest.newBuilder(URI.create(url(war) + "/orders")).GET().build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 401) {
                    return; // deployed: the resource exists and wants a token
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException(war + " did not deploy within 600 s; see " + log);
    }


    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
