package dev.rotor.example.orders;

import dev.rotor.it.support.ExampleServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.EmptyAsset;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * Copies of the orders WAR on a second Payara Micro ({@link ExampleServer}). Each copy is the
 * example classes, {@code target/rotor-resource-server.jar} in WEB-INF/lib and its own
 * {@code microprofile-config.properties}; its context root is its name.
 */
public final class OrdersServer {

    private OrdersServer() {
    }

    /** Builds one WAR per entry (name → settings) and starts them together; waits until each answers (401: it wants a token). */
    public static ExampleServer start(Map<String, String> wars) throws IOException, InterruptedException {
        Path basedir = ExampleServer.basedir();
        List<ExampleServer.App> apps = wars.entrySet().stream()
                .map(war -> new ExampleServer.App(war.getKey(), build(basedir, war.getKey(), war.getValue()), "/orders", 401))
                .toList();
        return ExampleServer.start("orders-it", apps);
    }

    static WebArchive build(Path basedir, String name, String settings) {
        return ShrinkWrap.create(WebArchive.class, name + ".war")
                .addClasses(OrdersApplication.class, OrdersResource.class, OrderBook.class, WebSessionResource.class)
                .addAsLibrary(basedir.resolve("target/rotor-resource-server.jar").toFile())
                .addAsResource(new StringAsset(settings), "META-INF/microprofile-config.properties")
                .addAsWebInfResource(EmptyAsset.INSTANCE, "beans.xml");
    }
}
