package io.egressfed.cli;

import com.google.protobuf.util.Durations;
import io.egressfed.api.v1alpha1.Backend;
import io.egressfed.api.v1alpha1.EnrollmentTokenRequest;
import io.egressfed.api.v1alpha1.EnrollmentTokenResponse;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code egressctl cluster enroll NAME [--label k=v]... [--backend B] [--ttl 1h]}: creates the member
 * cluster when needed and prints a single-use bootstrap token with the exact agent install command.
 */
@Command(name = "enroll", description = "Create a bootstrap token for a cluster's agent (and the cluster if new).")
final class EnrollCommand extends Subcommand implements Callable<Integer> {

    @ParentCommand
    ClusterCommand parent;

    @Parameters(index = "0", paramLabel = "NAME", description = "the member cluster")
    String name;

    @Option(names = "--label", paramLabel = "KEY=VALUE", description = "a label of the member cluster (repeatable)")
    List<String> labels = List.of();

    @Option(names = "--backend", paramLabel = "BACKEND",
            description = "cilium, kube-vip or cilium-vip; required when the cluster does not exist yet")
    String backend;

    @Option(names = "--ttl", paramLabel = "DURATION", description = "how long the token stays valid (default 1h)")
    String ttl;

    @Mixin
    JsonOutputOption output;

    @Override
    EgressCtl root() {
        return parent.root;
    }

    @Override
    public Integer call() {
        EnrollmentTokenRequest.Builder request = EnrollmentTokenRequest.newBuilder().setCluster(name)
                .putAllLabels(labels());
        if (backend != null) {
            request.setBackend(backend(backend));
        }
        if (ttl != null) {
            Duration parsed = Times.duration("--ttl", ttl);
            request.setTtl(Durations.fromNanos(parsed.toNanos()));
        }
        boolean json = output.json();
        EnrollmentTokenResponse response = client().enroll(request.build());
        PrintWriter out = out();
        if (json) {
            out.println(Json.print(response));
            return 0;
        }
        out.println("Member cluster \"" + name + "\" is ready to enroll.");
        out.println("Bootstrap token (single use, expires " + Times.text(response.getExpiresAt()) + "):");
        out.println("  " + response.getToken());
        out.println("Hub CA SHA-256:          " + response.getCaSha256());
        out.println("Hub signing key SHA-256: " + response.getSigningKeySha256());
        out.println("Install the agent in the cluster with:");
        out.println("  " + response.getInstallCommand());
        return 0;
    }

    private Map<String, String> labels() {
        Map<String, String> parsed = new LinkedHashMap<>();
        for (String label : labels) {
            int equals = label.indexOf('=');
            if (equals <= 0) {
                throw new UsageFailure("--label: \"" + label + "\" is not KEY=VALUE");
            }
            parsed.put(label.substring(0, equals), label.substring(equals + 1));
        }
        return parsed;
    }

    private static Backend backend(String typed) {
        return Arrays.stream(Backend.values())
                .filter(value -> value != Backend.UNRECOGNIZED && value.getNumber() != 0)
                .filter(value -> Names.of(value).equals(typed))
                .findFirst()
                .orElseThrow(() -> new UsageFailure("--backend: unknown value \"" + typed
                        + "\"; allowed: cilium, kube-vip, cilium-vip"));
    }
}
