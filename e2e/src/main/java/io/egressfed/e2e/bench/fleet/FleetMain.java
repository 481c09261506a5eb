package io.egressfed.e2e.bench.fleet;

import io.egressfed.api.envelope.Ed25519Pem;
import io.egressfed.api.pki.BootstrapToken;
import io.egressfed.api.pki.CaPin;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a {@link LightAgentFleet} in its own JVM, so that the hub's process holds only the hub:
 * {@code FleetMain HUB CA_SHA256 SIGNING_KEY_PEM_FILE MEMBERS_FILE HEARTBEAT_MILLIS}. The members file
 * holds one {@code cluster token} per line (it is deleted once read). Prints {@code CONNECTED <n>} once
 * every agent is connected, then runs until its standard input closes.
 */
public final class FleetMain {

    /** The line printed once every agent is connected. */
    public static final String CONNECTED = "CONNECTED";

    private FleetMain() {
    }

    /**
     * Starts the fleet and holds it until standard input closes.
     *
     * @param args hub address, CA pin, signing key file, members file, heartbeat in milliseconds
     * @throws Exception when the fleet cannot start
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            throw new IllegalArgumentException("usage: FleetMain HUB CA_SHA256 SIGNING_KEY_PEM MEMBERS_FILE HEARTBEAT_MS");
        }
        Path membersFile = Path.of(args[3]);
        List<LightAgentFleet.Member> members = new ArrayList<>();
        for (String line : Files.readAllLines(membersFile, StandardCharsets.US_ASCII)) {
            if (!line.isBlank()) {
                String[] fields = line.trim().split(" ");
                members.add(new LightAgentFleet.Member(fields[0], BootstrapToken.parse(fields[1])));
            }
        }
        Files.delete(membersFile);
        LightAgentFleet.Target target = new LightAgentFleet.Target(args[0], CaPin.parse(args[1]),
                List.of(Ed25519Pem.readPublicKey(Path.of(args[2]))), Duration.ofMillis(Long.parseLong(args[4])));
        PrintStream out = System.out;
        try (LightAgentFleet fleet = LightAgentFleet.start(target, members, Duration.ofMinutes(30))) {
            out.println(CONNECTED + " " + fleet.connected());
            out.flush();
            drain(System.in);
        }
    }

    /** Returns when the parent closes our standard input (or dies). */
    private static void drain(InputStream in) throws IOException {
        byte[] buffer = new byte[256];
        while (in.read(buffer) >= 0) {
            // Nothing is expected on standard input; its end is the signal to stop.
        }
    }
}
