package io.egressfed.hub.validate;

import io.egressfed.api.v1alpha1.Allocation;
import io.egressfed.api.v1alpha1.EgressIPRequest;
import io.egressfed.api.v1alpha1.EgressIntent;
import io.egressfed.api.v1alpha1.EgressIntentSpec;
import io.egressfed.api.v1alpha1.MemberCluster;
import io.egressfed.api.v1alpha1.PlacementMode;
import io.egressfed.hub.net.AddressFormatException;
import io.egressfed.hub.net.IpAddress;
import io.egressfed.hub.net.Selector;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** The rules of one intent, against the stored pools, clusters, intents and allocations. */
final class IntentRules {
    private IntentRules() {
    }

    static void check(EgressIntent intent, World world, Errors errors) {
        MetadataRules.check(intent.getMetadata(), errors);
        MetadataRules.checkSize(intent, errors);
        EgressIntentSpec spec = intent.getSpec();
        if (!spec.hasWorkloads()) {
            errors.add("spec.workloads", "required; {} selects every pod in every namespace");
        }
        SelectorRules.check(spec.getWorkloads().getNamespaceSelector(), "spec.workloads.namespaceSelector", errors);
        SelectorRules.check(spec.getWorkloads().getPodSelector(), "spec.workloads.podSelector", errors);
        Optional<PoolShape> pool = checkPool(spec.getEgressIp(), world, errors);
        DestinationRules.check(spec.getDestinations(), pool, errors);
        Optional<Selector> clusters = PlacementRules.check(spec.getPlacement(), pool, world, errors);
        checkPinnedAddress(intent, pool, world, errors);
        clusters.ifPresent(selector -> checkBackends(spec, selector, world, errors));
    }

    /** Returns the shape of the named pool when it exists and parses. */
    private static Optional<PoolShape> checkPool(EgressIPRequest request, World world, Errors errors) {
        if (request.getPool().isEmpty()) {
            errors.add("spec.egressIP.pool", "required");
            return Optional.empty();
        }
        if (world.pool(request.getPool()).isEmpty()) {
            errors.add("spec.egressIP.pool", "pool \"" + request.getPool() + "\" does not exist");
            return Optional.empty();
        }
        return world.pool(request.getPool()).flatMap(PoolShape::of);
    }

    private static void checkPinnedAddress(EgressIntent intent, Optional<PoolShape> pool, World world, Errors errors) {
        String text = intent.getSpec().getEgressIp().getAddress();
        if (text.isEmpty()) {
            return;
        }
        String field = "spec.egressIP.address";
        IpAddress address;
        try {
            address = IpAddress.parse(text);
        } catch (AddressFormatException invalid) {
            errors.add(field, invalid.getMessage());
            return;
        }
        if (intent.getSpec().getPlacement().getMode() == PlacementMode.PLACEMENT_MODE_PER_CLUSTER) {
            errors.add(field, "a pinned address needs placement mode ActivePassive; PerCluster gives each cluster"
                    + " its own address");
        }
        pool.flatMap(shape -> outsidePool(address, shape)).ifPresent(reason -> errors.add(field, reason));
        String name = intent.getMetadata().getName();
        for (Allocation allocation : world.allocations()) {
            if (!allocation.getIntent().equals(name) && sameAddress(allocation.getIp(), address)) {
                errors.add(field, address + " is already allocated to intent \"" + allocation.getIntent() + "\"");
            }
        }
        for (EgressIntent other : world.intents().values()) {
            IntentView view = IntentView.of(other);
            if (!view.name().equals(name) && view.pinnedAddress().filter(address::equals).isPresent()) {
                errors.add(field, address + " is already pinned by intent \"" + view.name() + "\"");
            }
        }
    }

    private static Optional<String> outsidePool(IpAddress address, PoolShape pool) {
        if (address.family() != pool.family()) {
            return Optional.of(address.family() + " address " + address + " in " + pool.family() + " "
                    + pool.describe());
        }
        if (!pool.withinCidrs(address)) {
            return Optional.of(address + " is outside " + pool.describe());
        }
        OptionalInt excluded = pool.excludeIndexOf(address);
        if (excluded.isPresent()) {
            return Optional.of(address + " is excluded from pool \"" + pool.name() + "\" by its spec.exclude["
                    + excluded.getAsInt() + "] (" + pool.exclude().get(excluded.getAsInt()) + ")");
        }
        return Optional.empty();
    }

    private static boolean sameAddress(String stored, IpAddress address) {
        try {
            return IpAddress.parse(stored).equals(address);
        } catch (AddressFormatException invalid) {
            return false;
        }
    }

    /** Reports each backend limit once, naming every selected cluster that hits it. */
    private static void checkBackends(EgressIntentSpec spec, Selector selector, World world, Errors errors) {
        Map<BackendLimits.Limit, List<String>> clustersByLimit = new LinkedHashMap<>();
        for (MemberCluster cluster : world.clusters().values()) {
            if (!selector.matches(cluster.getMetadata().getLabelsMap())) {
                continue;
            }
            for (BackendLimits.Limit limit : BackendLimits.of(spec, cluster.getSpec().getBackend())) {
                clustersByLimit.computeIfAbsent(limit, l -> new ArrayList<>())
                        .add("\"" + cluster.getMetadata().getName() + "\" (" + EnumNames.of(cluster.getSpec().getBackend()) + ")");
            }
        }
        clustersByLimit.forEach((limit, clusters) -> errors.add(limit.field(), "cannot be expressed in "
                + (clusters.size() == 1 ? "cluster " : "clusters ") + String.join(", ", clusters) + ": " + limit.reason()));
    }
}
