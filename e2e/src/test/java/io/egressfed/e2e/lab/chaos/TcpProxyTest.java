package io.egressfed.e2e.lab.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class TcpProxyTest {

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable resource : resources) {
            resource.close();
        }
        threads.shutdownNow();
    }

    @Test
    void bytesGoBothWaysThroughTheProxy() throws IOException {
        TcpProxy proxy = proxy(List.of(echoServer("a")));

        try (Socket client = connect(proxy)) {
            assertThat(roundTrip(client, "hello")).isEqualTo("a:hello");
        }
    }

    @Test
    void aRefusingUpstreamIsSkippedForTheNextOne() throws IOException {
        TcpProxy proxy = proxy(List.of(refusingAddress(), echoServer("b")));

        for (int i = 0; i < 3; i++) {
            try (Socket client = connect(proxy)) {
                assertThat(roundTrip(client, "x" + i)).isEqualTo("b:x" + i);
            }
        }
    }

    @Test
    void cutResetsOpenConnectionsAndRefusesNewOnesUntilHealed() throws IOException {
        TcpProxy proxy = proxy(List.of(echoServer("a")));
        Socket open = connect(proxy);
        resources.add(open);
        assertThat(roundTrip(open, "before")).isEqualTo("a:before");

        proxy.cut();

        assertThat(proxy.isCut()).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            try {
                return open.getInputStream().read() < 0;
            } catch (IOException reset) {
                return true;
            }
        });
        try (Socket refused = connect(proxy)) {
            assertThatThrownBy(() -> roundTrip(refused, "during")).isInstanceOf(IOException.class);
        }

        proxy.heal();

        try (Socket again = connect(proxy)) {
            assertThat(roundTrip(again, "after")).isEqualTo("a:after");
        }
    }

    private TcpProxy proxy(List<InetSocketAddress> upstreams) {
        TcpProxy proxy = TcpProxy.start("test", upstreams);
        resources.add(proxy);
        return proxy;
    }

    private static Socket connect(TcpProxy proxy) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
        socket.setSoTimeout(10_000);
        return socket;
    }

    /** Sends a length-prefixed message and reads the echoed, prefixed answer. */
    private static String roundTrip(Socket socket, String message) throws IOException {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        OutputStream out = socket.getOutputStream();
        out.write(bytes.length);
        out.write(bytes);
        out.flush();
        DataInputStream in = new DataInputStream(socket.getInputStream());
        int length = in.read();
        if (length < 0) {
            throw new IOException("closed by the proxy");
        }
        byte[] answer = new byte[length];
        in.readFully(answer);
        return new String(answer, StandardCharsets.UTF_8);
    }

    /** Answers each length-prefixed message with {@code tag:message}. */
    private InetSocketAddress echoServer(String tag) throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        resources.add(server);
        threads.execute(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    resources.add(socket);
                    threads.execute(() -> echo(socket, tag));
                } catch (IOException closed) {
                    return;
                }
            }
        });
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
    }

    private static void echo(Socket socket, String tag) {
        try (InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            DataInputStream data = new DataInputStream(in);
            int length;
            while ((length = data.read()) >= 0) {
                byte[] message = new byte[length];
                data.readFully(message);
                byte[] answer = (tag + ":" + new String(message, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
                out.write(answer.length);
                out.write(answer);
                out.flush();
            }
        } catch (IOException ended) {
            LoggerFactory.getLogger(TcpProxyTest.class).debug("echo {} ended: {}", tag, ended.toString());
        }
    }

    /** A loopback port nothing listens on. */
    private static InetSocketAddress refusingAddress() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), probe.getLocalPort());
        }
    }
}
