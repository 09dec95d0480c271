package dev.rotor.it.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Before Arquillian starts a test class's Payara Micro on {@code rotor.it.port}: waits until the
 * previous class's server has let go of that port. Arquillian stops a server without waiting for
 * its process to exit, and Payara Micro, finding its port still taken, binds the next one
 * ({@code --autoBindHttp}) while the issuer (and every test that names it) still says the first:
 * its own discovery document would then point at a port nobody listens on.
 */
public final class ItPortFree implements BeforeAllCallback {

    private static final long PATIENCE_MS = 60_000;

    @Override
    public void beforeAll(ExtensionContext context) throws InterruptedException {
        Integer port = Integer.getInteger("rotor.it.port");
        if (port == null) {
            return;
        }
        long deadline = System.currentTimeMillis() + PATIENCE_MS;
        while (!free(port) && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
    }

    private static boolean free(int port) {
        try (var socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException taken) {
            return false;
        }
    }
}
