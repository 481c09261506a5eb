package io.egressfed.hub.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CidrTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "198.51.100.0/27  | 198.51.100.0/27   | 32                                      | 198.51.100.0  | 198.51.100.31",
            "0.0.0.0/0        | 0.0.0.0/0         | 4294967296                              | 0.0.0.0       | 255.255.255.255",
            "198.51.100.7/32  | 198.51.100.7/32   | 1                                       | 198.51.100.7  | 198.51.100.7",
            "2001:DB8::/64    | 2001:db8::/64     | 18446744073709551616                    | 2001:db8::    | 2001:db8::ffff:ffff:ffff:ffff",
            "::/0             | ::/0              | 340282366920938463463374607431768211456 | ::            | ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
            "2001:db8::5/128  | 2001:db8::5/128   | 1                                       | 2001:db8::5   | 2001:db8::5",
            "::ffff:0.0.0.0/96| ::ffff:0.0.0.0/96 | 4294967296                              | ::ffff:0.0.0.0| ::ffff:255.255.255.255",
    })
    void parsesPrefixes(String text, String canonical, String size, String first, String last) {
        Cidr cidr = Cidr.parse(text);

        assertThat(cidr).hasToString(canonical);
        assertThat(cidr.size()).isEqualTo(new BigInteger(size));
        assertThat(cidr.first()).hasToString(first);
        assertThat(cidr.last()).hasToString(last);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "198.51.100.1/27   | host bits set; did you mean 198.51.100.0/27?",
            "2001:db8::1/64    | host bits set; did you mean 2001:db8::/64?",
            "10.0.0.0/8/8      | more than one '/'",
            "198.51.100.0      | missing \"/prefix-length\"",
            "198.51.100.0/     | prefix length \"\" is not a decimal number",
            "198.51.100.0/33   | prefix length 33 is above 32 for IPv4",
            "2001:db8::/129    | prefix length 129 is above 128 for IPv6",
            "198.51.100.0/024  | prefix length \"024\" has a leading zero",
            "198.51.100.0/-1   | prefix length \"-1\" is not a decimal number",
            "198.51.100.0/ 24  | is not a decimal number",
            "010.0.0.0/8       | octet \"010\" has a leading zero",
            "10.0.0.0/99999999999 | prefix length 99999999999 is above 32",
    })
    void rejectsMalformedPrefixesWithAReason(String text, String reason) {
        assertThatThrownBy(() -> Cidr.parse(text))
                .isInstanceOf(AddressFormatException.class)
                .hasMessageStartingWith("\"" + text + "\" is not a valid CIDR: ")
                .hasMessageContaining(reason);
    }

    @Test
    void readsABareAddressAsASingleAddressPrefixOnlyWhenAsked() {
        assertThat(Cidr.parseAddressOrCidr("198.51.100.0")).hasToString("198.51.100.0/32");
        assertThat(Cidr.parseAddressOrCidr("2001:db8::7")).hasToString("2001:db8::7/128");
        assertThat(Cidr.parseAddressOrCidr("198.51.100.0/30")).hasToString("198.51.100.0/30");
        assertThatThrownBy(() -> Cidr.parse("198.51.100.0")).isInstanceOf(AddressFormatException.class);
    }

    @Test
    void containsAddressesOfItsFamilyOnly() {
        Cidr pool = Cidr.parse("198.51.100.0/27");

        assertThat(pool.contains(IpAddress.parse("198.51.100.0"))).isTrue();
        assertThat(pool.contains(IpAddress.parse("198.51.100.31"))).isTrue();
        assertThat(pool.contains(IpAddress.parse("198.51.100.32"))).isFalse();
        assertThat(pool.contains(IpAddress.parse("::ffff:198.51.100.1"))).isFalse();
        assertThat(Cidr.parse("0.0.0.0/0").contains(IpAddress.parse("::1"))).isFalse();
    }

    @Test
    void nestsAndOverlaps() {
        Cidr wide = Cidr.parse("198.51.100.0/24");
        Cidr inner = Cidr.parse("198.51.100.128/25");
        Cidr neighbour = Cidr.parse("198.51.101.0/24");

        assertThat(wide.contains(inner)).isTrue();
        assertThat(inner.contains(wide)).isFalse();
        assertThat(wide.overlaps(inner)).isTrue();
        assertThat(inner.overlaps(wide)).isTrue();
        assertThat(wide.overlaps(neighbour)).isFalse();
        assertThat(wide.overlaps(wide)).isTrue();
        assertThat(Cidr.parse("::/0").overlaps(Cidr.parse("0.0.0.0/0"))).isFalse();
        assertThat(Cidr.parse("2001:db8::/32").overlaps(Cidr.parse("2001:db8:ffff::/48"))).isTrue();
    }

    @Test
    void coversAnAddressWithTheGivenPrefix() {
        assertThat(Cidr.covering(IpAddress.parse("198.51.100.77"), 27)).hasToString("198.51.100.64/27");
        assertThat(Cidr.covering(IpAddress.parse("2001:db8::1"), 0)).hasToString("::/0");
    }
}
