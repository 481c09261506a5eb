package io.egressfed.hub.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

class IpSetTest {

    private static IpSet cidrs(String... texts) {
        return IpSet.ofCidrs(Stream.of(texts).map(Cidr::parseAddressOrCidr).toList());
    }

    private static List<String> firstAddresses(IpSet set, int count) {
        return StreamSupport.stream(set.spliterator(), false).limit(count).map(IpAddress::toString).toList();
    }

    @Test
    void poolSizeIsCidrsMinusExclude() {
        IpSet pool = cidrs("198.51.100.0/27").minus(cidrs("198.51.100.0", "198.51.100.31"));

        assertThat(pool.size()).isEqualTo(BigInteger.valueOf(30));
        assertThat(pool.contains(IpAddress.parse("198.51.100.0"))).isFalse();
        assertThat(pool.contains(IpAddress.parse("198.51.100.1"))).isTrue();
        assertThat(pool.ranges()).hasToString("[198.51.100.1-198.51.100.30]");
    }

    @Test
    void excludesInTheMiddleSplitRangesAndOverlappingExcludesCountOnce() {
        IpSet pool = cidrs("198.51.100.0/24", "203.0.113.0/28")
                .minus(cidrs("198.51.100.64/26", "198.51.100.96/27", "198.51.100.255", "203.0.113.0/28"));

        assertThat(pool.size()).isEqualTo(BigInteger.valueOf(256 - 64 - 1));
        assertThat(pool).hasToString("[198.51.100.0-198.51.100.63, 198.51.100.128-198.51.100.254]");
    }

    @Test
    void excludingEverythingLeavesAnEmptySet() {
        IpSet pool = cidrs("198.51.100.0/30").minus(cidrs("198.51.100.0/31", "198.51.100.2/31"));

        assertThat(pool.isEmpty()).isTrue();
        assertThat(pool.size()).isZero();
        assertThat(pool.lowest()).isEmpty();
        assertThat(pool.iterator().hasNext()).isFalse();
    }

    @Test
    void mergesOverlappingAndAdjacentPrefixes() {
        IpSet merged = cidrs("198.51.100.0/25", "198.51.100.128/25", "198.51.100.64/26");

        assertThat(merged.ranges()).hasSize(1);
        assertThat(merged.containsAll(Cidr.parse("198.51.100.0/24"))).isTrue();
        assertThat(merged.size()).isEqualTo(BigInteger.valueOf(256));
    }

    @Test
    void iteratesLowestFirstAcrossRanges() {
        IpSet pool = cidrs("198.51.100.8/30", "198.51.100.0/31").minus(cidrs("198.51.100.9"));

        assertThat(firstAddresses(pool, 10))
                .containsExactly("198.51.100.0", "198.51.100.1", "198.51.100.8", "198.51.100.10", "198.51.100.11");
    }

    @Test
    void handlesAHugeIpv6PoolWithoutMaterializingIt() {
        IpSet pool = cidrs("2001:db8::/64").minus(cidrs("2001:db8::/120"));
        List<IpAddress> taken = new ArrayList<>();
        IpAddress next = IpAddress.parse("2001:db8::100");
        for (int i = 0; i < 1000; i++) {
            taken.add(next);
            next = next.next();
        }

        assertThat(pool.size()).isEqualTo(BigInteger.ONE.shiftLeft(64).subtract(BigInteger.valueOf(256)));
        assertThat(firstAddresses(pool, 3)).containsExactly("2001:db8::100", "2001:db8::101", "2001:db8::102");
        assertThat(pool.lowestNotIn(taken)).hasValue(IpAddress.parse("2001:db8::4e8"));
        assertThat(pool.contains(IpAddress.parse("2001:db8::ffff:ffff:ffff:ffff"))).isTrue();
        assertThat(pool.contains(IpAddress.parse("2001:db8:0:1::"))).isFalse();
    }

    @Test
    void lowestNotInSkipsHolesAndIgnoresOtherFamilies() {
        IpSet pool = cidrs("198.51.100.0/29");

        assertThat(pool.lowestNotIn(List.of(IpAddress.parse("198.51.100.0"), IpAddress.parse("198.51.100.2"))))
                .hasValue(IpAddress.parse("198.51.100.1"));
        assertThat(pool.lowestNotIn(Set.of(IpAddress.parse("::1")))).hasValue(IpAddress.parse("198.51.100.0"));
        List<IpAddress> all = new ArrayList<>();
        pool.forEach(all::add);
        assertThat(pool.lowestNotIn(all)).isEmpty();
    }

    @Test
    void iteratesUpToTheLastAddressOfTheFamily() {
        IpSet top = cidrs("255.255.255.254/31");

        assertThat(firstAddresses(top, 5)).containsExactly("255.255.255.254", "255.255.255.255");
    }

    @Test
    void refusesToMixFamilies() {
        assertThatThrownBy(() -> cidrs("198.51.100.0/24", "2001:db8::/64"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot mix IPv4 and IPv6");
        assertThat(cidrs("2001:db8::/64").minus(cidrs("198.51.100.0/24"))).isEqualTo(cidrs("2001:db8::/64"));
    }
}
