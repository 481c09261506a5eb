package io.egressfed.e2e.lab.kubevip;

import io.egressfed.e2e.lab.cluster.Nodes;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.LoadBalancerIngressBuilder;
import io.fabric8.kubernetes.api.model.LoadBalancerStatus;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A kube-vip simulator for one simulated cluster (it is not kube-vip: it announces nothing on any
 * network). It watches LoadBalancer Services that carry {@value #LOADBALANCER_IPS} and Services marked
 * {@value #EGRESS}, elects a node per Service ({@link VipElection}) and writes back what kube-vip
 * writes: {@value #VIP_HOST}, {@value #ACTIVE_ENDPOINT} (egress Services with a selector: the one pod
 * kube-vip SNATs) and {@code status.loadBalancer.ingress}.
 *
 * <p>Like kube-vip with service election, a Service with {@code externalTrafficPolicy: Local} and a
 * selector is only held by a node that runs one of its Ready pods (its endpoints are derived from the
 * pods, as the endpoints controller would). When the holder stops being Ready or disappears, the
 * Service is re-elected at once; real kube-vip waits for its lease to lapse (15 s by default). With
 * no candidate left the VIP is released.
 *
 * <p>So that agents detect kube-vip as they would in a real cluster, the simulator creates a DaemonSet
 * {@value #DAEMON_SET} in {@value #NAMESPACE} (no pod of it ever runs) when none exists.
 */
public final class KubeVipSimulator implements AutoCloseable {

    /** Marks an egress Service. */
    public static final String EGRESS = "kube-vip.io/egress";
    /** The addresses (comma-separated) the Service's VIP carries. */
    public static final String LOADBALANCER_IPS = "kube-vip.io/loadbalancerIPs";
    /** Written back: the node that holds the VIP. */
    public static final String VIP_HOST = "kube-vip.io/vipHost";
    /** Written back for egress Services: the IP of the one pod whose traffic is SNATed. */
    public static final String ACTIVE_ENDPOINT = "kube-vip.io/active-endpoint";

    /** Where kube-vip conventionally runs. */
    public static final String NAMESPACE = "kube-system";
    /** The DaemonSet that marks kube-vip as installed. */
    public static final String DAEMON_SET = "kube-vip-ds";

    private static final Logger LOG = LoggerFactory.getLogger(KubeVipSimulator.class);
    private static final long RETRY_MILLIS = 200;

    private final KubernetesClient client;
    private final Map<String, String> kubeVipNodeSelector;
    private final ScheduledExecutorService worker;
    private final AtomicBoolean pending = new AtomicBoolean();
    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
    private SharedIndexInformer<Service> services;
    private SharedIndexInformer<Node> nodes;
    private SharedIndexInformer<Pod> pods;

    private KubeVipSimulator(KubernetesClient client, Map<String, String> kubeVipNodeSelector, String name) {
        this.client = client;
        this.kubeVipNodeSelector = Map.copyOf(kubeVipNodeSelector);
        this.worker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "kube-vip-simulator-" + name);
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Starts the simulator; returns once its caches are filled and a first pass is scheduled.
     *
     * @param client              a client of the simulated cluster
     * @param kubeVipNodeSelector the labels of the nodes kube-vip runs on (its DaemonSet's node selector);
     *                            empty for every node
     * @param name                names the simulator's thread, e.g. the cluster name
     */
    public static KubeVipSimulator start(KubernetesClient client, Map<String, String> kubeVipNodeSelector,
            String name) {
        KubeVipSimulator simulator = new KubeVipSimulator(Objects.requireNonNull(client, "client"),
                kubeVipNodeSelector, name);
        try {
            simulator.announceInstalled();
            simulator.nodes = simulator.inform(client.nodes().inform(simulator.trigger()));
            simulator.pods = simulator.inform(client.pods().inAnyNamespace().inform(simulator.trigger()));
            simulator.services = simulator.inform(client.services().inAnyNamespace().inform(simulator.trigger()));
        } catch (RuntimeException failure) {
            simulator.close();
            throw failure;
        }
        simulator.schedule(0);
        return simulator;
    }

    /** Stops watching; written annotations stay. */
    @Override
    public void close() {
        informers.forEach(SharedIndexInformer::close);
        worker.shutdownNow();
    }

    private void announceInstalled() {
        if (client.apps().daemonSets().inNamespace(NAMESPACE).withName(DAEMON_SET).get() != null) {
            return;
        }
        Map<String, String> labels = Map.of("app.kubernetes.io/name", "kube-vip");
        client.apps().daemonSets().inNamespace(NAMESPACE).resource(new DaemonSetBuilder()
                .withNewMetadata().withName(DAEMON_SET).withNamespace(NAMESPACE).withLabels(labels)
                .withAnnotations(Map.of("egressfed.io/lab", "simulated kube-vip: no pod of this DaemonSet runs"))
                .endMetadata()
                .withNewSpec()
                .withNewSelector().withMatchLabels(labels).endSelector()
                .withNewTemplate()
                .withNewMetadata().withLabels(labels).endMetadata()
                .withNewSpec().withNodeSelector(kubeVipNodeSelector.isEmpty() ? null : kubeVipNodeSelector)
                .addNewContainer().withName("kube-vip").withImage("ghcr.io/kube-vip/kube-vip").endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build()).create();
    }

    private <T> SharedIndexInformer<T> inform(SharedIndexInformer<T> informer) {
        informers.add(informer);
        return informer;
    }

    private <T> ResourceEventHandler<T> trigger() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T object) {
                schedule(0);
            }

            @Override
            public void onUpdate(T before, T after) {
                schedule(0);
            }

            @Override
            public void onDelete(T object, boolean finalStateUnknown) {
                schedule(0);
            }
        };
    }

    /** Coalesces bursts of events into one pass. */
    private void schedule(long delayMillis) {
        if (pending.compareAndSet(false, true) && !worker.isShutdown()) {
            worker.schedule(this::reconcileAll, delayMillis, TimeUnit.MILLISECONDS);
        }
    }

    private void reconcileAll() {
        pending.set(false);
        if (services == null) {
            return;
        }
        boolean retry = false;
        for (Service service : services.getStore().list()) {
            try {
                reconcile(service);
            } catch (KubernetesClientException failure) {
                if (failure.getCode() != 404) {
                    LOG.warn("simulated kube-vip could not update service {}/{}: {}",
                            service.getMetadata().getNamespace(), service.getMetadata().getName(),
                            failure.getMessage());
                    retry = true;
                }
            }
        }
        if (retry) {
            schedule(RETRY_MILLIS);
        }
    }

    private void reconcile(Service service) {
        Map<String, String> annotations = Optional.ofNullable(service.getMetadata().getAnnotations()).orElse(Map.of());
        List<String> addresses = addresses(service, annotations);
        boolean egress = "true".equals(annotations.get(EGRESS));
        boolean loadBalancer = "LoadBalancer".equals(service.getSpec().getType());
        if (addresses.isEmpty() || !(egress || loadBalancer)) {
            return;
        }
        String namespace = service.getMetadata().getNamespace();
        String key = namespace + "/" + service.getMetadata().getName();
        Map<String, String> selector = service.getSpec().getSelector();
        boolean hasSelector = selector != null && !selector.isEmpty();
        List<String> eligible = nodes.getStore().list().stream()
                .filter(Nodes::isReady)
                .filter(node -> kubeVipNodeSelector.isEmpty() || Nodes.matches(
                        new LabelSelectorBuilder().withMatchLabels(kubeVipNodeSelector).build(),
                        node.getMetadata().getLabels()))
                .map(node -> node.getMetadata().getName())
                .toList();
        List<Pod> endpoints = hasSelector ? endpoints(namespace, selector) : List.of();
        boolean localOnly = hasSelector && "Local".equals(service.getSpec().getExternalTrafficPolicy());
        List<String> candidates = localOnly
                ? endpoints.stream().map(pod -> pod.getSpec().getNodeName()).filter(eligible::contains).distinct()
                        .toList()
                : eligible;
        Optional<String> host = VipElection.elect(key, annotations.get(VIP_HOST), candidates);
        Optional<String> activeEndpoint = egress && hasSelector ? host.flatMap(holder -> endpoints.stream()
                .filter(pod -> !localOnly || holder.equals(pod.getSpec().getNodeName()))
                .map(pod -> pod.getStatus().getPodIP())
                .filter(Objects::nonNull)
                .findFirst()) : Optional.empty();
        writeAnnotations(service, annotations, host, activeEndpoint);
        writeIngress(service, host.isPresent() ? addresses : List.of());
    }

    /** Ready, running pods of the Service, by name. */
    private List<Pod> endpoints(String namespace, Map<String, String> selector) {
        return pods.getStore().list().stream()
                .filter(pod -> namespace.equals(pod.getMetadata().getNamespace()))
                .filter(pod -> Nodes.matches(new LabelSelectorBuilder().withMatchLabels(selector).build(),
                        pod.getMetadata().getLabels()))
                .filter(pod -> pod.getStatus() != null && "Running".equals(pod.getStatus().getPhase()))
                .filter(pod -> pod.getSpec().getNodeName() != null)
                .sorted(Comparator.comparing(pod -> pod.getMetadata().getName()))
                .toList();
    }

    private static List<String> addresses(Service service, Map<String, String> annotations) {
        String listed = annotations.get(LOADBALANCER_IPS);
        if (listed != null && !listed.isBlank()) {
            return List.of(listed.split(",")).stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
        }
        String legacy = service.getSpec().getLoadBalancerIP();
        return legacy == null || legacy.isBlank() ? List.of() : List.of(legacy);
    }

    private void writeAnnotations(Service service, Map<String, String> current, Optional<String> host,
            Optional<String> activeEndpoint) {
        Map<String, String> wanted = new HashMap<>(current);
        host.ifPresentOrElse(h -> wanted.put(VIP_HOST, h), () -> wanted.remove(VIP_HOST));
        activeEndpoint.ifPresentOrElse(e -> wanted.put(ACTIVE_ENDPOINT, e), () -> wanted.remove(ACTIVE_ENDPOINT));
        if (wanted.equals(current)) {
            return;
        }
        LOG.debug("simulated kube-vip: {}/{} held by {}", service.getMetadata().getNamespace(),
                service.getMetadata().getName(), host.orElse("no node"));
        client.services().inNamespace(service.getMetadata().getNamespace()).withName(service.getMetadata().getName())
                .edit(latest -> {
                    Map<String, String> annotations = new HashMap<>(Optional.ofNullable(
                            latest.getMetadata().getAnnotations()).orElse(Map.of()));
                    host.ifPresentOrElse(h -> annotations.put(VIP_HOST, h), () -> annotations.remove(VIP_HOST));
                    activeEndpoint.ifPresentOrElse(e -> annotations.put(ACTIVE_ENDPOINT, e),
                            () -> annotations.remove(ACTIVE_ENDPOINT));
                    latest.getMetadata().setAnnotations(annotations);
                    return latest;
                });
    }

    private void writeIngress(Service service, List<String> addresses) {
        List<String> current = Optional.ofNullable(service.getStatus())
                .map(status -> status.getLoadBalancer())
                .map(LoadBalancerStatus::getIngress)
                .orElse(List.of())
                .stream().map(LoadBalancerIngress::getIp).toList();
        if (current.equals(addresses)) {
            return;
        }
        List<LoadBalancerIngress> ingress = addresses.stream()
                .map(ip -> new LoadBalancerIngressBuilder().withIp(ip).build())
                .toList();
        client.services().inNamespace(service.getMetadata().getNamespace()).withName(service.getMetadata().getName())
                .editStatus(latest -> {
                    latest.setStatus(new ServiceStatusBuilder()
                            .withNewLoadBalancer().withIngress(ingress).endLoadBalancer().build());
                    return latest;
                });
    }
}
