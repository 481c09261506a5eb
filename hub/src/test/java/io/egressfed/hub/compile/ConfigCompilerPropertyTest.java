package io.egressfed.hub.compile;

import static org.assertj.core.api.Assertions.assertThat;

import io.egressfed.api.v1alpha1.ClusterConfig;
import io.egressfed.api.v1alpha1.Condition;
import io.egressfed.api.v1alpha1.EgressIntent;
import io.egressfed.api.v1alpha1.EgressIntentSpec;
import io.egressfed.api.v1alpha1.EgressIntentStatus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Properties of the compiler over random inputs. Each iteration has its own seed, named in every
 * failure, so a failing case can be replayed alone.
 */
class ConfigCompilerPropertyTest {

    private static final long BASE_SEED = 0x5eed_c0_de_2026L;
    private static final int ITERATIONS = 200;

    private final ConfigCompiler compiler = new ConfigCompiler();

    private static Map<String, byte[]> canonical(CompileResult result) {
        Map<String, byte[]> bytes = new HashMap<>();
        result.configs().forEach((cluster, config) -> bytes.put(cluster, ConfigBytes.canonicalBytes(config)));
        return bytes;
    }

    private static void assertSameBytes(CompileResult expected, CompileResult actual, long seed) {
        assertThat(actual.configs().keySet()).as("seed %d", seed).isEqualTo(expected.configs().keySet());
        Map<String, byte[]> expectedBytes = canonical(expected);
        canonical(actual).forEach((cluster, bytes) ->
                assertThat(bytes).as("seed %d cluster %s", seed, cluster).isEqualTo(expectedBytes.get(cluster)));
        assertThat(actual.warnings()).as("seed %d", seed).isEqualTo(expected.warnings());
    }

    @Test
    void compilingTwiceGivesIdenticalBytes() {
        for (int i = 0; i < ITERATIONS; i++) {
            long seed = BASE_SEED + i;
            RandomWorld world = RandomWorld.generate(new Random(seed));

            assertSameBytes(compiler.compile(world.input()), compiler.compile(world.input()), seed);
        }
    }

    @Test
    void inputOrderAndLabelInsertionOrderDoNotChangeTheBytes() {
        for (int i = 0; i < ITERATIONS; i++) {
            long seed = BASE_SEED + i;
            Random random = new Random(seed);
            RandomWorld world = RandomWorld.generate(random);
            CompileResult original = compiler.compile(world.input());

            for (int shuffle = 0; shuffle < 3; shuffle++) {
                assertSameBytes(original, compiler.compile(world.reordered(random)), seed);
            }
        }
    }

    @Test
    void eachIntentIsPlacedExactlyWhereItsAllocationsAndDecisionSay() {
        for (int i = 0; i < ITERATIONS; i++) {
            long seed = BASE_SEED + i;
            RandomWorld world = RandomWorld.generate(new Random(seed));
            CompileResult result = compiler.compile(world.input());

            world.placedOn().forEach((intent, clusters) ->
                    assertThat(clustersHolding(result, intent)).as("seed %d intent %s", seed, intent)
                            .isEqualTo(clusters));
        }
    }

    @Test
    void changingOneIntentChangesOnlyTheConfigsOfTheClustersItPlacesOn() {
        List<UnaryOperator<EgressIntent>> changes = List.of(
                intent -> edit(intent, spec -> spec.getDestinationsBuilder().addCidrs("233.252.0.0/24")),
                intent -> edit(intent, spec -> spec.getDestinationsBuilder().addExceptCidrs("203.0.113.77/32")),
                intent -> edit(intent, spec -> spec.getDestinationsBuilder().addPorts("9999")),
                intent -> edit(intent, spec -> spec.getWorkloadsBuilder().getPodSelectorBuilder()
                        .putMatchLabels("app", "changed")),
                intent -> edit(intent, spec -> spec.getWorkloadsBuilder().getNamespaceSelectorBuilder()
                        .putMatchLabels("new-key", "x")));
        int placedChanges = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            long seed = BASE_SEED + i;
            Random random = new Random(seed);
            RandomWorld world = RandomWorld.generate(random);
            List<EgressIntent> intents = world.input().intents();
            if (intents.isEmpty()) {
                continue;
            }
            int victim = random.nextInt(intents.size());
            String name = intents.get(victim).getMetadata().getName();
            List<EgressIntent> changed = new ArrayList<>(intents);
            changed.set(victim, changes.get(random.nextInt(changes.size())).apply(intents.get(victim)));

            Map<String, byte[]> before = canonical(compiler.compile(world.input()));
            Map<String, byte[]> after = canonical(compiler.compile(world.input().toBuilder().intents(changed).build()));

            Set<String> changedClusters = new TreeSet<>();
            before.forEach((cluster, bytes) -> {
                if (!Arrays.equals(bytes, after.get(cluster))) {
                    changedClusters.add(cluster);
                }
            });
            assertThat(after.keySet()).as("seed %d", seed).isEqualTo(before.keySet());
            assertThat(changedClusters).as("seed %d intent %s", seed, name).isEqualTo(world.placedOn().get(name));
            placedChanges += changedClusters.isEmpty() ? 0 : 1;
        }
        // The property says little unless many changed intents were actually placed somewhere.
        assertThat(placedChanges).isGreaterThan(ITERATIONS / 3);
    }

    @Test
    void changingOnlyAnIntentsStatusChangesNoConfig() {
        for (int i = 0; i < ITERATIONS; i++) {
            long seed = BASE_SEED + i;
            RandomWorld world = RandomWorld.generate(new Random(seed));
            List<EgressIntent> withStatus = world.input().intents().stream()
                    .map(intent -> intent.toBuilder()
                            .setStatus(EgressIntentStatus.newBuilder()
                                    .setObservedGeneration(9)
                                    .addConditions(Condition.newBuilder().setType("Ready").setStatus("False")))
                            .build())
                    .toList();

            assertSameBytes(compiler.compile(world.input()),
                    compiler.compile(world.input().toBuilder().intents(withStatus).build()), seed);
        }
    }

    private static Set<String> clustersHolding(CompileResult result, String intent) {
        Set<String> clusters = new TreeSet<>();
        result.configs().forEach((cluster, config) -> {
            if (holds(config, intent)) {
                clusters.add(cluster);
            }
        });
        return clusters;
    }

    private static boolean holds(ClusterConfig config, String intent) {
        return config.getAssignmentsList().stream().anyMatch(assignment -> assignment.getIntent().equals(intent));
    }

    private static EgressIntent edit(
            EgressIntent intent, Consumer<EgressIntentSpec.Builder> edit) {
        EgressIntent.Builder builder = intent.toBuilder();
        edit.accept(builder.getSpecBuilder());
        return builder.build();
    }
}
