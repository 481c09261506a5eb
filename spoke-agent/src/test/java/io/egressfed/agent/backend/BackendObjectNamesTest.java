package io.egressfed.agent.backend;

import static org.assertj.core.api.Assertions.assertThat;

import io.egressfed.agent.backend.cilium.EgressGatewayPolicies;
import io.egressfed.agent.backend.kubevip.KubeVipServices;
import org.junit.jupiter.api.Test;

/** Object names derive from intent names and stay valid DNS names. */
class BackendObjectNamesTest {

    private static final String LONGEST_INTENT = "a".repeat(62) + "b";

    @Test
    void prefixesShortIntents() {
        assertThat(EgressGatewayPolicies.name("pay")).isEqualTo("egressfed-pay");
        assertThat(KubeVipServices.egressName("pay")).isEqualTo("egressfed-pay");
        assertThat(KubeVipServices.vipName("pay")).isEqualTo("egressfed-vip-pay");
    }

    @Test
    void policiesFitTheLongestIntentWithoutHashing() {
        assertThat(EgressGatewayPolicies.name(LONGEST_INTENT)).isEqualTo("egressfed-" + LONGEST_INTENT);
    }

    @Test
    void serviceNamesOfLongIntentsAreHashedIntoADnsLabel() {
        String a = KubeVipServices.egressName(LONGEST_INTENT);
        String b = KubeVipServices.egressName("a".repeat(62) + "c");
        String vip = KubeVipServices.vipName("x".repeat(49) + "-" + "y".repeat(13));

        for (String name : new String[] {a, b, vip}) {
            assertThat(name).hasSizeLessThanOrEqualTo(63).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
        }
        assertThat(a).isNotEqualTo(b).startsWith("egressfed-aaaa");
        assertThat(KubeVipServices.egressName(LONGEST_INTENT)).as("deterministic").isEqualTo(a);
        assertThat(vip).doesNotContain("--");
    }
}
