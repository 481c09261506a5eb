package io.egressfed.e2e.lab.chaos;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A loopback TCP proxy standing in for the network between an agent and the hub replicas: one listen
 * port in front of one or more upstreams, like a Kubernetes Service in front of hub replicas. Each new
 * connection goes to the next upstream in turn and, when that one refuses, to the one after it.
 * {@link #cut()} severs the link: every open connection is reset and new ones are reset at once, until
 * {@link #heal()}.
 */
public final class TcpProxy implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TcpProxy.class);
    private static final int CONNECT_TIMEOUT_MILLIS = 2_000;
    private static final int BUFFER = 16 * 1024;

    private final String name;
    private final List<InetSocketAddress> upstreams;
    private final ServerSocket server;
    private final ExecutorService threads;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger next = new AtomicInteger();
    private volatile boolean cut;
    private volatile boolean closed;

    private TcpProxy(String name, List<InetSocketAddress> upstreams, ServerSocket server) {
        this.name = name;
        this.upstreams = upstreams;
        this.server = server;
        this.threads = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "tcp-proxy-" + name);
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Starts a proxy listening on a free loopback port.
     *
     * @param name      names the proxy in logs and thread names
     * @param upstreams where connections go, tried in turn
     * @throws UncheckedIOException     when no port can be bound
     * @throws IllegalArgumentException when there is no upstream
     */
    public static TcpProxy start(String name, List<InetSocketAddress> upstreams) {
        Objects.requireNonNull(name, "name");
        if (upstreams.isEmpty()) {
            throw new IllegalArgumentException("upstreams: at least one is needed");
        }
        try {
            ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            TcpProxy proxy = new TcpProxy(name, List.copyOf(upstreams), server);
            proxy.threads.execute(proxy::acceptLoop);
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind a loopback port for proxy " + name, e);
        }
    }

    /** The port clients connect to. */
    public int port() {
        return server.getLocalPort();
    }

    /** {@code 127.0.0.1:<port>}. */
    public String address() {
        return server.getInetAddress().getHostAddress() + ":" + port();
    }

    /** Resets every open connection and every new one until {@link #heal()}. */
    public void cut() {
        cut = true;
        open.forEach(TcpProxy::reset);
        open.clear();
    }

    /** Lets connections through again. */
    public void heal() {
        cut = false;
    }

    /** Whether the link is cut. */
    public boolean isCut() {
        return cut;
    }

    /** Stops listening and resets every connection. */
    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            LOG.debug("proxy {}: closing the listener: {}", name, e.toString());
        }
        open.forEach(TcpProxy::reset);
        open.clear();
        threads.shutdownNow();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("proxy {}: accept failed: {}", name, e.toString());
                }
                return;
            }
            if (cut) {
                reset(client);
                continue;
            }
            threads.execute(() -> connect(client));
        }
    }

    private void connect(Socket client) {
        int first = Math.floorMod(next.getAndIncrement(), upstreams.size());
        for (int i = 0; i < upstreams.size(); i++) {
            InetSocketAddress upstream = upstreams.get((first + i) % upstreams.size());
            Socket server = new Socket();
            try {
                server.connect(upstream, CONNECT_TIMEOUT_MILLIS);
            } catch (IOException refused) {
                LOG.debug("proxy {}: upstream {} refused: {}", name, upstream, refused.toString());
                reset(server);
                continue;
            }
            open.add(client);
            open.add(server);
            if (cut || closed) {
                // Cut while connecting: the new pair must not outlive the cut.
                reset(client);
                reset(server);
                return;
            }
            threads.execute(() -> pump(client, server));
            threads.execute(() -> pump(server, client));
            return;
        }
        LOG.debug("proxy {}: every upstream refused", name);
        reset(client);
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[BUFFER];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException ended) {
            LOG.trace("proxy {}: connection ended: {}", name, ended.toString());
        } finally {
            open.remove(from);
            open.remove(to);
            reset(from);
            reset(to);
        }
    }

    /** Closes with a TCP reset, as a broken link would look to both ends. */
    private static void reset(Socket socket) {
        try {
            if (!socket.isClosed()) {
                socket.setSoLinger(true, 0);
            }
        } catch (SocketException alreadyBroken) {
            LOG.trace("socket already broken: {}", alreadyBroken.toString());
        }
        try {
            socket.close();
        } catch (IOException e) {
            LOG.trace("closing a socket: {}", e.toString());
        }
    }
}
