package io.egressfed.e2e.cli;

import io.egressfed.api.v1alpha1.ClusterInventory;
import io.egressfed.api.v1alpha1.GatewayInventory;
import io.egressfed.api.v1alpha1.HealthReport;
import io.egressfed.api.v1alpha1.Hello;
import io.egressfed.cli.CliContext;
import io.egressfed.cli.EgressCtl;
import io.egressfed.hub.HubServer;
import io.egressfed.hub.HubSettings;
import io.egressfed.hub.auth.AdminTokens;
import io.egressfed.hub.auth.IssuedAdminToken;
import io.egressfed.hub.auth.Role;
import io.egressfed.hub.auth.StoreAdminTokens;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A development hub for egressctl end-to-end tests: started like {@code egressfed-hub --dev} through
 * {@link HubServer#start} (in-memory store, generated CA and signing key, coordinator, spoke link, ops
 * port, all on loopback), with the admin API wired onto its services and served over HTTPS with a
 * certificate of the hub's CA. Tests drive it only through {@link EgressCtl}, in this process, with
 * captured output; the only other door is {@link #reportInventory}, which stands in for a cilium
 * cluster's agent reporting which addresses its gateway node carries.
 */
final class CtlLab implements AutoCloseable {

    /** Where the repository's example manifests are, seen from the e2e module. */
    static final Path EXAMPLES = Path.of("..", "examples").toAbsolutePath().normalize();

    final IssuedAdminToken admin;
    final IssuedAdminToken operator;
    final IssuedAdminToken viewer;

    private final Path work;
    private final Path home;
    private final Path caFile;
    private final HubServer hub;

    /** The outcome of one egressctl run. */
    record Run(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /**
     * Starts the hub.
     *
     * @param workDirectory a temporary directory (the hub's data directory, egressctl's home)
     */
    CtlLab(Path workDirectory) throws IOException {
        work = workDirectory;
        home = Files.createDirectories(workDirectory.resolve("home"));
        // The hub as --dev starts it, but with the admin API on TLS, so egressctl's CA handling is exercised.
        HubSettings settings = HubSettings.development(workDirectory.resolve("hub-data")).withAdminPlaintext(false);
        hub = HubServer.start(settings);
        caFile = settings.caDir().resolve("ca.crt");
        // The hub created the first admin token at start, as bin/egressfed-hub does.
        admin = hub.initialAdminToken().orElseThrow();
        AdminTokens tokens = new StoreAdminTokens(hub.store(), hub.keys(), new SecureRandom(), Clock.systemUTC());
        operator = tokens.create("ops", Role.OPERATOR).join();
        viewer = tokens.create("auditor", Role.VIEWER).join();
    }

    /** The PEM file of the hub CA. */
    Path caFile() {
        return caFile;
    }

    /** The admin API's base URL. */
    String server() {
        return "https://127.0.0.1:" + hub.adminPort();
    }

    /** Runs egressctl with the admin token. */
    Run ctl(String... args) {
        return ctlAs(admin.secret(), args);
    }

    /** Runs egressctl with a token (null: none), the server and CA given through the environment. */
    Run ctlAs(String token, String... args) {
        return run(token, new byte[0], args);
    }

    /** Runs egressctl with the admin token and {@code stdin} as standard input. */
    Run ctlWithInput(String stdin, String... args) {
        return ctlWithInputAs(admin.secret(), stdin, args);
    }

    /** Runs egressctl with a token and {@code stdin} as standard input. */
    Run ctlWithInputAs(String token, String stdin, String... args) {
        return run(token, stdin.getBytes(StandardCharsets.UTF_8), args);
    }

    /** Writes a file into the lab's work directory. */
    Path writeFile(String name, String content) {
        try {
            return Files.writeString(work.resolve(name), content, StandardCharsets.UTF_8);
        } catch (IOException unwritable) {
            throw new UncheckedIOException(unwritable);
        }
    }

    private Run run(String token, byte[] stdin, String... args) {
        Map<String, String> environment = new HashMap<>();
        environment.put("EGRESSFED_SERVER", server());
        environment.put("EGRESSFED_CA_FILE", caFile.toString());
        if (token != null) {
            environment.put("EGRESSFED_TOKEN", token);
        }
        return run(environment, stdin, args);
    }

    /** Runs egressctl with exactly the given environment (no server, CA or token unless given). */
    Run ctlWithEnvironment(Map<String, String> environment, String... args) {
        return run(environment, new byte[0], args);
    }

    private Run run(Map<String, String> environment, byte[] stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliContext context = new CliContext(new PrintWriter(out), new PrintWriter(err),
                new ByteArrayInputStream(stdin), environment, home);
        int exitCode = EgressCtl.run(context, args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    /**
     * What a cilium cluster's agent reports: its gateway node carries these addresses (IPAM hands a
     * cilium cluster only addresses its gateways carry).
     */
    /** Makes the hub see the cluster's agent connected with one ready gateway (no agent runs in this lab). */
    void agentHealthy(String cluster) {
        hub.liveStatus().agentConnected(cluster, 1, Hello.newBuilder().setCluster(cluster).build(), Instant.now());
        hub.liveStatus().healthReported(cluster, HealthReport.newBuilder().setCluster(cluster)
                .addInventory(GatewayInventory.newBuilder().setNode(cluster + "-gw-0").setReady(true)
                        .addAddresses("192.0.2.10"))
                .build(), Instant.now());
    }

    void reportInventory(String cluster, String node, List<String> addresses) {
        hub.resources().putInventory(ClusterInventory.newBuilder().setCluster(cluster)
                .addGateways(GatewayInventory.newBuilder().setNode(node).setReady(true).addAllAddresses(addresses))
                .build()).join();
    }

    /** {@code first} to {@code last} of {@code 198.51.100.x} and {@code 2001:db8:100::x}, for inventories. */
    static List<String> exampleAddresses(int first, int last) {
        List<String> addresses = new ArrayList<>();
        for (int host = first; host <= last; host++) {
            addresses.add("198.51.100." + host);
            addresses.add("2001:db8:100::" + Integer.toHexString(host));
        }
        return addresses;
    }

    @Override
    public void close() {
        hub.close();
    }
}
