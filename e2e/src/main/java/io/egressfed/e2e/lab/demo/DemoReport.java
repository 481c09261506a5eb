package io.egressfed.e2e.lab.demo;

import io.egressfed.agent.apply.AgentState;
import io.egressfed.agent.backend.Ownership;
import io.egressfed.e2e.lab.cluster.CiliumResources;
import io.egressfed.e2e.lab.examples.ManifestNames;
import io.egressfed.e2e.lab.spoke.LabSpoke;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Reads what the lab's agents enforce and what they wrote. */
final class DemoReport {

    private static final Duration STATE_TIMEOUT = Duration.ofSeconds(5);
    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    private DemoReport() {
    }

    /** The agent's enforced state, from its reconcile thread. */
    static AgentState state(LabSpoke spoke) {
        try {
            return spoke.agent().orElseThrow(() -> new IllegalStateException(spoke.name() + " has no agent"))
                    .backend().orElseThrow(() -> new IllegalStateException(spoke.name() + " agent has no backend"))
                    .state().get(STATE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the agent state of " + spoke.name(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the agent state of " + spoke.name() + ": " + e, e);
        }
    }

    /** The assignments the agent of {@code spoke} enforces, in config order. */
    static List<ClusterAssignment> assignments(LabSpoke spoke) {
        List<ClusterAssignment> assignments = new ArrayList<>();
        for (AgentState.Assignment assignment : state(spoke).assignments()) {
            assignments.add(new ClusterAssignment(spoke.name(), assignment.intent(), assignment.egressIp(),
                    ManifestNames.of(assignment.role()), assignment.status().gatewayNode(),
                    assignment.status().vipHost(), assignment.status().activeEndpoint(), assignment.status().healthy(),
                    assignment.status().reason()));
        }
        return assignments;
    }

    /** Every CiliumEgressGatewayPolicy and Service carrying egressfed's managed-by label, by kind and name. */
    static List<WrittenObject> writtenObjects(LabSpoke spoke) {
        KubernetesClient client = spoke.cluster().client();
        List<HasMetadata> objects = new ArrayList<>();
        objects.addAll(CiliumResources.policies(client).withLabel(Ownership.MANAGED_BY, Ownership.MANAGED_BY_VALUE)
                .list().getItems());
        objects.addAll(client.services().inAnyNamespace()
                .withLabel(Ownership.MANAGED_BY, Ownership.MANAGED_BY_VALUE).list().getItems());
        List<WrittenObject> written = new ArrayList<>();
        for (HasMetadata object : objects) {
            @SuppressWarnings("unchecked")
            Map<String, Object> tree = JSON.convertValue(object, Map.class);
            String namespace = object.getMetadata().getNamespace();
            written.add(new WrittenObject(spoke.name(), object.getKind(), namespace == null ? "" : namespace,
                    object.getMetadata().getName(), tree));
        }
        written.sort(Comparator.comparing(WrittenObject::kind).thenComparing(WrittenObject::namespace)
                .thenComparing(WrittenObject::name));
        return written;
    }
}
