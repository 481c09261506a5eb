/**
 * Values the hub computes with: IP addresses, prefixes and address sets ({@link
 * io.egressfed.hub.net.IpAddress}, {@link io.egressfed.hub.net.Cidr}, {@link io.egressfed.hub.net.IpSet}),
 * and Kubernetes label selectors ({@link io.egressfed.hub.net.Selector}).
 *
 * <p>Parsing is strict and never touches the network: address literals are parsed by hand (no
 * {@code InetAddress.getByName}, which would resolve host names), IPv4 octets with leading zeros are
 * refused (octal or decimal is ambiguous), and prefixes with host bits set are refused with the
 * prefix the user probably meant. Every failure carries a user-facing reason. Address arithmetic
 * uses {@link java.math.BigInteger} and sets are held as ranges, so a /64 IPv6 pool is as cheap as a
 * /30.
 */
package io.egressfed.hub.net;
