package io.egressfed.e2e.lab.chaos;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Checks a chaos run's history against the failover protocol's invariants (FAILOVER_PROTOCOL.md
 * "Invariant") and the admin API's durability promise. Stateless; every method names each violation it
 * finds, an empty list means the invariant held.
 */
public final class InvariantChecker {

    /** Every invariant, in {@link Invariant} order. */
    public List<Violation> check(ChaosHistory history) {
        List<Violation> violations = new ArrayList<>();
        overlaps(history.holds()).forEach(overlap -> violations.add(overlap.violation(history.originNanos())));
        violations.addAll(doubleAllocations(history.allocations()));
        violations.addAll(lostWrites(history.writes(), history.stored()));
        violations.addAll(convergence(history.intents(), history.clusters()));
        return violations;
    }

    /**
     * (1) The spans during which two or more clusters held one IP. Holds of one cluster on several of
     * its nodes are one holder; an interval's end is exclusive, so a hold that ends at the instant
     * another begins does not overlap it.
     */
    public List<Overlap> overlaps(List<Hold> holds) {
        List<Overlap> overlaps = new ArrayList<>();
        Map<String, List<Hold>> byIp = holds.stream()
                .collect(Collectors.groupingBy(Hold::ip, TreeMap::new, Collectors.toList()));
        for (Map.Entry<String, List<Hold>> ofIp : byIp.entrySet()) {
            record Edge(long at, boolean start, String cluster) {
            }
            List<Edge> edges = new ArrayList<>();
            for (Hold hold : ofIp.getValue()) {
                if (hold.toNanos() > hold.fromNanos()) {
                    edges.add(new Edge(hold.fromNanos(), true, hold.cluster()));
                    edges.add(new Edge(hold.toNanos(), false, hold.cluster()));
                }
            }
            // Ends before starts at one instant: touching holds do not overlap.
            edges.sort(Comparator.comparingLong(Edge::at).thenComparing(Edge::start));
            Map<String, Integer> holding = new HashMap<>();
            Set<String> during = new TreeSet<>();
            long since = 0;
            for (Edge edge : edges) {
                int before = holding.size();
                if (edge.start()) {
                    holding.merge(edge.cluster(), 1, Integer::sum);
                } else {
                    holding.computeIfPresent(edge.cluster(), (cluster, count) -> count == 1 ? null : count - 1);
                }
                int after = holding.size();
                if (before < 2 && after >= 2) {
                    since = edge.at();
                    during = new TreeSet<>(holding.keySet());
                } else if (after >= 2) {
                    during.addAll(holding.keySet());
                } else if (before >= 2) {
                    overlaps.add(new Overlap(ofIp.getKey(), during, since, edge.at() - since));
                }
            }
        }
        overlaps.sort(Comparator.comparingLong(Overlap::startNanos));
        return overlaps;
    }

    /**
     * (2) An address allocated twice: within one read, an owner (intent, or intent and cluster for
     * PerCluster) holding several addresses; across reads, an address whose owner changed. The chaos
     * runner deletes nothing, so an address never legitimately changes owner during a run.
     */
    public List<Violation> doubleAllocations(List<AllocationSnapshot> snapshots) {
        List<Violation> violations = new ArrayList<>();
        Map<String, String> ownerOf = new LinkedHashMap<>();
        Set<String> reported = new TreeSet<>();
        for (AllocationSnapshot snapshot : snapshots) {
            Map<String, Set<String>> ipsOf = new TreeMap<>();
            for (AllocationRecord record : snapshot.records()) {
                ipsOf.computeIfAbsent(record.owner(), owner -> new TreeSet<>()).add(record.ip());
                String earlier = ownerOf.putIfAbsent(record.ip(), record.owner());
                if (earlier != null && !earlier.equals(record.owner())
                        && reported.add(record.ip() + " " + earlier + " " + record.owner())) {
                    violations.add(new Violation(Invariant.SINGLE_ALLOCATION, record.ip() + " allocated to "
                            + earlier + ", later to " + record.owner() + " (nothing was deleted)"));
                }
            }
            ipsOf.forEach((owner, ips) -> {
                if (ips.size() > 1 && reported.add(owner + " " + ips)) {
                    violations.add(new Violation(Invariant.SINGLE_ALLOCATION, owner + " allocated "
                            + ips.size() + " addresses at once: " + String.join(", ", ips)));
                }
            });
        }
        return violations;
    }

