package io.egressfed.hub.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IpAddressTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "198.51.100.7          | 198.51.100.7",
            "0.0.0.0               | 0.0.0.0",
            "255.255.255.255       | 255.255.255.255",
            "2001:DB8:0:0:0:0:0:1  | 2001:db8::1",
            "2001:0db8::0001       | 2001:db8::1",
            "::                    | ::",
            "::1                   | ::1",
            "1::                   | 1::",
            "2001:db8:0:1:1:1:1:1  | 2001:db8:0:1:1:1:1:1",
            "2001:0:0:1:0:0:0:1    | 2001:0:0:1::1",
            "2001:db8:0:0:1:0:0:1  | 2001:db8::1:0:0:1",
            "::ffff:192.0.2.1      | ::ffff:192.0.2.1",
            "::FFFF:c000:0201      | ::ffff:192.0.2.1",
            "64:ff9b::192.0.2.33   | 64:ff9b::c000:221",
            "1:2:3:4:5:6:7::       | 1:2:3:4:5:6:7:0",
    })
    void parsesLiteralsToTheirCanonicalForm(String text, String canonical) {
        IpAddress address = IpAddress.parse(text);

        assertThat(address).hasToString(canonical);
        assertThat(IpAddress.parse(canonical)).isEqualTo(address);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "010.0.0.1            | octet \"010\" has a leading zero",
            "1.2.3.256            | octet \"256\" is above 255",
            "1.2.3                | expected 4 dot-separated octets, found 3",
            "1.2.3.4.5            | expected 4 dot-separated octets, found 5",
            "1..3.4               | empty octet",
            "1.2.3.-4             | is not a number from 0 to 255",
            "example.com          | host names are not accepted",
            "localhost            | host names are not accepted",
            "fe80::1%eth0         | zone index",
            "[::1]                | brackets",
            "1::2::3              | \"::\" may appear only once",
            "1:2:3:4:5:6:7:8:9    | more than 8 groups",
            "1:2:3:4:5:6:7        | expected 8 groups",
            "1:2:3:4::5:6:7:8     | at least one group",
            ":1::                 | empty group",
            "12345::              | more than 4 hex digits",
            "g::1                 | is not hexadecimal",
            "::1.2.3.4:5          | embedded IPv4 address may only end",
            "::ffff:01.2.3.4      | leading zero",
            "١.2.3.4              | octet \"١\" is not a number from 0 to 255",
    })
    void rejectsNonLiteralsWithAReason(String text, String reason) {
        assertThatThrownBy(() -> IpAddress.parse(text))
                .isInstanceOf(AddressFormatException.class)
                .hasMessageContaining("\"" + text + "\" is not an IP address")
                .hasMessageContaining(reason);
    }

    @Test
    void rejectsEmptyInput() {
        assertThatThrownBy(() -> IpAddress.parse("")).hasMessageContaining("required");
    }

    @Test
    void keepsIpv4MappedAddressesInTheIpv6Family() {
        IpAddress mapped = IpAddress.parse("::ffff:192.0.2.1");

        assertThat(mapped.family()).isEqualTo(IpFamily.IPV6);
        assertThat(mapped.isIpv4Mapped()).isTrue();
        assertThat(mapped).isNotEqualTo(IpAddress.parse("192.0.2.1"));
        assertThat(IpAddress.parse("::fffe:192.0.2.1").isIpv4Mapped()).isFalse();
    }

    @Test
    void stepsAcrossOctetAndGroupBoundaries() {
        assertThat(IpAddress.parse("198.51.100.255").next()).hasToString("198.51.101.0");
        assertThat(IpAddress.parse("2001:db8::ffff").next()).hasToString("2001:db8::1:0");
        assertThat(IpAddress.parse("2001:db8::").add(BigInteger.ONE.shiftLeft(64))).hasToString("2001:db8:0:1::");
        assertThat(IpAddress.parse("10.0.0.10").add(BigInteger.valueOf(-10))).hasToString("10.0.0.0");
    }

    @Test
    void refusesToStepOutOfTheFamily() {
        assertThatThrownBy(() -> IpAddress.parse("255.255.255.255").next()).isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> IpAddress.parse("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff").next())
                .isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> IpAddress.parse("0.0.0.0").add(BigInteger.valueOf(-1)))
                .isInstanceOf(ArithmeticException.class);
    }

    @Test
    void ordersIpv4BeforeIpv6ThenByValue() {
        assertThat(IpAddress.parse("10.0.0.2")).isGreaterThan(IpAddress.parse("10.0.0.1"));
        assertThat(IpAddress.parse("9.255.255.255")).isLessThan(IpAddress.parse("10.0.0.0"));
        assertThat(IpAddress.parse("255.255.255.255")).isLessThan(IpAddress.parse("::"));
    }

    @Test
    void exposesNetworkByteOrder() {
        assertThat(IpAddress.parse("198.51.100.200").toBytes()).containsExactly(198, 51, 100, 200);
        assertThat(IpAddress.parse("::1").toBytes()).hasSize(16).endsWith(0, 1).startsWith(0, 0);
        assertThat(IpAddress.parse("ff02::1").toBytes()).startsWith((byte) 0xff, (byte) 0x02);
    }
}
