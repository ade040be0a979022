package io.mongo2pg.embedded.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Finds free local ports for listeners whose port must be written into the configuration before binding. */
final class FreePorts {

    private FreePorts() {
    }

    /**
     * A port that was free a moment ago. Another process may take it before the server binds it; the window is
     * small, and KRaft's controller listener cannot bind port 0 because the static voter list names its port.
     */
    static int pick() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot find a free local port", e);
        }
    }
}
