package io.egressfed.hub.ipam;

import io.egressfed.api.v1alpha1.Allocation;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of {@link Allocator#reconcile}.
 *
 * @param intent the intent's name
 * @param outcome whether the intent has every address it wants
 * @param allocations the intent's allocations after the reconcile, by cluster then address
 * @param problems why addresses are missing; empty exactly when {@code outcome} is ALLOCATED
 */
public record AllocationResult(String intent, Outcome outcome, List<Allocation> allocations,
                               List<AllocationProblem> problems) {

    /** How a reconcile ended. */
    public enum Outcome {
        /** The intent holds every address it wants. */
        ALLOCATED,
        /** Some or all addresses are missing; see the problems. Allocations may be partial. */
        FAILED,
        /** The intent does not exist; nothing was done. */
        INTENT_ABSENT
    }

    /**
     * Validates and copies.
     *
     * @throws IllegalArgumentException when the problems do not match the outcome
     */
    public AllocationResult {
        Objects.requireNonNull(intent, "intent");
        Objects.requireNonNull(outcome, "outcome");
        allocations = List.copyOf(allocations);
        problems = List.copyOf(problems);
        if ((outcome == Outcome.FAILED) == problems.isEmpty()) {
            throw new IllegalArgumentException("outcome " + outcome + " with " + problems.size() + " problems");
        }
    }

    /**
     * A successful reconcile.
     *
     * @param intent the intent's name
     * @param allocations its allocations
     * @return the result
     */
    public static AllocationResult allocated(String intent, List<Allocation> allocations) {
        return new AllocationResult(intent, Outcome.ALLOCATED, allocations, List.of());
    }

    /**
     * A reconcile that left addresses missing.
     *
     * @param intent the intent's name
     * @param allocations what it holds anyway
     * @param problems why the rest is missing (at least one)
     * @return the result
     */
    public static AllocationResult failed(String intent, List<Allocation> allocations, List<AllocationProblem> problems) {
        return new AllocationResult(intent, Outcome.FAILED, allocations, problems);
    }

    /**
     * A reconcile of an intent that does not exist.
     *
     * @param intent the name asked about
     * @return the result
     */
    public static AllocationResult intentAbsent(String intent) {
        return new AllocationResult(intent, Outcome.INTENT_ABSENT, List.of(), List.of());
    }

    /**
     * Tells whether the intent holds every address it wants.
     *
     * @return true for ALLOCATED
     */
    public boolean isAllocated() {
        return outcome == Outcome.ALLOCATED;
    }

    /**
     * The first problem, the one the {@code Allocated} condition names.
     *
     * @return the problem, empty when allocated
     */
    public Optional<AllocationProblem> firstProblem() {
        return problems.stream().findFirst();
    }
}
