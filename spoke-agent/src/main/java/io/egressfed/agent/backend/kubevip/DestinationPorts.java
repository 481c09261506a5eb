package io.egressfed.agent.backend.kubevip;

import java.util.ArrayList;
import java.util.List;

/**
 * Translates the config's destination ports ("443", "8000-8080") into kube-vip's
 * {@code kube-vip.io/egress-destination-ports} value.
 *
 * <p>kube-vip reads a comma-separated list of {@code protocol:port}; with a protocol it uses it,
 * without one it assumes TCP. The config's ports name no protocol, so each port is written for both
 * TCP and UDP (e.g. QUIC on 443 leaves with the egress address too). kube-vip splits each entry on
 * {@code ':'} and keeps a single port, so a range cannot be expressed and is refused rather than
 * silently narrowed to its first port.
 */
public final class DestinationPorts {

    private DestinationPorts() {
    }

    /**
     * The annotation value for the given ports.
     *
     * @param ports the config's ports, already syntax-checked
     * @return e.g. {@code "tcp:443,udp:443"}; "" for no ports
     * @throws IllegalArgumentException naming the first port kube-vip cannot express
     */
    public static String annotationValue(List<String> ports) {
        List<String> entries = new ArrayList<>();
        for (String port : ports) {
            String single = single(port);
            entries.add("tcp:" + single);
            entries.add("udp:" + single);
        }
        return String.join(",", entries);
    }

    private static String single(String port) {
        int dash = port.indexOf('-');
        if (dash < 0) {
            return port;
        }
        String low = port.substring(0, dash);
        String high = port.substring(dash + 1);
        if (low.equals(high)) {
            return low;
        }
        throw new IllegalArgumentException("kube-vip's " + KubeVipAnnotations.EGRESS_DESTINATION_PORTS
                + " takes single ports (protocol:port), the port range " + port + " cannot be expressed");
    }
}