    /**
     * (3) Every object the admin API acknowledged a write of is present at the end, holding the last
     * acknowledged write, or a later unacknowledged one (whose answer may have been lost after the
     * commit).
     */
    public List<Violation> lostWrites(List<AdminWrite> writes, List<StoredObject> stored) {
        Map<String, List<AdminWrite>> byObject = writes.stream()
                .collect(Collectors.groupingBy(AdminWrite::object, TreeMap::new, Collectors.toList()));
        Map<String, StoredObject> found = new HashMap<>();
        stored.forEach(object -> found.put(object.object(), object));
        List<Violation> violations = new ArrayList<>();
        for (Map.Entry<String, List<AdminWrite>> entry : byObject.entrySet()) {
            List<AdminWrite> ofObject = entry.getValue();
            int lastAcked = -1;
            for (int i = 0; i < ofObject.size(); i++) {
                if (ofObject.get(i).acknowledged()) {
                    lastAcked = i;
                }
            }
            if (lastAcked < 0) {
                continue;
            }
            String acked = ofObject.get(lastAcked).writeId();
            StoredObject object = found.get(entry.getKey());
            if (object == null) {
                violations.add(new Violation(Invariant.NO_LOST_WRITE, entry.getKey() + " is missing at the end,"
                        + " but write " + acked + " of it was acknowledged"));
                continue;
            }
            Set<String> allowed = new TreeSet<>();
            allowed.add(acked);
            ofObject.subList(lastAcked + 1, ofObject.size()).forEach(later -> allowed.add(later.writeId()));
            Optional<String> holds = object.writeId();
            if (holds.isEmpty() || !allowed.contains(holds.get())) {
                violations.add(new Violation(Invariant.NO_LOST_WRITE, entry.getKey() + " holds "
                        + holds.map(id -> "write " + id).orElse("no write of this run")
                        + " at the end, but the last acknowledged write was " + acked
                        + (allowed.size() > 1 ? " (or a later unacknowledged one)" : "")));
            }
        }
        return violations;
    }

    /**
     * (4) The state after healing: every cluster's agent connected and ACKed the newest config; every
     * ActivePassive intent allocated one address held by exactly one healthy candidate; every PerCluster
     * intent allocated an address per selected cluster, held there.
     */
    public List<Violation> convergence(List<IntentState> intents, List<ClusterState> clusters) {
        List<Violation> violations = new ArrayList<>();
        Map<String, ClusterState> byName = new TreeMap<>();
        clusters.forEach(cluster -> byName.put(cluster.cluster(), cluster));
        for (ClusterState cluster : byName.values()) {
            if (!cluster.connected()) {
                violations.add(notConverged("the agent of " + cluster.cluster() + " is not connected"));
            } else if (cluster.desiredVersion() == 0 || cluster.appliedVersion() != cluster.desiredVersion()) {
                violations.add(notConverged(cluster.cluster() + " ACKed config v" + cluster.appliedVersion()
                        + ", the hub holds v" + cluster.desiredVersion()));
            }
        }
        for (IntentState intent : intents) {
            if (intent.activePassive()) {
                violations.addAll(activePassive(intent, byName));
            } else {
                violations.addAll(perCluster(intent, byName));
            }
        }
        return violations;
    }

    private static List<Violation> activePassive(IntentState intent, Map<String, ClusterState> clusters) {
        List<AllocationRecord> allocations = intent.allocations().stream().filter(a -> a.cluster().isEmpty()).toList();
        if (allocations.size() != 1) {
            return List.of(notConverged("ActivePassive intent " + intent.intent() + " has " + allocations.size()
                    + " allocations, expected 1"));
        }
        String ip = allocations.get(0).ip();
        List<String> holders = clusters.values().stream().filter(c -> c.held().contains(ip))
                .map(ClusterState::cluster).toList();
        if (holders.size() != 1) {
            return List.of(notConverged("ActivePassive intent " + intent.intent() + " (" + ip + ") is held by "
                    + (holders.isEmpty() ? "no cluster" : String.join(" and ", holders)) + ", expected exactly one"));
        }
        ClusterState holder = clusters.get(holders.get(0));
        if (!holder.healthy() || !intent.clusters().contains(holder.cluster())) {
            return List.of(notConverged("ActivePassive intent " + intent.intent() + " (" + ip + ") is held by "
                    + holder.cluster() + ", which is " + (holder.healthy() ? "not a candidate" : "not healthy")));
        }
        return List.of();
    }

    private static List<Violation> perCluster(IntentState intent, Map<String, ClusterState> clusters) {
        List<Violation> violations = new ArrayList<>();
        for (String cluster : new TreeSet<>(intent.clusters())) {
            Optional<AllocationRecord> allocation = intent.allocations().stream()
                    .filter(a -> a.cluster().equals(cluster)).findFirst();
            if (allocation.isEmpty()) {
                violations.add(notConverged("PerCluster intent " + intent.intent() + " has no address in " + cluster));
                continue;
            }
            ClusterState state = clusters.get(cluster);
            if (state == null || !state.held().contains(allocation.get().ip())) {
                violations.add(notConverged("PerCluster intent " + intent.intent() + ": " + cluster
                        + " does not hold " + allocation.get().ip()));
            }
        }
        return violations;
    }

    private static Violation notConverged(String detail) {
        return new Violation(Invariant.CONVERGENCE, detail);
    }
}
