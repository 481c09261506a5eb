package io.egressfed.hub.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeysTest {

    private final Keys keys = Keys.defaults();

    @Test
    void layoutFollowsTheDesign() {
        assertThat(keys.pool("corp")).isEqualTo("/egressfed/v1alpha1/pools/corp");
        assertThat(keys.cluster("eu-1")).isEqualTo("/egressfed/v1alpha1/clusters/eu-1");
        assertThat(keys.intent("payments")).isEqualTo("/egressfed/v1alpha1/intents/payments");
        assertThat(keys.alloc("192.0.2.10")).isEqualTo("/egressfed/v1alpha1/alloc/192.0.2.10");
        assertThat(keys.placement("payments")).isEqualTo("/egressfed/v1alpha1/placement/payments");
        assertThat(keys.config("eu-1")).isEqualTo("/egressfed/v1alpha1/configs/eu-1");
        assertThat(keys.configFloor("eu-1")).isEqualTo("/egressfed/v1alpha1/config-floors/eu-1");
        assertThat(keys.token("abc")).isEqualTo("/egressfed/v1alpha1/tokens/abc");
        assertThat(keys.audit(42)).isEqualTo("/egressfed/v1alpha1/audit/00000000000000000042");
    }

    @Test
    void noCollectionListsTheKeysOfAnother() {
        List<String> collections = List.of(keys.pools(), keys.clusters(), keys.intents(), keys.allocs(),
                keys.placements(), keys.configs(), keys.configFloors(), keys.tokens(), keys.adminTokens(),
                keys.audits(), keys.auditByIp(), keys.auditByResource(), keys.inventories(), keys.leaders(),
                keys.guards());

        assertThat(collections).doesNotHaveDuplicates();
        for (String prefix : collections) {
            assertThat(collections).filteredOn(other -> !other.equals(prefix))
                    .as("collections listed or watched by the prefix %s", prefix)
                    .noneMatch(other -> other.startsWith(prefix));
        }
        assertThat(keys.configFloor("eu-1")).doesNotStartWith(keys.configs());
    }

    @Test
    void oneAddressHasOneKeyWhateverItsSpelling() throws Exception {
        String canonical = "/egressfed/v1alpha1/alloc/2001:db8::1";

        assertThat(keys.alloc("2001:DB8:0:0:0:0:0:1")).isEqualTo(canonical);
        assertThat(keys.alloc("2001:0db8::0001")).isEqualTo(canonical);
        assertThat(keys.alloc(InetAddress.getByName("2001:db8::1"))).isEqualTo(canonical);
        assertThat(keys.alloc("::ffff:192.0.2.1")).isEqualTo(keys.alloc("192.0.2.1"));
    }

    @Test
    void nonAddressesAreRefused() throws Exception {
        assertThatThrownBy(() -> keys.alloc("example.com")).hasMessageContaining("ip: 'example.com' is not");
        assertThatThrownBy(() -> keys.alloc("10.0.0.0/24")).hasMessageContaining("ip: '10.0.0.0/24'");
        assertThatThrownBy(() -> keys.alloc("fe80::1%eth0")).hasMessageContaining("ip: 'fe80::1%eth0'");
        assertThatThrownBy(() -> keys.alloc("010.0.0.1")).hasMessageContaining("ip: '010.0.0.1'");
        assertThatThrownBy(() -> keys.alloc(InetAddress.getByName("fe80::1%1"))).hasMessageContaining("has a zone");
    }

    @Test
    void namesCannotEscapeTheirCollection() {
        assertThatThrownBy(() -> keys.pool("a/b")).hasMessageStartingWith("pool name: must not contain '/'");
        assertThatThrownBy(() -> keys.intent("")).hasMessage("intent name: must not be empty");
        assertThatThrownBy(() -> keys.token("a b")).hasMessageStartingWith("token id:");
        assertThatThrownBy(() -> keys.audit(-1)).hasMessage("audit seq: must be >= 0, got -1");
    }

    @Test
    void auditKeysSortNumerically() {
        assertThat(keys.audit(9)).isLessThan(keys.audit(10));
        assertThat(keys.audit(Long.MAX_VALUE)).endsWith("/audit/09223372036854775807");
    }

    @Test
    void rootIsConfigurableForIsolation() {
        Keys isolated = new Keys("/test-42/");

        assertThat(isolated.pools()).isEqualTo("/test-42/pools/");
        assertThat(isolated.pool("corp")).startsWith(isolated.root());
        assertThatThrownBy(() -> new Keys("no-slashes")).hasMessageStartingWith("key root:");
        assertThatThrownBy(() -> new Keys("/")).hasMessageStartingWith("key root:");
    }

    @Test
    void nameInExtractsTheItemName() {
        assertThat(Keys.nameIn(keys.allocs(), keys.alloc("2001:db8::7"))).isEqualTo("2001:db8::7");
        assertThatThrownBy(() -> Keys.nameIn(keys.pools(), keys.intent("x")))
                .hasMessageContaining("is not an item of '/egressfed/v1alpha1/pools/'");
        assertThatThrownBy(() -> Keys.nameIn(keys.root(), keys.pool("x")))
                .hasMessageContaining("is not an item of");
    }
}
