package io.egressfed.hub.validate;

import io.egressfed.api.v1alpha1.EgressIntent;
import io.egressfed.api.v1alpha1.MemberCluster;
import io.egressfed.api.v1alpha1.PlacementMode;
import io.egressfed.hub.net.AddressFormatException;
import io.egressfed.hub.net.Cidr;
import io.egressfed.hub.net.IpAddress;
import io.egressfed.hub.net.IpFamily;
import io.egressfed.hub.net.Selector;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * A stored intent as the pool and cluster rules see it. Parsing is lenient: a part that does not
 * parse (which validation on write prevents) simply takes part in no cross-object rule.
 */
record IntentView(EgressIntent intent, Optional<Selector> placementSelector) {

    static IntentView of(EgressIntent intent) {
        return new IntentView(intent, SelectorRules.lenient(intent.getSpec().getPlacement().getClusterSelector()));
    }

    String name() {
        return intent.getMetadata().getName();
    }

    String poolName() {
        return intent.getSpec().getEgressIp().getPool();
    }

    boolean isActivePassive() {
        return intent.getSpec().getPlacement().getMode() == PlacementMode.PLACEMENT_MODE_ACTIVE_PASSIVE;
    }

    /** Returns true when the placement clusterSelector selects the cluster. */
    boolean selects(MemberCluster cluster) {
        return SelectorRules.matches(placementSelector, cluster);
    }

    boolean prefers(String clusterName) {
        return intent.getSpec().getPlacement().getPreferenceList().contains(clusterName);
    }

    Optional<IpAddress> pinnedAddress() {
        String address = intent.getSpec().getEgressIp().getAddress();
        if (address.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(IpAddress.parse(address));
        } catch (AddressFormatException invalid) {
            return Optional.empty();
        }
    }

    Set<IpFamily> destinationFamilies() {
        Set<IpFamily> families = EnumSet.noneOf(IpFamily.class);
        for (String cidr : intent.getSpec().getDestinations().getCidrsList()) {
            try {
                families.add(Cidr.parse(cidr).family());
            } catch (AddressFormatException invalid) {
                // Unparsable destinations have no family to conflict with.
                continue;
            }
        }
        return families;
    }
}
