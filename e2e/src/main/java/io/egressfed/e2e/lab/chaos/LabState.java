package io.egressfed.e2e.lab.chaos;

import io.egressfed.api.manifest.Manifest;
import io.egressfed.api.manifest.ManifestCodec;
import io.egressfed.api.v1alpha1.MemberCluster;
import io.egressfed.api.v1alpha1.ObjectMeta;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/** Reads the state a chaos run checks, through the admin API, etcd and the hold journals. */
final class LabState {

    private final AdminApi admin;
    private final EtcdAllocations allocations;
    private final Supplier<HoldJournals> journals;
    private final ChaosScenario scenario;
    private final ManifestCodec codec = ManifestCodec.create();

    /**
     * @param journals the journals of the clusters started so far
     */
    LabState(AdminApi admin, EtcdAllocations allocations, Supplier<HoldJournals> journals, ChaosScenario scenario) {
        this.admin = admin;
        this.allocations = allocations;
        this.journals = journals;
        this.scenario = scenario;
    }

    /** The intents of the scenario with their allocations, and every cluster (all healed: healthy). */
    CompletableFuture<Convergence> convergence() {
        return allocations.read().thenCombine(list("clusters"), (snapshot, objects) -> {
            List<IntentState> intents = scenario.intents().stream()
                    .map(spec -> new IntentState(spec.name(), spec.activePassive(), spec.clusters(),
                            snapshot.records().stream().filter(r -> r.intent().equals(spec.name())).toList()))
                    .toList();
            List<ClusterState> clusters = new ArrayList<>();
            HoldJournals held = journals.get();
            for (String name : scenario.clusterNames()) {
                Optional<MemberCluster> found = objects.stream().map(Manifest::object)
                        .filter(MemberCluster.class::isInstance).map(MemberCluster.class::cast)
                        .filter(c -> c.getMetadata().getName().equals(name)).findFirst();
                clusters.add(new ClusterState(name, true, found.map(c -> c.getStatus().getConnected()).orElse(false),
                        found.map(c -> c.getStatus().getDesiredVersion()).orElse(0L),
                        found.map(c -> c.getStatus().getAppliedVersion()).orElse(0L), held.heldNow(name)));
            }
            return new Convergence(snapshot, intents, clusters);
        });
    }

    /**
     * One look at the lab after healing.
     *
     * @param snapshot the allocations read
     * @param intents  the intents and their allocations
     * @param clusters the clusters
     */
    record Convergence(AllocationSnapshot snapshot, List<IntentState> intents, List<ClusterState> clusters) {
    }

    /** Every object of the scenario as the admin API returns it, with the write id it carries. */
    CompletableFuture<List<StoredObject>> stored() {
        List<CompletableFuture<List<StoredObject>>> kinds = List.of("pools", "clusters", "intents").stream()
                .map(kind -> list(kind).thenApply(objects -> objects.stream()
                        .map(manifest -> new StoredObject(kind, manifest.name(),
                                Optional.ofNullable(metadata(manifest).getAnnotationsMap()
                                        .get(ChaosScenario.WRITE_ANNOTATION))))
                        .toList()))
                .toList();
        return CompletableFuture.allOf(kinds.toArray(CompletableFuture[]::new))
                .thenApply(done -> kinds.stream().flatMap(kind -> kind.join().stream()).toList());
    }

    private CompletableFuture<List<Manifest>> list(String kind) {
        return admin.get(kind).thenApply(response -> {
            if (!response.ok()) {
                throw new IllegalStateException("GET " + kind + ": HTTP " + response.status() + " " + response.body());
            }
            return codec.decode(response.body(), "GET " + kind);
        });
    }

    private static ObjectMeta metadata(Manifest manifest) {
        return (ObjectMeta) manifest.object().getField(manifest.object().getDescriptorForType()
                .findFieldByName("metadata"));
    }

    /** Writes one object through the admin API; completes with whether it was acknowledged. */
    CompletableFuture<Boolean> apply(String kind, String name, String yaml) {
        String json;
        try {
            json = codec.toJson(codec.decode(yaml, kind + "/" + name).get(0).object());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return admin.put(kind + "/" + name, json).handle((response, failure) -> failure == null && response.ok());
    }
}
