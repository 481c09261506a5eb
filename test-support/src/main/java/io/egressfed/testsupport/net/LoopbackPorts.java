package io.egressfed.testsupport.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

/**
 * Picks loopback ports for servers that must keep their port across restarts (etcd, hub replicas, Pekko
 * seed nodes), where binding port 0 is not an option.
 *
 * <p>A port taken from {@code new ServerSocket(0)} lies in the kernel's ephemeral range, which it also
 * hands out as the local port of every outgoing connection: between probing and the child's bind (or a
 * kill and a restart) any connection on the machine may take it. Ports here are drawn below that range
 * ({@code /proc/sys/net/ipv4/ip_local_port_range}), so only a process that binds an explicit port can
 * collide, and each is probed free before it is handed out. One instance never hands out a port twice.
 */
public final class LoopbackPorts {

    /** Below this are well-known and registered services that a developer machine often runs. */
    static final int LOWEST = 10_000;
    private static final int FALLBACK_EPHEMERAL_START = 32_768;
    private static final int ATTEMPTS = 2_000;

    private final int lowest;
    private final int ephemeralStart;
    private final Random random;
    private final Set<Integer> handedOut = new HashSet<>();

    /** Ports below this machine's ephemeral range, in a random order. */
    public LoopbackPorts() {
        this(ephemeralRangeStart(Path.of("/proc/sys/net/ipv4/ip_local_port_range")), new Random());
    }

    LoopbackPorts(int ephemeralStart, Random random) {
        this(Math.min(LOWEST, ephemeralStart / 2), ephemeralStart, random);
    }

    LoopbackPorts(int lowest, int ephemeralStart, Random random) {
        this.lowest = lowest;
        this.ephemeralStart = ephemeralStart;
        this.random = random;
    }

    /**
     * A port that was free on 127.0.0.1 a moment ago, outside the ephemeral range, not handed out before.
     *
     * @throws UncheckedIOException when none was found after many attempts
     */
    public synchronized int next() {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int candidate = lowest + random.nextInt(ephemeralStart - lowest);
            if (!handedOut.contains(candidate) && bindable(candidate)) {
                handedOut.add(candidate);
                return candidate;
            }
        }
        throw new UncheckedIOException(new IOException("no free loopback port in [" + lowest + ", "
                + ephemeralStart + ") after " + ATTEMPTS + " attempts"));
    }

    /** The first port of the ephemeral range this instance avoids. */
    public int ephemeralStart() {
        return ephemeralStart;
    }

    /** Whether {@code port} can be bound on 127.0.0.1 right now. */
    public static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static int ephemeralRangeStart(Path rangeFile) {
        try {
            String[] bounds = Files.readString(rangeFile, StandardCharsets.US_ASCII).trim().split("\\s+");
            int start = Integer.parseInt(bounds[0]);
            return start > 2 * 1024 ? start : FALLBACK_EPHEMERAL_START;
        } catch (IOException | RuntimeException e) {
            return FALLBACK_EPHEMERAL_START;
        }
    }
}
