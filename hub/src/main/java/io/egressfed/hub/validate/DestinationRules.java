package io.egressfed.hub.validate;

import io.egressfed.api.v1alpha1.Destinations;
import io.egressfed.hub.net.AddressFormatException;
import io.egressfed.hub.net.Cidr;
import io.egressfed.hub.net.IpFamily;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/** The rules of an intent's destinations: prefixes, exceptions and ports. */
final class DestinationRules {
    private static final int MAX_PORT = 65535;

    private DestinationRules() {
    }

    /**
     * Checks the destinations; their family must be the pool's, because the egress address and the
     * destination are the two ends of one connection.
     */
    static void check(Destinations destinations, Optional<PoolShape> pool, Errors errors) {
        SortedMap<Integer, Cidr> cidrs = checkCidrs(destinations.getCidrsList(), pool, errors);
        List<String> except = destinations.getExceptCidrsList();
        for (int i = 0; i < except.size(); i++) {
            String field = "spec.destinations.exceptCidrs[" + i + "]";
            Optional<Cidr> parsed = parse(except.get(i), field, errors);
            if (parsed.isPresent() && !cidrs.isEmpty() && cidrs.values().stream().noneMatch(c -> c.contains(parsed.get()))) {
                errors.add(field, parsed.get() + " is not inside any of spec.destinations.cidrs");
            }
        }
        List<String> ports = destinations.getPortsList();
        for (int i = 0; i < ports.size(); i++) {
            String field = "spec.destinations.ports[" + i + "]";
            portProblem(ports.get(i)).ifPresent(reason -> errors.add(field, reason));
            int duplicate = ports.subList(0, i).indexOf(ports.get(i));
            if (duplicate >= 0) {
                errors.add(field, "duplicate of spec.destinations.ports[" + duplicate + "]");
            }
        }
    }

    private static SortedMap<Integer, Cidr> checkCidrs(List<String> texts, Optional<PoolShape> pool, Errors errors) {
        SortedMap<Integer, Cidr> cidrs = new TreeMap<>();
        if (texts.isEmpty()) {
            errors.add("spec.destinations.cidrs", "at least one destination CIDR is required (0.0.0.0/0 or ::/0 for all)");
            return cidrs;
        }
        for (int i = 0; i < texts.size(); i++) {
            String field = "spec.destinations.cidrs[" + i + "]";
            Optional<Cidr> parsed = parse(texts.get(i), field, errors);
            if (parsed.isEmpty()) {
                continue;
            }
            Cidr cidr = parsed.get();
            Optional<String> familyProblem = familyProblem(cidr, cidrs, pool);
            familyProblem.ifPresent(reason -> errors.add(field, reason));
            for (Map.Entry<Integer, Cidr> earlier : cidrs.entrySet()) {
                if (earlier.getValue().equals(cidr)) {
                    errors.add(field, "duplicate of spec.destinations.cidrs[" + earlier.getKey() + "]");
                }
            }
            if (familyProblem.isEmpty()) {
                cidrs.put(i, cidr);
            }
        }
        return cidrs;
    }

    private static Optional<String> familyProblem(Cidr cidr, SortedMap<Integer, Cidr> earlier, Optional<PoolShape> pool) {
        if (pool.isPresent() && pool.get().family() != cidr.family()) {
            return Optional.of(cidr.family() + " destination " + cidr + ", but pool \"" + pool.get().name() + "\" is "
                    + pool.get().family() + "; destinations and egress address must be of one family");
        }
        if (pool.isEmpty() && !earlier.isEmpty()) {
            IpFamily family = earlier.get(earlier.firstKey()).family();
            if (family != cidr.family()) {
                return Optional.of(cidr.family() + " destination " + cidr + " in a list whose spec.destinations.cidrs["
                        + earlier.firstKey() + "] is " + family);
            }
        }
        return Optional.empty();
    }

    /** Checks "443" or "8000-8080": decimal ports 1 to 65535 without leading zeros, low end first. */
    static Optional<String> portProblem(String text) {
        String[] ends = text.split("-", -1);
        if (ends.length > 2) {
            return Optional.of("\"" + text + "\" is not a port or port range (\"443\" or \"8000-8080\")");
        }
        int[] values = new int[ends.length];
        for (int i = 0; i < ends.length; i++) {
            Optional<Integer> port = port(ends[i]);
            if (port.isEmpty()) {
                return Optional.of("\"" + text + "\" is not a port or port range (\"443\" or \"8000-8080\")"
                        + " with ports from 1 to " + MAX_PORT);
            }
            values[i] = port.get();
        }
        if (values.length == 2 && values[0] > values[1]) {
            return Optional.of("port range \"" + text + "\" ends before it starts");
        }
        return Optional.empty();
    }

    private static Optional<Integer> port(String text) {
        boolean digits = !text.isEmpty() && text.length() <= 5 && text.chars().allMatch(c -> c >= '0' && c <= '9');
        if (!digits || text.charAt(0) == '0') {
            return Optional.empty();
        }
        int port = Integer.parseInt(text);
        return port <= MAX_PORT ? Optional.of(port) : Optional.empty();
    }

    private static Optional<Cidr> parse(String text, String field, Errors errors) {
        try {
            return Optional.of(Cidr.parse(text));
        } catch (AddressFormatException invalid) {
            errors.add(field, invalid.getMessage());
            return Optional.empty();
        }
    }
}
