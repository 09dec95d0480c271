package dev.rotor.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** A TCP port nothing listens on at the moment of asking, for a server a test starts itself. */
public final class FreePort {

    private FreePort() {
    }

    public static int next() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
