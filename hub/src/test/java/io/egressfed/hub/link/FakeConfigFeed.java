package io.egressfed.hub.link;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;

/** A {@link ConfigFeed} the test writes to directly; notifications run on the writer's thread. */
final class FakeConfigFeed implements ConfigFeed {

    private final Map<String, DesiredConfig> latest = new ConcurrentHashMap<>();
    private final Map<String, Set<Runnable>> subscribers = new ConcurrentHashMap<>();

    void put(DesiredConfig config) {
        latest.put(config.cluster(), config);
        subscribers.getOrDefault(config.cluster(), Set.of()).forEach(Runnable::run);
    }

    int subscriberCount(String cluster) {
        return subscribers.getOrDefault(cluster, Set.of()).size();
    }

    @Override
    public Optional<DesiredConfig> current(String cluster) {
        return Optional.ofNullable(latest.get(cluster));
    }

    @Override
    public Subscription subscribe(String cluster, Runnable onChange) {
        Runnable registration = onChange::run;
        subscribers.computeIfAbsent(cluster, name -> new CopyOnWriteArraySet<>()).add(registration);
        return () -> subscribers.get(cluster).remove(registration);
    }
}
