package io.egressfed.e2e.lab.kubevip;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VipElectionTest {

    private static final List<String> NODES = List.of("n-0", "n-1", "n-2", "n-3");

    @Test
    void theElectedNodeDoesNotDependOnCandidateOrder() {
        for (int i = 0; i < 20; i++) {
            String service = "egress/svc-" + i;
            List<String> reversed = new ArrayList<>(NODES);
            Collections.reverse(reversed);
            assertThat(VipElection.elect(service, null, reversed)).isEqualTo(VipElection.elect(service, null, NODES));
        }
    }

    @Test
    void aHolderThatIsStillACandidateKeepsTheVip() {
        String service = "egress/sticky";
        String elected = VipElection.elect(service, null, NODES).orElseThrow();
        String other = NODES.stream().filter(n -> !n.equals(elected)).findFirst().orElseThrow();

        assertThat(VipElection.elect(service, other, NODES)).contains(other);
    }

    @Test
    void losingANodeMovesOnlyTheServicesItHeldAndSpreadsThem() {
        Map<String, String> before = new HashMap<>();
        for (int i = 0; i < 40; i++) {
            before.put("egress/svc-" + i, VipElection.elect("egress/svc-" + i, null, NODES).orElseThrow());
        }
        assertThat(before.values()).containsAll(NODES);

        List<String> survivors = NODES.subList(1, NODES.size());
        before.forEach((service, holder) -> {
            String after = VipElection.elect(service, holder, survivors).orElseThrow();
            if (holder.equals("n-0")) {
                assertThat(after).isIn(survivors);
            } else {
                assertThat(after).isEqualTo(holder);
            }
        });
    }

    @Test
    void noCandidateMeansNoHolder() {
        assertThat(VipElection.elect("egress/none", "n-0", List.of())).isEqualTo(Optional.empty());
    }
}
