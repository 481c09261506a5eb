package io.egressfed.hub.link;

import com.google.protobuf.util.Timestamps;
import io.egressfed.api.v1alpha1.ClusterInventory;
import io.egressfed.api.v1alpha1.GatewayInventory;
import io.egressfed.api.v1alpha1.HealthReport;
import io.egressfed.hub.state.ResourceService;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores a cluster's gateway inventory (which gateway node carries which pool addresses) when its
 * agent reports a different one, so that IPAM hands a cilium cluster only addresses its gateways
 * carry. Health reports arrive every few seconds; the store is written only on change.
 */
public final class InventoryRecorder implements LiveStatusListener {

    private static final Logger LOG = LoggerFactory.getLogger(InventoryRecorder.class);

    private final ResourceService resources;
    private final Clock clock;

    /**
     * Creates the recorder; register it with {@link LiveStatusRegistry#addListener}.
     *
     * @param resources where inventories are stored
     * @param clock time of the report
     */
    public InventoryRecorder(ResourceService resources, Clock clock) {
        this.resources = Objects.requireNonNull(resources, "resources");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void onChange(LiveStatus previous, LiveStatus current) {
        Optional<List<GatewayInventory>> now = current.lastHealth().map(InventoryRecorder::sorted);
        if (now.isEmpty() || now.equals(previous.lastHealth().map(InventoryRecorder::sorted))) {
            return;
        }
        ClusterInventory inventory = ClusterInventory.newBuilder()
                .setCluster(current.cluster())
                .addAllGateways(now.get())
                .setReportedAt(Timestamps.fromMillis(clock.millis()))
                .build();
        resources.putInventory(inventory).whenComplete((stored, error) -> {
            if (error != null) {
                LOG.warn("could not store the gateway inventory of cluster {}: {}", current.cluster(), error.toString());
            } else {
                LOG.info("cluster {} reports {} gateway node(s) carrying {} address(es)", current.cluster(),
                        now.get().size(), now.get().stream().mapToInt(GatewayInventory::getAddressesCount).sum());
            }
        });
    }

    private static List<GatewayInventory> sorted(HealthReport report) {
        return report.getInventoryList().stream()
                .map(gateway -> gateway.toBuilder().clearAddresses()
                        .addAllAddresses(gateway.getAddressesList().stream().sorted().toList()).build())
                .sorted(Comparator.comparing(GatewayInventory::getNode))
                .toList();
    }
}
