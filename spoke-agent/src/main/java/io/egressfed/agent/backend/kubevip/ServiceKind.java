package io.egressfed.agent.backend.kubevip;

import io.egressfed.agent.backend.ManagedNamespaces;
import io.egressfed.agent.backend.ObjectKey;
import io.egressfed.agent.backend.OwnedKind;
import io.egressfed.agent.backend.Ownership;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The agent's LoadBalancer Services as an owned kind. Managed: the ownership labels, the kube-vip
 * annotations the agent writes ({@link #MANAGED_ANNOTATIONS}, absent ones included, so a foreign
 * {@code kube-vip.io/egress} is removed again) and the spec fields it sets. Not managed: what kube-vip
 * writes back ({@code vipHost}, {@code active-endpoint}), status, and fields the API server allocates
 * (cluster IP, health-check node port), which an update keeps.
 *
 * <p>With a list of {@link ManagedNamespaces} the kind watches and lists each of those namespaces on its
 * own (so a namespaced Role suffices) and refuses to write anywhere else.
 */
public final class ServiceKind implements OwnedKind<Service> {

    /** Kind name. */
    public static final String KIND = "Service";

    /** The Service annotations whose presence and value the agent decides (the kube-vip ones and the epoch). */
    public static final List<String> MANAGED_ANNOTATIONS = List.of(
            KubeVipAnnotations.EGRESS,
            KubeVipAnnotations.EGRESS_IPV6,
            KubeVipAnnotations.EGRESS_ALLOWED_NETWORKS,
            KubeVipAnnotations.EGRESS_DENIED_NETWORKS,
            KubeVipAnnotations.EGRESS_DESTINATION_PORTS,
            KubeVipAnnotations.LOADBALANCER_IPS,
            Ownership.EPOCH);

    private final KubernetesClient client;
    private final ManagedNamespaces namespaces;

    /**
     * Creates the kind over every namespace.
     *
     * @param client the cluster's client
     */
    public ServiceKind(KubernetesClient client) {
        this(client, ManagedNamespaces.all());
    }

    /**
     * Creates the kind over some namespaces.
     *
     * @param client     the cluster's client
     * @param namespaces where it watches, lists and writes Services
     */
    public ServiceKind(KubernetesClient client, ManagedNamespaces namespaces) {
        this.client = client;
        this.namespaces = namespaces;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Class<Service> type() {
        return Service.class;
    }

    @Override
    public List<SharedIndexInformer<Service>> inform(ResourceEventHandler<Service> handler) {
        if (namespaces.everyNamespace()) {
            return List.of(client.services().inAnyNamespace()
                    .withLabel(Ownership.MANAGED_BY, Ownership.MANAGED_BY_VALUE)
                    .inform(handler, 0));
        }
        List<SharedIndexInformer<Service>> informers = new ArrayList<>();
        try {
            for (String namespace : namespaces.names()) {
                informers.add(client.services().inNamespace(namespace)
                        .withLabel(Ownership.MANAGED_BY, Ownership.MANAGED_BY_VALUE)
                        .inform(handler, 0));
            }
        } catch (RuntimeException e) {
            informers.forEach(SharedIndexInformer::stop);
            throw e;
        }
        return List.copyOf(informers);
    }

    @Override
    public Object projection(Service service) {
        Map<String, String> labels = orEmpty(service.getMetadata().getLabels());
        Map<String, String> annotations = orEmpty(service.getMetadata().getAnnotations());
        Map<String, Object> projection = new HashMap<>();
        projection.put("managedBy", labels.get(Ownership.MANAGED_BY));
        projection.put("intent", labels.get(Ownership.INTENT));
        projection.put("mode", labels.get(Ownership.MODE));
        for (String key : MANAGED_ANNOTATIONS) {
            projection.put(key, annotations.get(key));
        }
        ServiceSpec spec = service.getSpec() == null ? new ServiceSpec() : service.getSpec();
        projection.put("type", spec.getType());
        projection.put("externalTrafficPolicy", spec.getExternalTrafficPolicy());
        projection.put("selector", spec.getSelector() == null || spec.getSelector().isEmpty() ? null : spec.getSelector());
        projection.put("loadBalancerClass", spec.getLoadBalancerClass());
        projection.put("allocateLoadBalancerNodePorts", spec.getAllocateLoadBalancerNodePorts());
        List<List<Object>> ports = new ArrayList<>();
        for (ServicePort port : spec.getPorts() == null ? List.<ServicePort>of() : spec.getPorts()) {
            ports.add(Arrays.asList(port.getName(), port.getPort(), port.getProtocol(),
                    port.getTargetPort() == null ? null : String.valueOf(port.getTargetPort().getValue())));
        }
        projection.put("ports", ports);
        return projection;
    }

    @Override
    public Service merge(Service live, Service desired) {
        Map<String, String> labels = new LinkedHashMap<>(orEmpty(live.getMetadata().getLabels()));
        labels.putAll(desired.getMetadata().getLabels());
        Map<String, String> annotations = new LinkedHashMap<>(orEmpty(live.getMetadata().getAnnotations()));
        Map<String, String> wanted = orEmpty(desired.getMetadata().getAnnotations());
        for (String key : MANAGED_ANNOTATIONS) {
            if (wanted.containsKey(key)) {
                annotations.put(key, wanted.get(key));
            } else {
                annotations.remove(key);
            }
        }
        ServiceSpec want = desired.getSpec();
        return new ServiceBuilder(live)
                .editMetadata().withLabels(labels).withAnnotations(annotations).endMetadata()
                .editOrNewSpec()
                .withType(want.getType())
                .withExternalTrafficPolicy(want.getExternalTrafficPolicy())
                .withSelector(want.getSelector())
                .withLoadBalancerClass(want.getLoadBalancerClass())
                .withAllocateLoadBalancerNodePorts(want.getAllocateLoadBalancerNodePorts())
                .withPorts(want.getPorts())
                .endSpec()
                .build();
    }

    @Override
    public Service create(Service service) {
        return client.services().resource(inManaged(service)).create();
    }

    @Override
    public Service update(Service service) {
        return client.services().resource(inManaged(service)).update();
    }

    @Override
    public void delete(Service service) {
        client.services().inNamespace(inManaged(service).getMetadata().getNamespace())
                .withName(service.getMetadata().getName()).delete();
    }

    @Override
    public List<Service> list() {
        if (namespaces.everyNamespace()) {
            return client.services().inAnyNamespace()
                    .withLabel(Ownership.MANAGED_BY, Ownership.MANAGED_BY_VALUE)
                    .list().getItems();
        }
        List<Service> services = new ArrayList<>();
        for (String namespace : namespaces.names()) {
            services.addAll(client.services().inNamespace(namespace)
                    .withLabel(Ownership.MANAGED_BY, Ownership.MANAGED_BY_VALUE)
                    .list().getItems());
        }
        return services;
    }

    /** Backends plan Services only where they may; this guards the agent's RBAC promise against a bug. */
    private Service inManaged(Service service) {
        String namespace = service.getMetadata().getNamespace();
        if (!namespaces.manages(namespace)) {
            throw new KubernetesClientException("Service " + namespace + "/" + service.getMetadata().getName()
                    + " is outside the managed namespaces (" + ManagedNamespaces.FLAG + ": " + namespaces + ")");
        }
        return service;
    }

    @Override
    public Service get(ObjectKey key) {
        if (!namespaces.manages(key.namespace())) {
            return null;
        }
        return client.services().inNamespace(key.namespace()).withName(key.name()).get();
    }

    private static Map<String, String> orEmpty(Map<String, String> map) {
        return map == null ? Map.of() : map;
    }
}
