package io.egressfed.agent.backend.cilium;

import io.egressfed.agent.backend.EffectiveAssignment;
import io.egressfed.agent.backend.EgressBackend;
import io.egressfed.api.v1alpha1.GatewaySpec;
import java.util.List;
import java.util.Map;

/**
 * A backend whose traffic steering is a CiliumEgressGatewayPolicy per assignment: it cannot run
 * without that CRD, and it refuses the assignments such a policy cannot express.
 */
public abstract class GatewayPolicyBackend implements EgressBackend {

    @Override
    public final boolean requiresCilium() {
        return true;
    }

    @Override
    public final Map<String, String> admit(GatewaySpec gateway, List<EffectiveAssignment> assignments) {
        return EgressGatewayPolicies.inexpressible(assignments);
    }
}
