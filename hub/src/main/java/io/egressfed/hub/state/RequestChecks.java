package io.egressfed.hub.state;

import io.egressfed.api.v1alpha1.ClusterInventory;
import io.egressfed.api.v1alpha1.GatewayInventory;
import io.egressfed.hub.net.AddressFormatException;
import io.egressfed.hub.net.IpAddress;
import io.egressfed.hub.net.K8sNames;
import io.egressfed.hub.validate.ValidationError;
import io.egressfed.hub.validate.ValidationException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/** Checks of request fields the validator does not own: resourceVersion preconditions and inventory reports. */
final class RequestChecks {

    static final String RESOURCE_VERSION = "metadata.resourceVersion";

    private RequestChecks() {
    }

    /**
     * Parses a resourceVersion precondition; empty text means none.
     *
     * @param errors where a malformed version is reported
     */
    static OptionalLong resourceVersion(String text, List<ValidationError> errors) {
        if (text.isEmpty()) {
            return OptionalLong.empty();
        }
        long version = parseOrNegative(text);
        if (version <= 0) {
            errors.add(new ValidationError(RESOURCE_VERSION, "\"" + text
                    + "\" is not a resourceVersion; send the value last read from the hub, or none"));
            return OptionalLong.empty();
        }
        return OptionalLong.of(version);
    }

    /** Checks and canonicalizes an inventory report. */
    static ClusterInventory canonicalInventory(ClusterInventory inventory) {
        List<ValidationError> errors = new ArrayList<>();
        K8sNames.dnsLabelProblem(inventory.getCluster()).ifPresent(reason -> errors.add(new ValidationError("cluster", reason)));
        ClusterInventory.Builder canonical = inventory.toBuilder().clearGateways();
        for (int i = 0; i < inventory.getGatewaysCount(); i++) {
            GatewayInventory gateway = inventory.getGateways(i);
            String field = "gateways[" + i + "]";
            if (gateway.getNode().isEmpty()) {
                errors.add(new ValidationError(field + ".node", "required"));
            }
            GatewayInventory.Builder node = gateway.toBuilder().clearAddresses();
            for (int j = 0; j < gateway.getAddressesCount(); j++) {
                try {
                    node.addAddresses(IpAddress.parse(gateway.getAddresses(j)).toString());
                } catch (AddressFormatException invalid) {
                    errors.add(new ValidationError(field + ".addresses[" + j + "]", invalid.getMessage()));
                }
            }
            canonical.addGateways(node);
        }
        if (!errors.isEmpty()) {
            throw ValidationException.invalid("ClusterInventory", inventory.getCluster(), errors);
        }
        return canonical.build();
    }

    private static long parseOrNegative(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException notANumber) {
            return -1;
        }
    }
}
