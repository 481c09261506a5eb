package io.egressfed.agent.backend.kubevip;

import io.egressfed.agent.backend.AssignmentPlan;
import io.egressfed.agent.backend.AssignmentStatus;
import io.egressfed.agent.backend.ClusterView;
import io.egressfed.agent.backend.DesiredObject;
import io.egressfed.agent.backend.EffectiveAssignment;
import io.egressfed.agent.backend.EgressBackend;
import io.egressfed.agent.backend.GatewayNodes;
import io.egressfed.agent.backend.ObjectKey;
import io.egressfed.agent.backend.OwnedKind;
import io.egressfed.api.v1alpha1.Backend;
import io.egressfed.api.v1alpha1.GatewaySpec;
import io.fabric8.kubernetes.api.model.Service;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code kube-vip} backend: one egress LoadBalancer Service per assignment in the workload's
 * namespace; kube-vip elects the node, holds the VIP and SNATs the one selected pod. Whether a
 * selector resolves to one namespace and one pod is checked when a config is applied; a FENCED
 * assignment has no Service, so its address is released.
 */
public final class KubeVipBackend implements EgressBackend {

    private final ServiceKind services;
    private final WorkloadResolver resolver;
    private final Optional<String> loadBalancerClass;
    private final Map<String, String> namespaces = new HashMap<>();

    /**
     * Creates the backend.
     *
     * @param services          the Service kind it writes
     * @param resolver          resolves workload selectors at admission
     * @param loadBalancerClass the class kube-vip serves, when configured to serve only one
     */
    public KubeVipBackend(ServiceKind services, WorkloadResolver resolver, Optional<String> loadBalancerClass) {
        this.services = services;
        this.resolver = resolver;
        this.loadBalancerClass = loadBalancerClass;
    }

    @Override
    public Backend backend() {
        return Backend.BACKEND_KUBE_VIP;
    }

    @Override
    public List<OwnedKind<?>> kinds() {
        return List.of(services);
    }

    @Override
    public boolean requiresCilium() {
        return false;
    }

    @Override
    public Map<String, String> admit(GatewaySpec gateway, List<EffectiveAssignment> assignments) {
        Map<String, String> refused = new LinkedHashMap<>();
        namespaces.clear();
        for (EffectiveAssignment assignment : assignments) {
            if (assignment.fenced()) {
                continue;
            }
            try {
                DestinationPorts.annotationValue(assignment.spec().getDestinationPortsList());
            } catch (IllegalArgumentException e) {
                refused.put(assignment.intent(), e.getMessage());
                continue;
            }
            WorkloadResolver.Resolution resolution = resolver.resolve(assignment.spec().getWorkloads());
            if (resolution.resolved()) {
                namespaces.put(assignment.intent(), resolution.namespace());
            } else {
                refused.put(assignment.intent(), resolution.problem());
            }
        }
        return refused;
    }

    @Override
    public List<AssignmentPlan> plan(GatewaySpec gateway, List<EffectiveAssignment> assignments, ClusterView view) {
        return assignments.stream().map(assignment -> plan(assignment, view)).toList();
    }

    private AssignmentPlan plan(EffectiveAssignment assignment, ClusterView view) {
        if (assignment.fenced()) {
            return AssignmentPlan.nothing(assignment.intent(), assignment.role(),
                    AssignmentStatus.healthyWithout("fenced: the VIP Service is removed, the address is released"));
        }
        String namespace = namespaces.get(assignment.intent());
        if (namespace == null) {
            return AssignmentPlan.nothing(assignment.intent(), assignment.role(), AssignmentStatus.unhealthy(
                    "the workload was not resolved when the config was applied"));
        }
        Service service = KubeVipServices.egress(assignment, namespace, loadBalancerClass);
        ObjectKey key = ObjectKey.of(services.kind(), service);
        AssignmentStatus status = observe(view.owned(services, key), view);
        return new AssignmentPlan(assignment.intent(), assignment.role(),
                List.of(new DesiredObject(key, assignment.intent(), service)), status, false);
    }

    /**
     * The status of a kube-vip Service as kube-vip reports it in its annotations.
     *
     * @param live the Service in the cache, if any
     * @param view the cluster caches, for the readiness of the VIP's node
     * @return the status
     */
    static AssignmentStatus observe(Optional<Service> live, ClusterView view) {
        if (live.isEmpty()) {
            return AssignmentStatus.unhealthy("the egress Service is not in the cluster yet");
        }
        Map<String, String> annotations = live.get().getMetadata().getAnnotations();
        String vipHost = annotation(annotations, KubeVipAnnotations.VIP_HOST);
        String endpoint = annotation(annotations, KubeVipAnnotations.ACTIVE_ENDPOINT);
        if (endpoint.isEmpty()) {
            endpoint = annotation(annotations, KubeVipAnnotations.ACTIVE_ENDPOINT_IPV6);
        }
        boolean ready = !vipHost.isEmpty() && view.node(vipHost).map(GatewayNodes::isReady).orElse(false);
        String reason = "";
        if (vipHost.isEmpty()) {
            reason = "kube-vip has not elected a node for the VIP (no " + KubeVipAnnotations.VIP_HOST + ")";
        } else if (!ready) {
            reason = "the VIP's node " + vipHost + " is not Ready";
        } else if (endpoint.isEmpty()) {
            reason = "kube-vip has not configured egress for a pod yet (no " + KubeVipAnnotations.ACTIVE_ENDPOINT + ")";
        }
        return new AssignmentStatus(vipHost, ready, vipHost, endpoint, reason.isEmpty(), reason);
    }

    private static String annotation(Map<String, String> annotations, String key) {
        String value = annotations == null ? null : annotations.get(key);
        return value == null ? "" : value;
    }
}
